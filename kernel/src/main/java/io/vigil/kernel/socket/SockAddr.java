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

  /** A {@code sockaddr_in} of {@code address}, port 0. */
  static byte[] in(java.net.Inet4Address address) {
    byte[] b = new byte[SOCKADDR_IN_LENGTH];
    java.nio.ByteBuffer.wrap(b)
        .order(java.nio.ByteOrder.nativeOrder())
        .putShort(SIN_FAMILY_OFFSET, (short) 2); // AF_INET
    System.arraycopy(address.getAddress(), 0, b, SIN_ADDR_OFFSET, 4);
    return b;
  }

  /** A {@code sockaddr_in6} of {@code address}, port 0, on {@code scopeId} (a link-local's). */
  static byte[] in6(java.net.Inet6Address address, int scopeId) {
    byte[] b = new byte[SOCKADDR_IN6_LENGTH];
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.nativeOrder());
    buf.putShort(SIN6_FAMILY_OFFSET, (short) 10); // AF_INET6
    System.arraycopy(address.getAddress(), 0, b, SIN6_ADDR_OFFSET, 16);
    buf.putInt(SIN6_SCOPE_ID_OFFSET, scopeId);
    return b;
  }
}
