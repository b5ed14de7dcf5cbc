package io.vigil.kernel.socket;

/**
 * The layouts of {@code struct sockaddr_in} and {@code struct sockaddr_in6} (linux/in.h, in6.h),
 * shared by the raw IP and ICMP sockets. Family in host order; port and addresses in network order.
 *
 * <pre>
 *  sockaddr_in:  family(2) port(2) addr(4) zero(8)                       = 16
 *  sockaddr_in6: family(2) port(2) flowinfo(4) addr(16) scope_id(4)      = 28
 * </pre>
 */
final class SockAddr {
  private SockAddr() {}

  static final int SIN_FAMILY_OFFSET = 0;
  static final int SIN_PORT_OFFSET = SIN_FAMILY_OFFSET + 2;
  static final int SIN_ADDR_OFFSET = SIN_PORT_OFFSET + 2;
  static final int SOCKADDR_IN_LENGTH = 16;

  static final int SIN6_FAMILY_OFFSET = 0;
  static final int SIN6_PORT_OFFSET = SIN6_FAMILY_OFFSET + 2;
  static final int SIN6_FLOWINFO_OFFSET = SIN6_PORT_OFFSET + 2;
  static final int SIN6_ADDR_OFFSET = SIN6_FLOWINFO_OFFSET + 4;
  static final int SIN6_SCOPE_ID_OFFSET = SIN6_ADDR_OFFSET + 16;
  static final int SOCKADDR_IN6_LENGTH = SIN6_SCOPE_ID_OFFSET + 4;

  static final int AF_INET = 2;
  static final int AF_INET6 = 10;

  /**
   * A {@code sockaddr_in} ({@code sockaddr_in6} with {@code ipv6}) of {@code address} (null: the
   * any address), port 0; a link-local IPv6 address on {@code scopeId}.
   */
  static byte[] of(boolean ipv6, java.net.InetAddress address, int scopeId) {
    if (ipv6) {
      byte[] sa = new byte[SOCKADDR_IN6_LENGTH];
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(sa).order(java.nio.ByteOrder.nativeOrder());
      bb.putShort(SIN6_FAMILY_OFFSET, (short) AF_INET6);
      if (address != null) {
        System.arraycopy(address.getAddress(), 0, sa, SIN6_ADDR_OFFSET, 16);
        if (address.isLinkLocalAddress()) {
          bb.putInt(SIN6_SCOPE_ID_OFFSET, scopeId);
        }
      }
      return sa;
    }
    byte[] sa = new byte[SOCKADDR_IN_LENGTH];
    java.nio.ByteBuffer.wrap(sa)
        .order(java.nio.ByteOrder.nativeOrder())
        .putShort(SIN_FAMILY_OFFSET, (short) AF_INET);
    if (address != null) {
      System.arraycopy(address.getAddress(), 0, sa, SIN_ADDR_OFFSET, 4);
    }
    return sa;
  }
}
