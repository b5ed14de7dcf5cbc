package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

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
