package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Bridge;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * keepalived's process priorities in a real {@code vigil run} (the in-memory IPVS twin: the host
 * has no IPVS), as the kernel reports them for each thread in /proc/PID/task/TID/stat: {@code
 * vrrp_rt_priority 10} puts the VRRP instance's thread, and only it, on SCHED_RR at 10; {@code
 * checker_priority 5} gives the health checks' event loop and the IPVS updates' thread nice 5; the
 * other threads keep the normal policy and nice 0.
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
    Files.writeString(
        conf,
        """
        global_defs {
          vrrp_rt_priority 10
          checker_priority 5
        }
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
        """);
    List<String> argv = new ArrayList<>();
    argv.add(VigilJvm.java());
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(VigilRunInMemoryIpvs.class.getName());
    argv.addAll(List.of("-f", conf.toString()));
    NsProcess vigil = ns.start(argv.toArray(String[]::new));
    vigil.awaitOutput(Pattern.compile("vigil running"), WAIT);
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    vigil.awaitOutput(Pattern.compile("real server .*127.0.0.1.* is down"), WAIT);
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
