package io.vigil.kernel.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Needs root (CAP_SYS_NICE for SCHED_RR): the nice value and the real-time policy go to the calling
 * thread only, as the kernel reports them in /proc/thread-self/stat; RLIMIT_RTTIME as
 * /proc/self/limits reports it; the CPU affinity as /proc/thread-self/status does; the memory lock
 * as VmLck in /proc/self/status.
 */
class SchedulingIT {
  @Test
  void niceAndRealtimeGoToTheCallingThreadOnly() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "SCHED_RR needs root");
    String[] before = stat();
    AtomicReference<String[]> inside = new AtomicReference<>();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                Scheduling.niceThisThread(7);
                String[] niced = stat();
                Scheduling.realtimeThisThread(3);
                inside.set(new String[] {niced[NICE], stat()[POLICY], stat()[RT_PRIORITY]});
              } catch (Throwable e) {
                failed.set(e);
              }
            });
    t.start();
    t.join();
    assertThat(failed.get()).isNull();
    assertThat(inside.get()[0]).as("nice").isEqualTo("7");
    assertThat(inside.get()[1]).as("policy").isEqualTo(String.valueOf(Scheduling.SCHED_RR));
    assertThat(inside.get()[2]).as("rt priority").isEqualTo("3");
    String[] after = stat();
    assertThat(after[NICE]).as("this thread's nice").isEqualTo(before[NICE]);
    assertThat(after[POLICY]).as("this thread's policy").isEqualTo("0");
    assertThat(Scheduling.policyOfThisThread()).isEqualTo(Scheduling.SCHED_OTHER);
  }

  @Test
  void affinityGoesToTheCallingThreadOnlyAsProcStatusShowsIt() throws Exception {
    java.util.List<Integer> mine = Scheduling.affinityOfThisThread();
    assertThat(mine).isNotEmpty();
    int last = mine.get(mine.size() - 1);
    AtomicReference<Object[]> inside = new AtomicReference<>();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                Scheduling.affinityThisThread(java.util.List.of(last));
                inside.set(
                    new Object[] {
                      Scheduling.affinityOfThisThread(), cpusAllowed(Path.of("/proc/thread-self"))
                    });
              } catch (Throwable e) {
                failed.set(e);
              }
            });
    t.start();
    t.join();
    assertThat(failed.get()).isNull();
    assertThat(inside.get()[0]).isEqualTo(java.util.List.of(last));
    assertThat(inside.get()[1]).isEqualTo(String.valueOf(last));
    assertThat(Scheduling.affinityOfThisThread()).as("this thread's").isEqualTo(mine);
  }

  @Test
  void memoryLockAsProcStatusShowsIt() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "mlockall of a JVM needs root");
    MemoryLock.lockAll();
    try {
      assertThat(vmLckKb()).as("locked").isPositive();
    } finally {
      MemoryLock.unlockAll();
    }
    assertThat(vmLckKb()).as("unlocked").isZero();
  }

  private static long vmLckKb() throws java.io.IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmLck:"))
        .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
        .findFirst()
        .orElseThrow();
  }

  /** Cpus_allowed_list of a task's status ("0-1", "1"). */
  static String cpusAllowed(Path task) throws java.io.IOException {
    return Files.readAllLines(task.resolve("status")).stream()
        .filter(l -> l.startsWith("Cpus_allowed_list:"))
        .map(l -> l.substring(l.indexOf(':') + 1).strip())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theRealtimeLimitIsTheProcesssAsLimitsShowsIt() throws Exception {
    // only the soft limit: a hard one, once lowered, takes CAP_SYS_RESOURCE to raise again
    long[] was = Scheduling.realtimeLimit();
    try {
      Scheduling.limitRealtime(5_000, was[1]);
      assertThat(Scheduling.realtimeLimit()).containsExactly(5_000, was[1]);
      assertThat(Files.readAllLines(Path.of("/proc/self/limits")))
          .anySatisfy(l -> assertThat(l).matches("Max realtime timeout +5000 +\\S+ +us *"));
    } finally {
      Scheduling.limitRealtime(was[0], was[1]);
    }
    assertThat(Scheduling.realtimeLimit()).containsExactly(was);
  }

  // /proc/[pid]/task/[tid]/stat fields (proc(5)), counted after the command's closing parenthesis
  // from field 3 (state): nice is field 19, rt_priority 40, policy 41
  private static final int NICE = 19 - 3;
  private static final int RT_PRIORITY = 40 - 3;
  private static final int POLICY = 41 - 3;

  private static String[] stat() throws Exception {
    String s = Files.readString(Path.of("/proc/thread-self/stat"));
    return s.substring(s.lastIndexOf(')') + 2).trim().split(" ");
  }
}
