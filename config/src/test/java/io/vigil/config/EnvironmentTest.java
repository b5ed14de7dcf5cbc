package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvironmentTest {
  @Test
  void defaultConfigIdIsTheShortHostName() throws Exception {
    String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    String shortName = host.contains(".") ? host.substring(0, host.indexOf('.')) : host;
    assertThat(Environment.host(null).configId()).isEqualTo(shortName).doesNotContain(".");
    assertThat(Environment.host("lb7").configId()).isEqualTo("lb7");
  }

  @Test
  void hostKnowsItsLoopbackAndFiles() {
    Environment env = Environment.host(null);
    assertThat(env.interfaceExists().test("lo")).isTrue();
    assertThat(env.interfaceExists().test("no-such-if9")).isFalse();
    assertThat(env.programExists().test("/proc/self/status")).isTrue();
    assertThat(env.programExists().test("/no/such/program")).isFalse();
  }

  @Test
  void aBareProgramNameIsSearchedInThePath(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("chk"), "#!/bin/sh\n");
    String path = "/no/such/dir:" + dir;
    // not executable (no x bit for anyone, so not for root either): not what execvp runs
    assertThat(Environment.programFile("chk", path)).isEmpty();
    Files.setPosixFilePermissions(
        dir.resolve("chk"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(Environment.programFile("chk", path)).contains(dir.resolve("chk"));
    assertThat(Environment.programFile("nope", path)).isEmpty();
    assertThat(Environment.programFile("sh", null)).contains(Path.of("/bin/sh"));
    assertThat(Environment.programFile(dir + "/chk", "/")).contains(dir.resolve("chk"));
    assertThat(Environment.programFile("", path)).isEmpty();
  }

  @Test
  void fixedHostHasExactlyItsInterfaces() {
    Environment env = Environment.fixed("n", Set.of("eth0"));
    assertThat(env.interfaceExists().test("eth0")).isTrue();
    assertThat(env.interfaceExists().test("eth1")).isFalse();
  }
}
