package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.ExecResult;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code net_namespace NAME} against real namespaces: {@code vigil check-config} started in NAME
 * (as {@code ip netns exec NAME} starts it) accepts the file; started in another namespace, it
 * refuses it with the line, instead of running against that namespace's interfaces and IPVS table.
 * Needs root (ip netns), like the other lab tests.
 */
class NetNamespaceIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  @Test
  void theFileIsAcceptedOnlyInTheNamespaceItNames() throws Exception {
    Netns blue = lab.netns("blue");
    Netns red = lab.netns("red");
    Path conf =
        Files.writeString(
            dir.resolve("keepalived.conf"),
            """
            net_namespace %s
            net_namespace_ipvs %s
            global_defs {
              router_id ns
            }
            """
                .formatted(blue.name(), blue.name()));

    ExecResult inBlue = blue.exec(VigilJvm.argv("check-config", "-f", conf.toString()));
    assertThat(inBlue.exitCode()).as(inBlue.stdout() + inBlue.stderr()).isZero();

    ExecResult inRed = red.exec(VigilJvm.argv("check-config", "-f", conf.toString()));
    assertThat(inRed.exitCode()).as(inRed.stdout() + inRed.stderr()).isNotZero();
    assertThat(inRed.stdout() + inRed.stderr())
        .contains(
            conf
                + ":1: error: net_namespace "
                + blue.name()
                + ": vigil does not change network namespace")
        .contains(conf + ":2: error: net_namespace_ipvs " + blue.name() + ": ");
  }
}
