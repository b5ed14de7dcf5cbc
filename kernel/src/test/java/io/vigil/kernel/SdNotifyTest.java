package io.vigil.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SdNotifyTest {
  @Test
  void withoutNotifySocketEverySendIsANoOp() {
    SdNotify n = SdNotify.forSocket(null);
    assertThat(n.enabled()).isFalse();
    assertThat(n.send("READY=1")).isFalse();
  }

  @Test
  void sendsOneDatagramToAPathSocket(@TempDir Path dir) {
    Path sock = dir.resolve("notify");
    try (Receiver r = Receiver.bind(SdNotify.forSocket(sock.toString()))) {
      assertThat(SdNotify.forSocket(sock.toString()).send("READY=1\nSTATUS=serving 2 VIPs"))
          .isTrue();
      assertThat(r.receive()).isEqualTo("READY=1\nSTATUS=serving 2 VIPs");
    }
    assertThat(Files.exists(sock)).isTrue();
  }

  @Test
  void sendsToAnAbstractSocket() {
    String name = "@vigil-test-" + ProcessHandle.current().pid();
    try (Receiver r = Receiver.bind(SdNotify.forSocket(name))) {
      assertThat(SdNotify.forSocket(name).send("STOPPING=1")).isTrue();
      assertThat(r.receive()).isEqualTo("STOPPING=1");
    }
  }

  @Test
  void aMissingSocketIsAnErrorNamingErrno(@TempDir Path dir) {
    SdNotify n = SdNotify.forSocket(dir.resolve("absent").toString());
    assertThatThrownBy(() -> n.send("READY=1"))
        .isInstanceOf(KernelException.class)
        .hasMessageContaining("ENOENT");
  }

  /** The systemd side, for the test: a bound AF_UNIX datagram socket. */
  private record Receiver(int fd) implements AutoCloseable {
    static Receiver bind(SdNotify target) {
      LibC c = LibC.INSTANCE;
      int fd = c.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
      assertThat(fd).isNotNegative();
      assertThat(c.bind(fd, target.addressForTest(), target.addressLengthForTest())).isZero();
      return new Receiver(fd);
    }

    String receive() {
      byte[] buf = new byte[4096];
      long n = LibC.INSTANCE.recv(fd, buf, buf.length, 0);
      assertThat(n).isPositive();
      return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
      LibC.INSTANCE.close(fd);
    }
  }
}
