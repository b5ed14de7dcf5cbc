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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code auth_type AH} between {@code vigil run} and keepalived 2.2.7, each in its namespace on one
 * bridge, one instance of the same VRID and password: keepalived (priority 200) becomes master and
 * Vigil (100) stays backup, hearing its signed adverts; keepalived's process group killed (a dead
 * director), Vigil takes the VIP and signs its own adverts, continuing keepalived's sequence
 * numbers; keepalived started again accepts them (its log: a lower priority advert from Vigil, no
 * AH complaint), takes over after its down interval, and Vigil goes back to backup: the sequence
 * numbers, ICVs and SPIs each accepts from the other are right. A Vigil with another password never
 * hears the master and says why in {@code /metrics}.
 */
class VigilRunAuthAhIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static final String VIP = "192.0.2.100";
  static final int STATUS_PORT = 9192;

  static String instance(String name, int priority, String password) {
    return instance(name, priority, password, "");
  }

  /** {@code unicast}: the instance's unicast_src_ip / unicast_peer lines, or "" (multicast). */
  static String instance(String name, int priority, String password, String unicast) {
    return """
        vrrp_instance %s {
          state BACKUP
          interface eth0
          virtual_router_id 51
          priority %d
          advert_int 1
          authentication {
            auth_type AH
            auth_pass %s
          }
          %s
          virtual_ipaddress {
            %s/24
          }
        }
        """
        .formatted(name, priority, password, unicast, VIP);
  }

  /** Unicast from {@code self} to {@code peer}: the TTL is left out of the ICV. */
  static String unicast(String self, String peer) {
    return "unicast_src_ip " + self + "\n  unicast_peer {\n    " + peer + "\n  }";
  }

  static String[] vigil(Path conf) {
    return VigilJvm.argv(
        "run", "--vrrp-only", "-f", conf.toString(), "--status-port", "" + STATUS_PORT);
  }

  static boolean holdsVip(Netns ns) {
    return ns.sh("ip -o -4 addr show dev eth0").contains(" " + VIP + "/24");
  }

  @ParameterizedTest(name = "[{index}] unicast {0}")
  @ValueSource(booleans = {false, true})
  void vigilAndKeepalivedElectFailOverAndHandBackWithAuthenticationHeaders(boolean unicast)
      throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    String kUnicast = unicast ? unicast("192.0.2.2", "192.0.2.1") : "";
    String vUnicast = unicast ? unicast("192.0.2.1", "192.0.2.2") : "";
    Path kconf =
        Files.writeString(dir.resolve("k.conf"), instance("K_1", 200, "ah-pass1", kUnicast));
    Files.createDirectories(dir.resolve("k"));
    Path vconf =
        Files.writeString(dir.resolve("v.conf"), instance("VI_1", 100, "ah-pass1", vUnicast));
    NsProcess keep = Keepalived.vrrp(lan.b(), kconf, dir.resolve("k"));
    NsProcess vigil = lan.a().start(vigil(vconf));

    keep.awaitOutput(Pattern.compile("\\(K_1\\) Entering MASTER STATE"), Duration.ofSeconds(20));
    vigil.awaitOutput(Pattern.compile("vrrp_instance VI_1 started"), Duration.ofSeconds(30));
    // heard the master's signed adverts: backup, and for longer than its down interval
    Thread.sleep(5_000);
    assertThat(vigil.count("INSTANCE VI_1: MASTER")).as(vigil.output()).isZero();
    assertThat(holdsVip(lan.a())).isFalse();
    assertThat(holdsVip(lan.b())).isTrue();
    String metrics = lan.a().sh("curl -s http://127.0.0.1:" + STATUS_PORT + "/metrics");
    assertThat(metrics)
        .containsPattern("vigil_vrrp_adverts_received_total\\{instance=\"VI_1\"} [1-9]");
    assertThat(metrics).doesNotContainPattern("reason=\"auth_data\"[^\\n]* [1-9]");

    keep.killTree(); // a dead director: no priority 0 advert
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(8));
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!holdsVip(lan.a()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(holdsVip(lan.a())).isTrue();
    assertThat(lan.client().exec("ping", "-c1", "-W2", VIP).exitCode()).isZero();
    lan.b().sh("ip addr del " + VIP + "/24 dev eth0 || true"); // the killed one left it behind

    // keepalived again, its sequence from 0: it accepts Vigil's numbers, ICV and SPI, preempts
    Thread.sleep(2_000);
    NsProcess again = Keepalived.vrrp(lan.b(), kconf, dir.resolve("k"));
    again.awaitOutput(Pattern.compile("\\(K_1\\) Entering MASTER STATE"), Duration.ofSeconds(20));
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(5));
    assertThat(again.output())
        .contains("(K_1) received lower priority (100) advert from 192.0.2.1 - discarding")
        .doesNotContain("IPSEC")
        .doesNotContain("invalid");
    Thread.sleep(4_000);
    assertThat(vigil.count("INSTANCE VI_1: MASTER")).as(vigil.output()).isEqualTo(1);
    assertThat(holdsVip(lan.a())).isFalse();
    assertThat(holdsVip(lan.b())).isTrue();
    again.killTree();
    vigil.signal("TERM");
    assertThat(vigil.waitFor(Duration.ofSeconds(15))).isZero();
  }

  @Test
  void anotherPasswordIsNeverHeardAndTheDropsSayWhy() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Path kconf = Files.writeString(dir.resolve("k.conf"), instance("K_1", 200, "right"));
    Files.createDirectories(dir.resolve("k"));
    Path vconf = Files.writeString(dir.resolve("v.conf"), instance("VI_1", 100, "wrong"));
    NsProcess keep = Keepalived.vrrp(lan.b(), kconf, dir.resolve("k"));
    NsProcess vigil = lan.a().start(vigil(vconf));
    keep.awaitOutput(Pattern.compile("\\(K_1\\) Entering MASTER STATE"), Duration.ofSeconds(20));
    // it hears nothing it can trust: master after its down interval, beside keepalived
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    keep.awaitOutput(Pattern.compile("IPSEC"), Duration.ofSeconds(10)); // keepalived drops ours
    String metrics = lan.a().sh("curl -s http://127.0.0.1:" + STATUS_PORT + "/metrics");
    assertThat(metrics).containsPattern("reason=\"auth_data\"[^\\n]* [1-9]");
    keep.killTree();
    vigil.signal("TERM");
    assertThat(vigil.waitFor(Duration.ofSeconds(15))).isZero();
  }
}
