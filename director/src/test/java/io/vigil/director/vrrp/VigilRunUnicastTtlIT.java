package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Keepalived;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code unicast_ttl} and the unicast peers' TTL ranges against a real keepalived: both send their
 * unicast adverts with TTL 64, as across a routed hop. Vigil, the lower priority, hears
 * keepalived's adverts (a unicast peer's are accepted with any TTL unless {@code min_ttl} / {@code
 * max_ttl} say otherwise, as in keepalived) and stays backup; when keepalived stops, Vigil's own
 * adverts go out with TTL 64. Needs root and keepalived, like the other lab tests.
 */
class VigilRunUnicastTtlIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static final String VIP = "192.0.2.50";

  /** tcpdump -v: the IP header's line, then the VRRP line, from {@code from} to {@code to}. */
  static Pattern advert(String from, String to, int ttl) {
    return Pattern.compile(
        "ttl "
            + ttl
            + ",[^\\n]*proto VRRP[^\\n]*\\n\\s*"
            + Pattern.quote(from)
            + " > "
            + Pattern.quote(to)
            + ": VRRPv2, Advertisement");
  }

  @Test
  void unicastAdvertsGoOutWithUnicastTtlAndKeepalivedsAreHeardWithIt() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil, 192.0.2.1
    Netns b = lan.b(); // keepalived, 192.0.2.2
    NsProcess tcpdump = a.start("tcpdump", "-l", "-n", "-v", "-i", "eth0", "ip proto 112");
    tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));

    String ka =
        """
        global_defs {
          router_id ka_ttl
        }
        vrrp_instance VI_1 {
          interface eth0
          state BACKUP
          virtual_router_id 61
          priority 200
          advert_int 1
          unicast_src_ip 192.0.2.2
          unicast_ttl 64
          unicast_peer {
            192.0.2.1
          }
          virtual_ipaddress {
            %s/24
          }
        }
        """
            .formatted(VIP);
    Path kc = Files.writeString(dir.resolve("keepalived.conf"), ka);
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(Pattern.compile("Entering MASTER STATE"), Duration.ofSeconds(20));
    tcpdump.awaitOutput(advert("192.0.2.2", "192.0.2.1", 64), Duration.ofSeconds(5));

    String vigil =
        """
        vrrp_instance VI_1 {
          interface eth0
          state BACKUP
          virtual_router_id 61
          priority 100
          advert_int 1
          unicast_ttl 64
          unicast_peer {
            192.0.2.2 min_ttl 64 max_ttl 64
          }
          virtual_ipaddress {
            %s/24
          }
        }
        """
            .formatted(VIP);
    Path vc = Files.writeString(dir.resolve("vigil.conf"), vigil);
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(30));
    // the down interval is 3 s + skew (0.6 s): past it, a Vigil that dropped keepalived's adverts
    // for their TTL would be master
    Thread.sleep(5_000);
    assertThat(v.output())
        .as("Vigil hears keepalived's TTL-64 adverts and stays backup")
        .doesNotContain("INSTANCE VI_1: MASTER");
    assertThat(a.sh("ip -4 addr show dev eth0")).doesNotContain(VIP + "/");

    keepalived.signal("TERM"); // priority 0: Vigil takes over after its skew
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(10));
    tcpdump.awaitOutput(advert("192.0.2.1", "192.0.2.2", 64), Duration.ofSeconds(5));
    assertThat(tcpdump.output())
        .as("no advert of Vigil's with another TTL")
        .doesNotContainPattern(
            Pattern.compile("ttl (?!64,)[0-9]+,[^\\n]*proto VRRP[^\\n]*\\n\\s*192\\.0\\.2\\.1 > "));
    System.out.println(
        "unicast_ttl 64: Vigil stayed backup under keepalived's TTL-64 adverts, then sent its own"
            + " with TTL 64");
    tcpdump.close();
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
  }
}
