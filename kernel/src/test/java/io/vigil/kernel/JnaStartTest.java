package io.vigil.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Platform;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JnaStartTest {
  @TempDir Path tmp;

  private static URL stub() {
    URL url =
        JnaStartTest.class
            .getClassLoader()
            .getResource(
                "com/sun/jna/"
                    + Platform.RESOURCE_PREFIX
                    + "/"
                    + System.mapLibraryName("jnidispatch"));
    assertThat(url).as("JNA's jar holds this platform's stub").isNotNull();
    return url;
  }

  @Test
  void unpacksTheStubOnceUnderItsCrcAndReusesIt() throws Exception {
    Path dir = tmp.resolve("jni");
    String name = JnaStart.cached(dir, stub());
    assertThat(name).matches("jnidispatch-[0-9a-f]+");
    Path file = dir.resolve(System.mapLibraryName(name));
    byte[] expected;
    try (InputStream in = stub().openStream()) {
      expected = in.readAllBytes();
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(expected);
    assertThat(Files.list(dir)).as("no partial file left").containsExactly(file);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .as("readable by the daemon's user whatever the umask")
        .isEqualTo("rw-r--r--");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwxr-xr-x");

    FileTime written = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(file, written);
    assertThat(JnaStart.cached(dir, stub())).isEqualTo(name);
    assertThat(Files.getLastModifiedTime(file)).as("not written again").isEqualTo(written);
  }

  @Test
  void aTruncatedCopyIsReplaced() throws Exception {
    Path dir = tmp.resolve("jni");
    String name = JnaStart.cached(dir, stub());
    Path file = dir.resolve(System.mapLibraryName(name));
    long size = Files.size(file);
    Files.write(file, new byte[] {1, 2, 3});
    assertThat(JnaStart.cached(dir, stub())).isEqualTo(name);
    assertThat(Files.size(file)).isEqualTo(size);
  }

  @Test
  void noCopyAndNoWayToMakeOneLeavesJnaToItsOwnWays() throws Exception {
    Path notADir = Files.writeString(tmp.resolve("file"), "x");
    assertThat(JnaStart.cached(notADir.resolve("jni"), stub())).isNull();
    assertThat(JnaStart.cached(tmp, tmp.toUri().toURL())).as("not a jar entry").isNull();
  }
}
