package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code net_namespace} and {@code net_namespace_ipvs}: accepted when they name the network
 * namespace Vigil runs in, refused with their line otherwise (Vigil does not switch namespaces, and
 * run elsewhere it would manage another namespace's addresses and IPVS table).
 */
class NetnsConfigTest {
  /** A host whose process runs in the namespace {@code blue}. */
  static LoadResult inBlue(String text) {
    Environment env = new Environment("n", x -> true, p -> false, p -> false, "blue"::equals);
    return ConfigLoader.loadString(text + VrrpConfigTest.MINIMAL, "t.conf", Path.of("/"), env);
  }

  @Test
  void theCommandLinesNamespaceIsInForceInPlaceOfTheConfigurations() {
    Environment env =
        new Environment("n", x -> true, p -> false, p -> false, "blue"::equals)
            .withNetnsOverride("blue");
    LoadResult r =
        ConfigLoader.loadString(
            "net_namespace red\n" + VrrpConfigTest.MINIMAL, "t.conf", Path.of("/"), env);
    assertThat(Cfg.findings(r))
        .containsExactly(
            "1 warning: Overriding config net_namespace 'red' with command line namespace"
                + " 'blue'");
    assertThat(r.config().globalDefs().netNamespace()).contains("blue");
    LoadResult none = ConfigLoader.loadString(VrrpConfigTest.MINIMAL, "t.conf", Path.of("/"), env);
    assertThat(Cfg.findings(none)).isEmpty();
    assertThat(none.config().globalDefs().netNamespace())
        .as("without net_namespace")
        .contains("blue");
    LoadResult ipvs =
        ConfigLoader.loadString(
            "net_namespace_ipvs red\n" + VrrpConfigTest.MINIMAL, "t.conf", Path.of("/"), env);
    assertThat(Cfg.findings(ipvs))
        .as("net_namespace_ipvs is not overridden")
        .anyMatch(f -> f.startsWith("1 error: net_namespace_ipvs red: "));
  }

  @Test
  void theNamespaceVigilRunsInIsAccepted() {
    assertThat(Cfg.findings(inBlue("net_namespace blue\nnet_namespace_ipvs blue\n"))).isEmpty();
  }

  @Test
  void anotherNamespaceIsRefusedWithItsLine() {
    assertThat(Cfg.findings(inBlue("net_namespace red\nnet_namespace_ipvs\n")))
        .containsExactly(
            "1 error: net_namespace red: vigil does not change network namespace; it runs in the"
                + " one it is started in, which is not 'red' (start it in that namespace: ip netns"
                + " exec red vigil run ...)",
            "2 error: net_namespace_ipvs (default): vigil does not change network namespace; it"
                + " runs and programs IPVS in the one it is started in, which is not the default"
                + " network namespace");
  }

  @Test
  void aMissingNameAndASecondDefinitionAreKeepalivedsErrors() {
    assertThat(Cfg.findings(inBlue("net_namespace\nnet_namespace blue\nnet_namespace red\n")))
        .containsExactly(
            "1 error: net_namespace name missing - ignoring",
            "3 error: Duplicate net_namespace definition red - ignoring");
  }
}
