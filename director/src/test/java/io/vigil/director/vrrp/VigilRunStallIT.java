package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.CpuStall;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The machine stalls of the soak (~110 ms in which neither director of a pair ran), made on purpose
 * and scaled up ten times: a {@code vigil run --vrrp-only} pair in two namespaces, VRRPv3 with 100
 * ms adverts (the backup's down interval 361 ms), and ten times a SCHED_FIFO 99 busy loop on every
 * CPU for 550 ms ({@link CpuStall}: the CPUs taken together). Nothing else runs meanwhile, but the
 * kernel does, so when the loops end both daemons find their timers long due and the scheduler
 * picks which runs first. The backup's timer comes 189 to 289 ms late, more than one of the
 * master's intervals: it waits as long as it was late for the master's own late advert instead of
 * taking over and being turned back (`benchmarks/stall.sh`, at 10 ms adverts: before any wait, 12
 * and 16 transitions in 20 stalls; keepalived 10 to 20). Asserted: no transition at all, and the
 * backup's {@code vigil_vrrp_stall_waits_total} shows it waited (it cannot pass without a stall).
 *
 * <p>Why not the soak's own scale (10 ms adverts, 36 ms down interval, 110 ms stalls): this test
 * then failed in 6 of 13 runs alone beside the lab VM's load (bin/test's other half), and the
 * daemons' debug lines showed each time a pause of the master alone, between two stalls, longer
 * than the backup's down interval: the daemon JVM's young collections (G1, 38 and 40 ms, its
 * workers sharing the CPUs with the VM's), and waits that returned 25 ms late with no collection at
 * all, both even with the VRRP thread at SCHED_RR 50. The backup was right to take over then; a
 * test of shared stalls must not turn on them. At this scale a master alone has to stop for more
 * than 261 ms.
 */
class VigilRunStallIT {
  @RegisterExtension final NetLab lab = new NetLab();

  static final int STALLS = 10;
  static final int STALL_MS = 550;
  static final Pattern STATE = Pattern.compile("INSTANCE VI_1: (MASTER|BACKUP|FAULT)");
  static final Pattern STALL_WAITS =
      Pattern.compile("vigil_vrrp_stall_waits_total\\{instance=\"VI_1\"} (\\d+)");

  @TempDir Path dir;

  NsProcess vigil(Netns ns, String name, int priority) throws IOException {
    String conf =
        """
        vrrp_instance VI_1 {
          state BACKUP
          interface eth0
          version 3
          virtual_router_id 51
          priority %d
          advert_int 0.1
          virtual_ipaddress {
            192.0.2.100/24
          }
        }
        """
            .formatted(priority);
    Path c = Files.writeString(dir.resolve(name + ".conf"), conf);
    // --debug: each late timer says what it did, in the failure message
    return ns.start(VigilJvm.argv("run", "--vrrp-only", "--debug", "-f", c.toString()));
  }

  @Test
  void aPairStalledTogetherMakesNoTransition() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a();
    Netns b = lan.b();
    NsProcess high = vigil(a, "high", 200);
    high.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    NsProcess low = vigil(b, "low", 100);
    low.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(30));
    Thread.sleep(2_000); // both JVMs past their start
    int before = high.count(STATE) + low.count(STATE);

    for (int i = 0; i < STALLS; i++) {
      CpuStall.run(STALL_MS);
      Thread.sleep(1_000);
    }

    String highMetrics = a.sh("curl -s 127.0.0.1:9180/metrics");
    String lowMetrics = b.sh("curl -s 127.0.0.1:9180/metrics");
    assertThat(high.count(STATE) + low.count(STATE))
        .as(
            "state lines after %d stalls:\n%s\n%s\nthe master's VRRP metrics:\n%s\n"
                + "the backup's:\n%s",
            STALLS, high.output(), low.output(), vrrpSamples(highMetrics), vrrpSamples(lowMetrics))
        .isEqualTo(before);
    Matcher waits = STALL_WAITS.matcher(lowMetrics);
    assertThat(waits.find()).as("the backup's metrics have its stall waits").isTrue();
    assertThat(Long.parseLong(waits.group(1)))
        .as("times the backup's late timer waited for the master")
        .isPositive();
  }

  /**
   * The VRRP samples of a metrics page (late turns, stall waits, adverts; drop reasons only when
   * counted), for a failure's message.
   */
  static String vrrpSamples(String metrics) {
    return metrics
        .lines()
        .filter(l -> l.startsWith("vigil_vrrp_"))
        .filter(l -> !(l.startsWith("vigil_vrrp_adverts_dropped_total") && l.endsWith(" 0")))
        .collect(Collectors.joining("\n"));
  }
}
