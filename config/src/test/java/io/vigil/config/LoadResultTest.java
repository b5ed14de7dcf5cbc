package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Diagnostic.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadResultTest {
  static LoadResult with(Severity... s) {
    List<Diagnostic> d =
        java.util.Arrays.stream(s).map(x -> new Diagnostic(new Origin("f", 1), x, "m")).toList();
    return new LoadResult(Cfg.load("").config(), d, 0);
  }

  @Test
  void exitCodesAreKeepalivedsConfigTestCodes() {
    assertThat(with().exitCode()).isEqualTo(0);
    assertThat(with(Severity.WARNING).exitCode()).isEqualTo(5);
    assertThat(with(Severity.ERROR).exitCode()).isEqualTo(5);
    assertThat(with(Severity.FATAL).exitCode()).isEqualTo(4);
    assertThat(with(Severity.SECURITY, Severity.ERROR).exitCode()).isEqualTo(6);
    assertThat(with(Severity.FATAL, Severity.SECURITY, Severity.WARNING).exitCode()).isEqualTo(4);
  }

  @Test
  void summaryCountsErrorsAndWarnings() {
    assertThat(with().summary()).isEqualTo("0 errors, 0 warnings: configuration OK");
    assertThat(with(Severity.ERROR, Severity.WARNING, Severity.WARNING).summary())
        .isEqualTo("1 error, 2 warnings: configuration has problems");
  }

  @Test
  void missingFileCannotRun() {
    LoadResult r = ConfigLoader.load(Path.of("/nonexistent/vigil.conf"), Cfg.ENV);
    assertThat(r.exitCode()).isEqualTo(4);
    assertThat(r.diagnostics())
        .singleElement()
        .hasToString(
            "/nonexistent/vigil.conf: error: cannot read configuration file: no such file");
  }

  @Test
  void findingsAreInFileOrderAcrossPasses() {
    LoadResult r = Cfg.load("bogus\nvrrp_instance V {\n interface eth0\n}\nbogus2\n");
    assertThat(r.diagnostics()).extracting(d -> d.origin().line()).isSorted();
  }
}
