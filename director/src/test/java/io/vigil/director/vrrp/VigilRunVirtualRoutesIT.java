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
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code virtual_routes} and {@code virtual_rules} against keepalived: keepalived, master alone in
 * its namespace, shows what the kernel should hold (the golden side); then Vigil, backup beside it,
 * holds none of them, takes them when keepalived stops and it becomes master (the same lines in
 * {@code ip route} and {@code ip rule} as keepalived's), and drops them when keepalived comes back
 * and preempts; while master, a tracked route or rule deleted behind its back is put back. Needs
 * root and keepalived, like the other lab tests.
 */
class VigilRunVirtualRoutesIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static String config(int priority) {
    return """
        vrrp_instance VI_1 {
          interface eth0
          state BACKUP
          virtual_router_id 71
          priority %d
          advert_int 1
          virtual_ipaddress {
            192.0.2.100/24
          }
          virtual_routes {
            198.51.100.0/24 via 192.0.2.254 dev eth0
            src 192.0.2.100 to 203.0.113.0/24 via 192.0.2.254 dev eth0 table 100
            blackhole 198.51.101.0/24 no_track
          }
          virtual_rules {
            from 192.0.2.100 table 100 priority 100
            to 198.51.102.0/24 table 100 priority 101
          }
        }
        """
        .formatted(priority);
  }

  /** The routes and rules of the test, as ip prints them, in its order. */
  static List<String> held(Netns ns) {
    List<String> routes =
        ns.sh("ip route show table all")
            .lines()
            .filter(l -> l.contains("198.51.10") || l.contains("203.0.113."))
            .toList();
    List<String> rules =
        ns.sh("ip rule show")
            .lines()
            .filter(l -> l.startsWith("100:") || l.startsWith("101:"))
            .toList();
    return java.util.stream.Stream.concat(routes.stream(), rules.stream()).toList();
  }

  private static void await(BooleanSupplier cond, String what, NsProcess p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " did not happen; output:\n" + p.output());
      }
      Thread.sleep(100);
    }
  }

  @Test
  void heldWhileMasterAsKeepalivedHoldsThem() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil
    Netns b = lan.b(); // keepalived
    Path kc = Files.writeString(dir.resolve("keepalived.conf"), config(200));
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(Pattern.compile("Entering MASTER STATE"), Duration.ofSeconds(20));
    await(() -> held(b).size() == 5, "keepalived's routes and rules", keepalived);
    List<String> golden = held(b);
    System.out.println("keepalived holds: " + golden);

    Path vc = Files.writeString(dir.resolve("vigil.conf"), config(100));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(30));
    assertThat(held(a)).as("a backup holds none").isEmpty();

    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(10));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(10));
    await(() -> held(a).size() == golden.size(), "Vigil's routes and rules", v);
    assertThat(held(a)).as(v.output()).isEqualTo(golden);

    // deleted behind its back while master: the tracked route and rule are put back at once (no
    // failover, where keepalived 2.2.7 goes backup), the no_track one stays deleted
    a.sh("ip route del 198.51.100.0/24");
    a.sh("ip rule del priority 101");
    a.sh("ip route del blackhole 198.51.101.0/24");
    List<String> tracked = golden.stream().filter(l -> !l.startsWith("blackhole")).toList();
    assertThat(tracked).hasSize(golden.size() - 1);
    await(
        () -> new java.util.HashSet<>(held(a)).equals(new java.util.HashSet<>(tracked)),
        "the tracked route and rule put back",
        v);
    assertThat(v.output()).contains("was deleted behind our back: added again");

    NsProcess again = Keepalived.vrrp(b, kc, dir);
    again.awaitOutput(Pattern.compile("Entering MASTER STATE"), Duration.ofSeconds(20));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(10));
    await(() -> held(a).isEmpty(), "Vigil dropping its routes and rules", v);
    assertThat(v.output()).contains("vrrp_instance VI_1 virtual_routes '198.51.100.0/24");

    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    again.signal("TERM");
    again.waitFor(Duration.ofSeconds(10));
  }
}
