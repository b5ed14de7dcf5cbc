package io.vigil.kernel;

import java.nio.charset.StandardCharsets;

/**
 * The systemd notification protocol (sd_notify(3)) without libsystemd: one datagram to the AF_UNIX
 * socket named by {@code $NOTIFY_SOCKET} (a path, or an abstract name starting with '@').
 *
 * <pre>
 * struct sockaddr_un (110 bytes)
 *  0      2                                            110
 *  +------+---------------------------------------------+
 *  |family|  sun_path[108]: path + NUL, or NUL + name   |
 *  +------+---------------------------------------------+
 *  family: AF_UNIX, host byte order (little-endian on the machines we run on)
 * </pre>
 *
 * <p>When {@code $NOTIFY_SOCKET} is unset (not started by systemd with Type=notify), every call is
 * a no-op that returns false.
 */
public final class SdNotify {
  static final int FAMILY_OFFSET = 0;
  static final int PATH_OFFSET = FAMILY_OFFSET + 2;
  static final int PATH_MAX_LENGTH = 108;

  private final byte[] address;
  private final int addressLength;

  private SdNotify(byte[] address, int addressLength) {
    this.address = address;
    this.addressLength = addressLength;
  }

  /** The notifier for this process's environment (a no-op one when not under systemd). */
  public static SdNotify fromEnvironment() {
    return forSocket(System.getenv("NOTIFY_SOCKET"));
  }

  /** A notifier that sends to {@code socket} (a path or an '@' abstract name), or a no-op. */
  public static SdNotify forSocket(String socket) {
    if (socket == null || socket.isEmpty()) {
      return new SdNotify(null, 0);
    }
    byte[] name = socket.getBytes(StandardCharsets.UTF_8);
    if (name.length >= PATH_MAX_LENGTH) {
      throw new IllegalArgumentException("NOTIFY_SOCKET is too long: " + socket);
    }
    byte[] sa = new byte[PATH_OFFSET + PATH_MAX_LENGTH];
    sa[FAMILY_OFFSET] = (byte) LibC.AF_UNIX;
    sa[FAMILY_OFFSET + 1] = 0;
    System.arraycopy(name, 0, sa, PATH_OFFSET, name.length);
    int len;
    if (name[0] == '@') {
      sa[PATH_OFFSET] = 0; // abstract namespace: leading NUL, no trailing NUL counted
      len = PATH_OFFSET + name.length;
    } else {
      len = PATH_OFFSET + name.length + 1;
    }
    return new SdNotify(sa, len);
  }

  /** True when systemd asked for notifications. */
  public boolean enabled() {
    return address != null;
  }

  /**
   * Sends {@code state} (newline-separated assignments such as {@code READY=1\nSTATUS=...}).
   * Returns false when disabled; throws {@link KernelException} when the send fails.
   */
  public boolean send(String state) {
    if (address == null) {
      return false;
    }
    LibC c = LibC.INSTANCE;
    int fd = c.socket(LibC.AF_UNIX, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw KernelException.lastError("socket(AF_UNIX) for sd_notify");
    }
    try {
      byte[] msg = state.getBytes(StandardCharsets.UTF_8);
      if (c.sendto(fd, msg, msg.length, LibC.MSG_NOSIGNAL, address, addressLength) < 0) {
        throw KernelException.lastError("sd_notify send");
      }
      return true;
    } finally {
      c.close(fd);
    }
  }

  byte[] addressForTest() {
    return address.clone();
  }

  int addressLengthForTest() {
    return addressLength;
  }
}
