package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.GlobalDefs;
import io.vigil.config.model.ProcessScheduling;
import org.junit.jupiter.api.Test;

/**
 * keepalived's process priorities in {@code global_defs}, which Vigil gives to the threads that do
 * the work: {@code vrrp_priority} / {@code checker_priority} (nice, -20..19), {@code
 * vrrp_rt_priority} / {@code checker_rt_priority} (SCHED_RR, clamped to 1..99 with an error, as
 * keepalived does), {@code *_rlimit_rttime} (µs, 10,000 by default; {@code *_rlimit_rtime} is the
 * old spelling, accepted with a warning).
 */
class ProcessSchedulingConfigTest {
  @Test
  void readAsKeepalivedReadsThem() {
    LoadResult r =
        Cfg.load(
            """
            global_defs {
              vrrp_priority -10
              vrrp_rt_priority 50
              vrrp_rlimit_rttime 20000
              checker_priority 5
            }
            """);
    assertThat(Cfg.findings(r)).isEmpty();
    GlobalDefs g = r.config().globalDefs();
    assertThat(g.vrrpScheduling()).isEqualTo(new ProcessScheduling(-10, 50, 20_000));
    assertThat(g.checkerScheduling()).isEqualTo(new ProcessScheduling(5, 0, 10_000));
    assertThat(Cfg.load("").config().globalDefs().vrrpScheduling())
        .isEqualTo(ProcessScheduling.DEFAULTS);
  }

  @Test
  void theBfdThreadHasItsOwnAsKeepalivedsBfdProcessHas() {
    LoadResult r =
        Cfg.load(
            """
            global_defs {
              bfd_priority -5
              bfd_rt_priority 120
              bfd_rlimit_rtime 1000
              bfd_cpu_affinity 0
              bfd_no_swap
            }
            """);
    assertThat(Cfg.findings(r))
        .containsExactly(
            "3 error: bfd process real-time priority 120 greater than maximum 99 - setting to"
                + " maximum",
            "4 warning: Keyword 'bfd_rlimit_rtime' is deprecated - please use"
                + " 'bfd_rlimit_rttime'");
    ProcessScheduling bfd = r.config().globalDefs().bfdScheduling();
    assertThat(bfd.nice()).isEqualTo(-5);
    assertThat(bfd.realtimePriority()).isEqualTo(99);
    assertThat(bfd.rlimitRttimeUs()).isEqualTo(1000);
    assertThat(bfd.cpuAffinity()).containsExactly(0);
    assertThat(bfd.noSwap()).isTrue();
    assertThat(r.config().globalDefs().vrrpScheduling()).isEqualTo(ProcessScheduling.DEFAULTS);
    String dump = ConfigDump.dump(Cfg.load("global_defs {\n  bfd_priority -5\n}\n").config());
    assertThat(dump).contains("  bfd_priority -5\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }

  @Test
  void outOfRangeValuesAreErrorsAndRealtimeIsClamped() {
    LoadResult r =
        Cfg.load(
            """
            global_defs {
              vrrp_priority -21
              checker_rt_priority 120
              vrrp_rt_priority 0
              checker_rlimit_rtime 1
              checker_priority
            }
            """);
    assertThat(Cfg.findings(r))
        .containsExactly(
            "2 error: vrrp_priority: number '-21' outside range [-20, 19]",
            "3 error: checker process real-time priority 120 greater than maximum 99 - setting to"
                + " maximum",
            "4 error: vrrp process real-time priority 0 less than minimum 1 - setting to minimum",
            "5 warning: Keyword 'checker_rlimit_rtime' is deprecated - please use"
                + " 'checker_rlimit_rttime'",
            "6 error: No checker process priority specified");
    GlobalDefs g = r.config().globalDefs();
    assertThat(g.vrrpScheduling()).isEqualTo(new ProcessScheduling(0, 1, 10_000));
    assertThat(g.checkerScheduling()).isEqualTo(new ProcessScheduling(0, 99, 2));
  }

  @Test
  void theDumpWritesWhatDiffersFromTheDefaultsAndReadsBackTheSame() {
    String conf =
        """
        global_defs {
          vrrp_rt_priority 40
          checker_priority -5
          checker_rlimit_rttime 50000
        }
        """;
    String dump = ConfigDump.dump(Cfg.load(conf).config());
    assertThat(dump)
        .contains("  vrrp_rt_priority 40\n")
        .contains("  checker_priority -5\n")
        .contains("  checker_rlimit_rttime 50000\n")
        .doesNotContain("vrrp_priority")
        .doesNotContain("vrrp_rlimit_rttime");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }

  @Test
  void cpuAffinityAutomaticPriorityAndNoSwapAsKeepalivedReadsThem() {
    LoadResult r =
        Cfg.load(
            """
            global_defs {
              vrrp_cpu_affinity 0
              checker_cpu_affinity 0 0
              max_auto_priority 5
              min_auto_priority_delay 200000
              vrrp_no_swap
            }
            """);
    assertThat(Cfg.findings(r)).isEmpty();
    GlobalDefs g = r.config().globalDefs();
    assertThat(g.vrrpScheduling())
        .isEqualTo(new ProcessScheduling(0, 0, 10_000, java.util.List.of(0), 5, 200_000, true));
    assertThat(g.checkerScheduling())
        .isEqualTo(new ProcessScheduling(0, 0, 10_000, java.util.List.of(0), 5, 200_000, false));
    // keepalived's defaults: no affinity, no automatic priority, 1 s
    assertThat(ProcessScheduling.DEFAULTS.cpuAffinity()).isEmpty();
    assertThat(ProcessScheduling.DEFAULTS.maxAutoPriority()).isZero();
    assertThat(ProcessScheduling.DEFAULTS.minAutoPriorityDelayUs()).isEqualTo(1_000_000);
    String dump = ConfigDump.dump(r.config());
    assertThat(dump)
        .contains("  vrrp_cpu_affinity 0\n")
        .contains("  checker_cpu_affinity 0\n")
        .contains("  max_auto_priority 5\n")
        .contains("  min_auto_priority_delay 200000\n")
        .contains("  vrrp_no_swap\n")
        .doesNotContain("checker_no_swap");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }

  @Test
  void badAffinitiesAndAutoPrioritiesAreErrorsAsInKeepalived() {
    LoadResult r =
        Cfg.load(
            """
            global_defs {
              vrrp_cpu_affinity
              checker_cpu_affinity 0 4096
              max_auto_priority 100
              min_auto_priority_delay 0
              min_auto_priority_delay
            }
            """);
    int online = OnlineCpus.count();
    assertThat(Cfg.findings(r))
        .containsExactly(
            "2 error: No vrrp cpu_id set specified",
            "3 error: Invalid cpu_id:4096 specified for checker process (this host has "
                + online
                + " online CPUs, 0-"
                + (online - 1)
                + ")",
            "4 error: max_auto_priority '100' must be in [0, 99] (or -1 to disable) - ignoring",
            "5 error: min_auto_priority_delay '0' must be in [1, 10000000] - ignoring",
            "6 error: min_auto_priority_delay requires delay time");
    GlobalDefs g = r.config().globalDefs();
    assertThat(g.checkerScheduling().cpuAffinity()).as("reset at the first bad one").isEmpty();
    assertThat(g.vrrpScheduling().maxAutoPriority()).isZero();
    assertThat(Cfg.load("global_defs {\n  max_auto_priority\n}\n").config().globalDefs())
        .extracting(d -> d.vrrpScheduling().maxAutoPriority())
        .as("without a value: SCHED_RR's maximum")
        .isEqualTo(99);
  }

  @Test
  void onlineCpusCountsTheKernelsList() {
    assertThat(OnlineCpus.count("0\n")).isEqualTo(1);
    assertThat(OnlineCpus.count("0-3,6\n")).isEqualTo(5);
    assertThat(OnlineCpus.count("0-1")).isEqualTo(2);
    assertThat(OnlineCpus.count()).isPositive();
  }
}
