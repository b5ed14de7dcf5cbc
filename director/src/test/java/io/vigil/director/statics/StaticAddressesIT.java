package io.vigil.director.statics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Bridge;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil run} adds the configuration's {@code static_ipaddress} over rtnetlink in a namespace
 * (with label, scope and broadcast, as {@code ip addr} shows them), brings them in step on SIGHUP,
 * and leaves them in place at SIGTERM.
 */
class StaticAddressesIT {
  @RegisterExtension final NetLab lab = new NetLab();

  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void addedAtStartInStepOnReloadAndLeftAtStop() throws Exception {
    Bridge lan = lab.bridge("lan");
    Netns ns = lab.netns("st").attach(lan, "eth0", "192.0.2.1/24");
    ns.sh("ip addr add 198.51.100.7/24 dev eth0"); // already there: left alone, no EEXIST
    // (a second address of a subnet must have the scope of the first: the kernel says EINVAL)
    Path conf = Files.createTempFile("vigil-static", ".conf");
    Files.writeString(
        conf,
        """
        static_ipaddress {
          203.0.113.5/24 dev eth0 brd 203.0.113.255 scope site label eth0:st
          2001:db8::5/64 dev eth0 -nodad
          198.51.100.7/24 dev eth0
        }
        """);
    NsProcess vigil =
        ns.start(VigilJvm.argv("run", "--vrrp-only", "--status-port", "0", "-f", conf.toString()));
    vigil.awaitOutput(Pattern.compile("vigil running"), WAIT);
    String v4 = ns.sh("ip -o -4 addr show dev eth0");
    assertThat(v4)
        .as(vigil.output())
        .contains("inet 203.0.113.5/24 brd 203.0.113.255 scope site eth0:st")
        .contains("inet 198.51.100.7/24");
    assertThat(ns.sh("ip -o -6 addr show dev eth0")).contains("inet6 2001:db8::5/64 scope global");
    assertThat(vigil.output()).doesNotContain("not added");

    Files.writeString(
        conf,
        """
        static_ipaddress {
          203.0.113.5/24 dev eth0 brd 203.0.113.255 scope site label eth0:st
          192.0.2.9/24 dev eth0
        }
        """);
    vigil.signal("HUP");
    vigil.awaitOutput(Pattern.compile("reloaded:"), WAIT);
    v4 = ns.sh("ip -o -4 addr show dev eth0");
    assertThat(v4).contains("inet 203.0.113.5/24").contains("inet 192.0.2.9/24");
    assertThat(v4).doesNotContain("198.51.100.7");
    assertThat(ns.sh("ip -o -6 addr show dev eth0")).doesNotContain("2001:db8::5");

    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
    assertThat(ns.sh("ip -o -4 addr show dev eth0"))
        .contains("inet 203.0.113.5/24")
        .contains("inet 192.0.2.9/24");
  }
}
