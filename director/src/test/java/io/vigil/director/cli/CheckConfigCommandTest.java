package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigCommandTest {
  private final InProcessCli cli = new InProcessCli();
  static final String CLEAN =
      """
      virtual_server 192.0.2.10 80 {
        lb_algo rr
        lb_kind DR
        protocol TCP
        real_server 198.51.100.2 80 {
          TCP_CHECK {
            connect_timeout 3
          }
        }
      }
      """;

  @TempDir Path dir;

  Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void cleanConfigExitsZeroWithASummary() throws IOException {
    Path f = write("ok.conf", CLEAN);
    assertThat(cli.run("check-config", "-f", f.toString())).isZero();
    assertThat(cli.out.toString()).isEqualTo(f + ": 0 errors, 0 warnings: configuration OK\n");
  }

  @Test
  void allConfigMakesAMissingIncludedFileAnError() throws IOException {
    Path f = write("main.conf", CLEAN + "include gone.conf\n");
    cli.run("check-config", "-f", f.toString());
    String line = f + ":" + (CLEAN.lines().count() + 1) + ": ";
    assertThat(cli.out.toString()).contains(line + "warning: include 'gone.conf': ");
    cli.out.getBuffer().setLength(0);
    assertThat(cli.run("check-config", "-e", "-f", f.toString()))
        .as("keepalived -t: 6")
        .isEqualTo(6);
    assertThat(cli.out.toString())
        .contains(
            f + ":" + (CLEAN.lines().count() + 1) + ": error: Config files missing 'gone.conf'.");
  }

  @Test
  void findingsArePrintedAsFileLineSeverityMessageAndExitFive() throws IOException {
    Path f = write("bad.conf", CLEAN.replace("lb_algo rr", "lb_algo rr\nfrobnicate\nuse_ipvlan"));
    Path inc = write("main.conf", "# main\ninclude bad.conf\n");
    assertThat(cli.run("-t", "-f", inc.toString())).isEqualTo(5);
    assertThat(cli.out.toString().lines())
        .containsExactly(
            f + ":3: error: unknown keyword 'frobnicate' in virtual_server",
            f
                + ":4: warning: 'use_ipvlan' in virtual_server is not implemented by vigil (or not valid here) - ignored",
            inc + ": 1 error, 1 warning: configuration has problems");
  }

  @Test
  void whatVigilRunWouldRefuseBeyondTheTextIsReportedToo() throws IOException {
    String iface = anInterface();
    Path f =
        write(
            "twice.conf",
            """
            global_defs {
              enable_script_security
            }
            vrrp_script chk {
              script "/bin/true"
            }
            vrrp_instance VI_1 {
              interface %s
              virtual_router_id 51
              track_script {
                chk
                chk weight 2
              }
              virtual_ipaddress {
                192.0.2.100
              }
            }
            """
                .formatted(iface));
    assertThat(cli.run("check-config", "-f", f.toString(), "-i", "t")).isEqualTo(5);
    assertThat(cli.out.toString().lines())
        .containsExactly(
            f + ":12: error: vrrp_instance VI_1: track_script chk listed twice",
            f + ": 1 error, 0 warnings: configuration has problems");
  }

  /** A host interface VRRP could run on (check-config looks at the host's). */
  private static String anInterface() throws IOException {
    return java.net.NetworkInterface.networkInterfaces()
        .filter(
            n -> {
              try {
                return !n.isLoopback();
              } catch (java.net.SocketException e) {
                return false;
              }
            })
        .map(java.net.NetworkInterface::getName)
        .findFirst()
        .orElseThrow(() -> new IOException("no interface but loopback on this host"));
  }

  @Test
  void missingFileCannotRun() {
    assertThat(cli.run("check-config", "-f", dir.resolve("none.conf").toString())).isEqualTo(4);
    assertThat(cli.out.toString()).contains("cannot read configuration file");
  }

  @Test
  void configIdSelectsConditionalLines() throws IOException {
    Path f = write("id.conf", "@lb1 bogus_on_lb1\n@^lb1 bogus_elsewhere\n" + CLEAN);
    assertThat(cli.run("check-config", "-f", f.toString(), "--config-id", "lb1")).isEqualTo(5);
    assertThat(cli.out.toString()).contains("bogus_on_lb1").doesNotContain("bogus_elsewhere");
  }

  @Test
  void dumpConfigPrintsTheNormalisedConfiguration() throws IOException {
    Path f = write("ok.conf", CLEAN.replace("lb_algo", "lvs_sched"));
    assertThat(cli.run("dump-config", "-f", f.toString())).isZero();
    assertThat(cli.out.toString())
        .startsWith("global_defs {\n")
        .contains(
            "virtual_server 192.0.2.10 80 {\n  protocol TCP\n  lvs_sched rr\n  lvs_method DR\n");
    assertThat(cli.err.toString()).isEmpty();
  }

  @Test
  void dumpConfigOfAMissingFileFails() {
    assertThat(cli.run("dump-config", "-f", dir.resolve("none.conf").toString())).isEqualTo(4);
    assertThat(cli.out.toString()).isEmpty();
    assertThat(cli.err.toString()).contains("cannot read configuration file");
  }
}
