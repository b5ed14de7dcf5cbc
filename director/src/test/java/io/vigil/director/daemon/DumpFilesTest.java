package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.config.model.GlobalDefs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpFilesTest {
  @TempDir Path dir;

  @Test
  void systemdsRuntimeDirectoryFirstThenWhereKeepalivedWrites() {
    assertThat(DumpFiles.directory(Map.of("RUNTIME_DIRECTORY", "/run/vigil", "TMPDIR", "/var/t")))
        .isEqualTo(Path.of("/run/vigil"));
    assertThat(DumpFiles.directory(Map.of("RUNTIME_DIRECTORY", "/run/vigil:/run/other")))
        .isEqualTo(Path.of("/run/vigil"));
    assertThat(DumpFiles.directory(Map.of("TMPDIR", "/var/t"))).isEqualTo(Path.of("/var/t"));
    // keepalived takes TMPDIR only when it is absolute
    assertThat(DumpFiles.directory(Map.of("TMPDIR", "t"))).isEqualTo(Path.of("/tmp"));
    assertThat(DumpFiles.directory(Map.of("RUNTIME_DIRECTORY", ""))).isEqualTo(Path.of("/tmp"));
    assertThat(DumpFiles.directory(Map.of())).isEqualTo(Path.of("/tmp"));
  }

  @Test
  void theDataFileIsNamedAfterTheNamespaceOnlyWithDataUseInstance() {
    // a host whose every named namespace is the one this process runs in
    Environment env = new Environment(null, "eth0"::equals, p -> false, f -> true, n -> true);
    String plain = "global_defs {\n}\n";
    String ns = "net_namespace blue\n";
    assertThat(DumpFiles.dataName(globals(plain, env))).isEqualTo("vigil.data");
    assertThat(DumpFiles.dataName(globals(ns + plain, env))).isEqualTo("vigil.data");
    assertThat(DumpFiles.dataName(globals("global_defs {\n  data_use_instance\n}\n", env)))
        .as("no namespace to name it after")
        .isEqualTo("vigil.data");
    assertThat(DumpFiles.dataName(globals(ns + "global_defs {\n  data_use_instance\n}\n", env)))
        .isEqualTo("vigil.blue.data");
  }

  private static GlobalDefs globals(String text, Environment env) {
    LoadResult r = ConfigLoader.loadString(text, "k.conf", Path.of("/nonexistent"), env);
    assertThat(r.diagnostics()).isEmpty();
    return r.config().globalDefs();
  }

  @Test
  void aDumpReplacesTheLastOneWholeAndOnlyItsOwnerReadsIt() throws Exception {
    Path first = DumpFiles.write(dir, DumpFiles.STATS, "one\n");
    Path second = DumpFiles.write(dir, DumpFiles.STATS, "two\n");
    assertThat(second).isEqualTo(first).isEqualTo(dir.resolve("vigil.stats"));
    assertThat(Files.readString(second)).isEqualTo("two\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(second)))
        .isEqualTo("rw-------");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(second); // no temporary file left behind
    }
  }

  @Test
  void aSymbolicLinkUnderTheNameIsReplacedNotFollowed() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "keep\n");
    Files.createSymbolicLink(dir.resolve(DumpFiles.DATA), victim);
    Path written = DumpFiles.write(dir, DumpFiles.DATA, "dump\n");
    assertThat(Files.isSymbolicLink(written)).isFalse();
    assertThat(Files.readString(written)).isEqualTo("dump\n");
    assertThat(Files.readString(victim)).isEqualTo("keep\n");
  }
}
