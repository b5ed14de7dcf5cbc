package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.Bridge;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * keepalived's process priorities in a real {@code vigil run} (the in-memory IPVS twin: the host
 * has no IPVS), as the kernel reports them for each thread in /proc/PID/task/TID/stat: {@code
 * vrrp_rt_priority 10} puts the VRRP instance's thread, and only it, on SCHED_RR at 10; {@code
 * checker_priority 5} gives the health checks' event loop and the IPVS updates' thread nice 5; the
 * other threads keep the normal policy and nice 0. {@code *_cpu_affinity} pins each side's threads
 * (Cpus_allowed_list in /proc/PID/task/TID/status); {@code max_auto_priority 2} raises each side's
 * threads one step at each late turn (the whole JVM stopped for 1.5 s), to SCHED_RR 1, then 2;
 * {@code vrrp_no_swap} locks the process's memory (VmLck in /proc/PID/status); {@code
 * bfd_rt_priority} is the BFD thread's alone.
 */
class ProcessSchedulingIT {
  @RegisterExtension final NetLab lab = new NetLab();

  private static final Duration WAIT = Duration.ofSeconds(90);

  /** One thread: its name (comm, at most 15 characters), nice, real-time priority and policy. */
  record Task(String name, int nice, int rtPriority, int policy) {}

  @Test
  void eachSideGetsItsOwnScheduling() throws Exception {
    Bridge lan = lab.bridge("lan");
    Netns ns = lab.netns("d").attach(lan, "eth0", "192.0.2.1/24");
    ns.sh("ip link set lo up");
    Path conf = Files.createTempFile("vigil-sched", ".conf");
    Files.writeString(conf, config("  vrrp_rt_priority 10\n  checker_priority 5\n"));
    NsProcess vigil = start(ns, conf);
    List<Task> tasks = tasks(vigil.pid());

    assertThat(tasks)
        .as(vigil.output())
        .filteredOn(t -> t.policy() == 2)
        .containsExactly(new Task("vrrp-VI_1", 0, 10, 2));
    assertThat(tasks)
        .filteredOn(t -> t.nice() == 5)
        .extracting(Task::name)
        .contains("vigil-lvs")
        .anySatisfy(n -> assertThat(n).startsWith("multiThreadIo"))
        .allSatisfy(n -> assertThat(n).matches("vigil-lvs|multiThreadIo.*"));
    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
  }

  @Test
  void theBfdThreadGetsBfdsOwn() throws Exception {
    Bridge lan = lab.bridge("lan");
    Netns ns = lab.netns("d").attach(lan, "eth0", "192.0.2.1/24");
    ns.sh("ip link set lo up");
    Path conf = Files.createTempFile("vigil-sched", ".conf");
    Files.writeString(
        conf,
        config("  bfd_rt_priority 7\n  checker_priority 5\n")
            + """
            bfd_instance to_b {
              neighbor_ip 192.0.2.2
              source_ip 192.0.2.1
            }
            """);
    NsProcess vigil = start(ns, conf);
    awaitTasks(
        vigil,
        tasks ->
            assertThat(tasks)
                .filteredOn(t -> t.policy() == 2)
                .containsExactly(new Task("bfd", 0, 7, 2)));
    assertThat(tasks(vigil.pid()))
        .filteredOn(t -> t.name().equals("vrrp-VI_1"))
        .containsExactly(new Task("vrrp-VI_1", 0, 0, 0));
    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
  }

  @Test
  void affinityNoSwapAndLateTimersRaisingEachSidesThreadsStepByStep() throws Exception {
    int cpus = Runtime.getRuntime().availableProcessors();
    Assumptions.assumeTrue(cpus >= 2, "needs two CPUs, has " + cpus);
    Bridge lan = lab.bridge("lan");
    Netns ns = lab.netns("d").attach(lan, "eth0", "192.0.2.1/24");
    ns.sh("ip link set lo up");
    Path conf = Files.createTempFile("vigil-sched", ".conf");
    Files.writeString(
        conf,
        config(
            """
              vrrp_cpu_affinity 0
              checker_cpu_affinity 1
              max_auto_priority 2
              min_auto_priority_delay 200000
              vrrp_no_swap
            """));
    NsProcess vigil = start(ns, conf);
    // vrrp_no_swap: mlockall, its pages locked as they are touched (VmLck counts the locked areas)
    vigil.awaitOutput(Pattern.compile("memory locked \\(\\*_no_swap\\)"), WAIT);
    assertThat(Files.readAllLines(Path.of("/proc", Long.toString(vigil.pid()), "status")))
        .anySatisfy(l -> assertThat(l).matches("VmLck:\\s+[1-9]\\d* kB"));
    Map<String, String> allowed = cpusAllowed(vigil.pid());
    assertThat(allowed).as(vigil.output()).containsEntry("vrrp-VI_1", "0");
    assertThat(allowed).containsEntry("vigil-lvs", "1");
    assertThat(allowed)
        .hasEntrySatisfying("java", a -> assertThat(a).isNotIn("0", "1")); // unchanged
    assertThat(allowed.entrySet())
        .filteredOn(e -> e.getKey().startsWith("multiThreadIo"))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.getValue()).isEqualTo("1"));
    if (!vigil.output().contains("vrrp thread vrrp-VI_1: a timer expired")) {
      assertThat(vrrpThread(vigil.pid())).isEqualTo(new Task("vrrp-VI_1", 0, 0, 0));
    }

    // the whole JVM stopped for 1.5 s: the VRRP thread's next advert timer (1 s) and the checker
    // side's probes (every 100 ms) run at least 0.5 s late, so each of those threads goes up a step
    // from where it was (a loaded machine can make a timer late during the start already: CI saw
    // the checker side at 1 before the first stop)
    Pattern sides = Pattern.compile("vrrp-VI_1|vigil-lvs|multiThreadIo.*");
    for (int step = 1; step <= 2; step++) {
      Map<String, Integer> before = new java.util.HashMap<>();
      tasks(vigil.pid()).stream()
          .filter(t -> sides.matcher(t.name()).matches())
          .forEach(t -> before.merge(t.name(), t.rtPriority(), Math::max));
      int vrrpWant = Math.min(before.getOrDefault("vrrp-VI_1", 0) + 1, 2);
      vigil.signal("STOP");
      Thread.sleep(1_500);
      vigil.signal("CONT");
      vigil.awaitOutput(
          Pattern.compile(
              "vrrp thread vrrp-VI_1: a timer expired \\d+\\.\\d{6} seconds ago: set realtime"
                  + " priority "
                  + vrrpWant
                  + " \\(max_auto_priority 2\\)"),
          WAIT);
      awaitTasks(
          vigil,
          tasks ->
              assertThat(tasks)
                  .filteredOn(t -> sides.matcher(t.name()).matches())
                  .hasSizeGreaterThanOrEqualTo(3)
                  .allSatisfy(
                      t ->
                          assertThat(t.rtPriority())
                              .as(t.name() + " from " + before.getOrDefault(t.name(), 0))
                              .isEqualTo(Math.min(before.getOrDefault(t.name(), 0) + 1, 2)))
                  .allSatisfy(t -> assertThat(t.policy()).isEqualTo(2)));
    }
    assertThat(tasks(vigil.pid()))
        .filteredOn(t -> t.policy() == 2)
        .as("only the VRRP, IPVS and health-check threads")
        .extracting(Task::name)
        .allSatisfy(n -> assertThat(n).matches("vrrp-VI_1|vigil-lvs|multiThreadIo.*"));
    vigil.signal("TERM");
    assertThat(vigil.waitFor(WAIT)).as(vigil.output()).isZero();
  }

  /** A VRRP instance and a virtual server with a check, under {@code globals}. */
  private static String config(String globals) {
    return "global_defs {\n"
        + globals
        + "}\n"
        + """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          advert_int 1
          virtual_ipaddress {
            192.0.2.100/24
          }
        }
        virtual_server 192.0.2.100 80 {
          delay_loop 1
          lb_algo rr
          lb_kind NAT
          protocol TCP
          real_server 127.0.0.1 9 {
            TCP_CHECK {
              connect_timeout 1
            }
          }
        }
        """;
  }

  /** Starts {@code vigil run} on the in-memory IPVS twin; returns once it runs and has checked. */
  private static NsProcess start(Netns ns, Path conf) {
    NsProcess vigil = ns.start(VigilRunInMemoryIpvs.argv("-f", conf.toString()));
    vigil.awaitOutput(Pattern.compile("vigil running"), WAIT);
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    vigil.awaitOutput(Pattern.compile("real server .*127.0.0.1.* is down"), WAIT);
    return vigil;
  }

  /** Polls the threads until {@code check} passes (bounded: {@link #WAIT}). */
  private static void awaitTasks(NsProcess vigil, java.util.function.Consumer<List<Task>> check)
      throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      try {
        check.accept(tasks(vigil.pid()));
        return;
      } catch (AssertionError e) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError(e.getMessage() + "\n" + vigil.output(), e);
        }
        Thread.sleep(100);
      }
    }
  }

  private static Task vrrpThread(long pid) throws IOException {
    return tasks(pid).stream().filter(t -> t.name().equals("vrrp-VI_1")).findFirst().orElseThrow();
  }

  /** Each thread's Cpus_allowed_list (/proc/PID/task/TID/status), by name (the last of a name). */
  private static Map<String, String> cpusAllowed(long pid) throws IOException {
    Map<String, String> out = new HashMap<>();
    try (Stream<Path> dirs = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path d : dirs.toList()) {
        try {
          String name = Files.readString(d.resolve("comm")).strip();
          for (String l : Files.readAllLines(d.resolve("status"))) {
            if (l.startsWith("Cpus_allowed_list:")) {
              out.put(name, l.substring(l.indexOf(':') + 1).strip());
            }
          }
        } catch (IOException gone) {
          // a thread that ended meanwhile
        }
      }
    }
    return out;
  }

  private static List<Task> tasks(long pid) throws IOException {
    List<Task> out = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path d : dirs.toList()) {
        String stat;
        try {
          stat = Files.readString(d.resolve("stat"));
        } catch (IOException gone) {
          continue; // a thread that ended meanwhile
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        // fields from 3 (state) on: nice is 19, rt_priority 40, policy 41 (proc(5))
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        out.add(
            new Task(
                name,
                Integer.parseInt(f[19 - 3]),
                Integer.parseInt(f[40 - 3]),
                Integer.parseInt(f[41 - 3])));
      }
    }
    return out;
  }
}
