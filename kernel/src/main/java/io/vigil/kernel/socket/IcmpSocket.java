package io.vigil.kernel.socket;

import static io.vigil.kernel.socket.MsgHdr.CMSG_DATA_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.CMSG_LEN_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.CMSG_LEVEL_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.CMSG_TYPE_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.MSGHDR_LENGTH;
import static io.vigil.kernel.socket.MsgHdr.MSG_CONTROLLEN_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.MSG_CONTROL_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.MSG_IOVLEN_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.MSG_IOV_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.MSG_NAMELEN_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.MSG_NAME_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SIN6_ADDR_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SIN_ADDR_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SIN_FAMILY_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SIN_PORT_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SOCKADDR_IN6_LENGTH;
import static io.vigil.kernel.socket.SockAddr.SOCKADDR_IN_LENGTH;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.vigil.kernel.Errno;
import io.vigil.kernel.JnaStart;
import io.vigil.kernel.KernelException;
import io.vigil.kernel.NativeSupport;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A non-blocking socket for ICMP (IPv4) or ICMPv6 echo, for one check: an unprivileged ping socket
 * ({@code socket(AF_INET[6], SOCK_DGRAM, IPPROTO_ICMP[V6])}, allowed when {@code
 * net.ipv4.ping_group_range} covers the process's group) when it can, a raw socket (CAP_NET_RAW)
 * otherwise. Either way {@link #receive} hands back the ICMP message from its type byte on: the
 * IPv4 header a raw IPv4 socket delivers is taken off here.
 *
 * <p>The two kinds differ in what the kernel does for the caller: a ping socket has its own echo
 * identifier ({@link #identifier()}, the kernel writes it into every request and delivers only the
 * replies that carry it); a raw socket sends the identifier the caller wrote and receives every
 * ICMP message of the host, so the caller must match replies. The kernel computes ICMPv6 checksums
 * on both kinds and ICMP checksums on ping sockets; on a raw IPv4 socket the caller's checksum is
 * sent as is.
 *
 * <pre>
 * struct sockaddr_in (16)                     struct sockaddr_in6 (28)
 *  0 family (host)  2 port (network)           0 family (host)  2 port (network)  4 flowinfo
 *  4 address (network)  8 zero (8)             8 address (16)  24 scope id (host)
 * </pre>
 *
 * The port of a ping socket's bound address is its echo identifier.
 *
 * <p>An ICMP error (destination unreachable, time exceeded) about a ping socket's request reaches
 * only that socket, and only with {@code IP_RECVERR} / {@code IPV6_RECVERR}, which a ping socket
 * here always has: it is queued with the offender's address ({@link #receiveError}). A raw socket
 * has no such option set (the kernel would report every raw ICMP socket's errors on each); it
 * receives the ICMP error message itself, like any other ICMP message.
 *
 * <pre>
 * struct sock_extended_err (16), the data of that control message ({@link MsgHdr}):
 *  0 errno (4)  4 origin  5 type  6 code  7 pad  8 info (4)  12 data (4)  16 the offender's sockaddr
 * </pre>
 */
public final class IcmpSocket implements AutoCloseable {
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_RAW = 3;
  static final int SOCK_NONBLOCK = 0x800;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int IPPROTO_ICMP = 1;
  static final int IPPROTO_ICMPV6 = 58;
  static final int SOL_SOCKET = 1;
  static final int SO_ERROR = 4;
  static final int SO_BINDTODEVICE = 25;
  static final int SO_MARK = 36;
  static final int MSG_DONTWAIT = 0x40;
  static final int MSG_ERRQUEUE = 0x2000;
  static final int IPPROTO_IP = 0;
  static final int IP_RECVERR = 11;
  static final int IPPROTO_IPV6 = 41;
  static final int IPV6_RECVERR = 25;

  static final int EE_ERRNO_OFFSET = 0;
  static final int EE_ORIGIN_OFFSET = EE_ERRNO_OFFSET + 4;
  static final int EE_TYPE_OFFSET = EE_ORIGIN_OFFSET + 1;
  static final int EE_CODE_OFFSET = EE_TYPE_OFFSET + 1;
  static final int EE_OFFENDER_OFFSET = 16;
  static final int CONTROL_LENGTH = 128;

  /** sock_extended_err's origin: the local stack. */
  public static final int ORIGIN_LOCAL = 1;

  /** sock_extended_err's origin: an ICMP or ICMPv6 message. */
  public static final int ORIGIN_ICMP = 2;

  public static final int ORIGIN_ICMP6 = 3;

  /**
   * IPv4 header: version in the high nibble of byte 0, header length in 32-bit words in the low.
   */
  static final int IPV4_VERSION_IHL_OFFSET = 0;

  static final int IPV4_IHL_MASK = 0x0f;
  static final int MAX_DATAGRAM = 4096;

  /** How the socket was opened. */
  public enum Kind {
    /** {@code SOCK_DGRAM}: a ping socket, allowed by {@code net.ipv4.ping_group_range}. */
    DATAGRAM,
    /** {@code SOCK_RAW}: needs CAP_NET_RAW. */
    RAW
  }

  /**
   * Where the socket sends from.
   *
   * @param bindTo the source address ({@code bindto}), or empty
   * @param bindIf the device to send through ({@code bind_if}, SO_BINDTODEVICE), or empty
   * @param fwmark the mark of the packets (SO_MARK), 0 for none
   * @param kinds the kinds to try, in order (by default a ping socket, then a raw one)
   */
  public record Options(
      Optional<InetAddress> bindTo, Optional<String> bindIf, int fwmark, List<Kind> kinds) {
    public Options {
      bindTo = bindTo == null ? Optional.empty() : bindTo;
      bindIf = bindIf == null ? Optional.empty() : bindIf;
      kinds = List.copyOf(kinds);
      if (kinds.isEmpty()) {
        throw new IllegalArgumentException("no socket kind to try");
      }
    }

    /** From anywhere, unmarked, a ping socket if allowed, else a raw one. */
    public static Options defaults() {
      return new Options(Optional.empty(), Optional.empty(), 0, List.of(Kind.DATAGRAM, Kind.RAW));
    }

    public Options withKinds(Kind... k) {
      return new Options(bindTo, bindIf, fwmark, List.of(k));
    }
  }

  /**
   * One error from a ping socket's error queue ({@code MSG_ERRQUEUE}).
   *
   * @param errno what the kernel made of it (EHOSTUNREACH, ...)
   * @param origin {@link #ORIGIN_ICMP}, {@link #ORIGIN_ICMP6}, {@link #ORIGIN_LOCAL}, ...
   * @param type the ICMP type, when it came from an ICMP message
   * @param code the ICMP code
   * @param offender who sent the ICMP message, when the kernel says
   * @param length the length of the payload copied into the caller's buffer: the request the error
   *     is about, from its ICMP type byte on
   */
  public record QueuedError(
      int errno, int origin, int type, int code, Optional<InetAddress> offender, int length) {}

  interface Lib extends Library {
    Lib INSTANCE = JnaStart.libc(Lib.class);

    int socket(int domain, int type, int protocol);

    int setsockopt(int fd, int level, int name, byte[] value, int len);

    int getsockopt(int fd, int level, int name, byte[] value, int[] len);

    int bind(int fd, byte[] addr, int addrLen);

    int getsockname(int fd, byte[] addr, int[] addrLen);

    long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen);

    long recvfrom(int fd, byte[] buf, long len, int flags, byte[] addr, int[] addrLen);

    long recvmsg(int fd, Pointer msg, int flags);

    int if_nametoindex(String name);

    int close(int fd);
  }

  private final int fd;
  private final boolean ipv6;
  private final Kind kind;
  private final int identifier;
  private final int scopeId;
  private final byte[] datagram = new byte[MAX_DATAGRAM];
  private final byte[] from = new byte[SOCKADDR_IN6_LENGTH];
  private final int[] fromLength = new int[1];
  private boolean closed;

  private IcmpSocket(int fd, boolean ipv6, Kind kind, int identifier, int scopeId) {
    this.fd = fd;
    this.ipv6 = ipv6;
    this.kind = kind;
    this.identifier = identifier;
    this.scopeId = scopeId;
  }

  /**
   * Opens a non-blocking, close-on-exec socket for ICMPv6 ({@code ipv6}) or ICMP echo. A kind that
   * the kernel does not allow (EACCES, EPERM) or know (EPROTONOSUPPORT, EAFNOSUPPORT) is passed
   * over for the next; when none is left the error says why each one was refused.
   */
  public static IcmpSocket open(boolean ipv6, Options options) {
    NativeSupport.ensureAvailable();
    Lib c = Lib.INSTANCE;
    int domain = ipv6 ? AF_INET6 : AF_INET;
    int protocol = ipv6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
    StringBuilder refused = new StringBuilder();
    int lastErrno = Errno.EPERM;
    for (Kind kind : options.kinds()) {
      int type = (kind == Kind.DATAGRAM ? SOCK_DGRAM : SOCK_RAW) | SOCK_NONBLOCK | SOCK_CLOEXEC;
      int fd = c.socket(domain, type, protocol);
      if (fd < 0) {
        lastErrno = Native.getLastError();
        if (lastErrno == Errno.EACCES
            || lastErrno == Errno.EPERM
            || lastErrno == Errno.EPROTONOSUPPORT
            || lastErrno == Errno.EAFNOSUPPORT) {
          refused.append(refused.isEmpty() ? "" : "; ").append(why(kind, lastErrno));
          continue;
        }
        throw new KernelException(
            "socket(" + (ipv6 ? "AF_INET6" : "AF_INET") + ", " + kind + ")", lastErrno);
      }
      try {
        return configure(fd, ipv6, kind, options);
      } catch (RuntimeException e) {
        c.close(fd);
        throw e;
      }
    }
    throw new KernelException("no ICMP socket: " + refused, lastErrno);
  }

  private static String why(Kind kind, int errno) {
    String name = Errno.name(errno);
    return kind == Kind.DATAGRAM
        ? "ping socket " + name + " (net.ipv4.ping_group_range does not cover the group)"
        : "raw socket " + name + " (needs CAP_NET_RAW)";
  }

  private static IcmpSocket configure(int fd, boolean ipv6, Kind kind, Options o) {
    Lib c = Lib.INSTANCE;
    int scopeId = 0;
    if (o.bindIf().isPresent()) {
      String ifname = o.bindIf().get();
      scopeId = c.if_nametoindex(ifname);
      if (scopeId == 0) {
        throw KernelException.lastError("if_nametoindex(" + ifname + ")");
      }
      byte[] dev = (ifname + "\0").getBytes(StandardCharsets.US_ASCII);
      check(
          c.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, dev.length),
          "SO_BINDTODEVICE " + ifname);
    }
    if (o.fwmark() != 0) {
      check(c.setsockopt(fd, SOL_SOCKET, SO_MARK, intBytes(o.fwmark()), 4), "SO_MARK");
    }
    if (o.bindTo().isPresent() && (o.bindTo().get() instanceof Inet6Address) != ipv6) {
      throw new KernelException(
          "bindto " + o.bindTo().get().getHostAddress() + " is not of the target's family",
          Errno.EAFNOSUPPORT);
    }
    if (kind == Kind.DATAGRAM) {
      check(
          ipv6
              ? c.setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, intBytes(1), 4)
              : c.setsockopt(fd, IPPROTO_IP, IP_RECVERR, intBytes(1), 4),
          ipv6 ? "IPV6_RECVERR" : "IP_RECVERR");
    }
    int identifier = -1;
    // a ping socket is always bound: binding picks its echo identifier, the port of its address
    if (kind == Kind.DATAGRAM || o.bindTo().isPresent()) {
      byte[] sa = SockAddr.of(ipv6, o.bindTo().orElse(null), scopeId);
      if (c.bind(fd, sa, sa.length) != 0) {
        throw KernelException.lastError(
            "bind " + o.bindTo().map(InetAddress::getHostAddress).orElse("any"));
      }
      if (kind == Kind.DATAGRAM) {
        byte[] local = new byte[SOCKADDR_IN6_LENGTH];
        int[] len = {local.length};
        check(c.getsockname(fd, local, len), "getsockname");
        identifier = ((local[SIN_PORT_OFFSET] & 0xff) << 8) | (local[SIN_PORT_OFFSET + 1] & 0xff);
      }
    }
    return new IcmpSocket(fd, ipv6, kind, identifier, scopeId);
  }

  /** The descriptor, for registering with an event loop; owned by this socket. */
  public int fd() {
    return fd;
  }

  public Kind kind() {
    return kind;
  }

  public boolean ipv6() {
    return ipv6;
  }

  /** A ping socket's echo identifier (the kernel puts it in every request); -1 for a raw one. */
  public int identifier() {
    return identifier;
  }

  /**
   * Sends one ICMP message (type byte first) to {@code destination}, without waiting. Throws with
   * errno when the kernel refuses it (EAGAIN included: the send buffer is full).
   */
  public void send(byte[] message, int len, InetAddress destination) {
    if ((destination instanceof Inet6Address) != ipv6) {
      throw new KernelException(
          "send to "
              + destination.getHostAddress()
              + " on an "
              + (ipv6 ? "ICMPv6" : "ICMP")
              + " socket",
          Errno.EAFNOSUPPORT);
    }
    byte[] sa = SockAddr.of(ipv6, destination, scopeId);
    long sent = Lib.INSTANCE.sendto(fd, message, len, MSG_DONTWAIT, sa, sa.length);
    if (sent < 0) {
      throw KernelException.lastError("sendto " + destination.getHostAddress());
    }
    if (sent != len) {
      throw new KernelException("sendto sent " + sent + " of " + len + " bytes", Errno.EMSGSIZE);
    }
  }

  /**
   * Reads one waiting message without blocking: copies the ICMP message (type byte first; a raw
   * IPv4 socket's IP header is skipped) into {@code buf} and returns its length, or -1 when nothing
   * is waiting. A message longer than {@code buf} is cut to fit. Throws with errno on a socket
   * error (an ICMP error the kernel reports on the socket, for instance).
   */
  public int receive(byte[] buf) {
    fromLength[0] = from.length;
    long n = Lib.INSTANCE.recvfrom(fd, datagram, datagram.length, MSG_DONTWAIT, from, fromLength);
    if (n < 0) {
      int errno = Native.getLastError();
      if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
        return -1;
      }
      throw new KernelException("recvfrom (ICMP)", errno);
    }
    int start = 0;
    if (kind == Kind.RAW && !ipv6) {
      if (n < 1 || (datagram[IPV4_VERSION_IHL_OFFSET] & 0xf0) != 0x40) {
        return 0;
      }
      start = (datagram[IPV4_VERSION_IHL_OFFSET] & IPV4_IHL_MASK) * 4;
      if (start > n) {
        return 0;
      }
    }
    int len = (int) Math.min(n - start, buf.length);
    System.arraycopy(datagram, start, buf, 0, len);
    return len;
  }

  /** The source address of the message {@link #receive} returned last. */
  public InetAddress lastSource() {
    try {
      if (ipv6) {
        byte[] a = new byte[16];
        System.arraycopy(from, SIN6_ADDR_OFFSET, a, 0, 16);
        return Inet6Address.getByAddress(a);
      }
      byte[] a = new byte[4];
      System.arraycopy(from, SIN_ADDR_OFFSET, a, 0, 4);
      return Inet4Address.getByAddress(a);
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  /**
   * Reads one error from the socket's error queue without blocking: the request it is about (from
   * its ICMP type byte on, cut to fit) into {@code buf}, and what the kernel said of it; empty when
   * the queue is empty. Reading the last one clears the socket's pending error.
   */
  public Optional<QueuedError> receiveError(byte[] buf) {
    if (Native.POINTER_SIZE != 8) {
      return Optional.empty(); // the layouts above are 64-bit; SO_ERROR still reports the errno
    }
    try (Memory msg = new Memory(MSGHDR_LENGTH);
        Memory name = new Memory(SOCKADDR_IN6_LENGTH);
        Memory iov = new Memory(16);
        Memory payload = new Memory(Math.max(1, buf.length));
        Memory control = new Memory(CONTROL_LENGTH)) {
      msg.clear();
      iov.setPointer(0, payload);
      iov.setLong(8, payload.size());
      msg.setPointer(MSG_NAME_OFFSET, name);
      msg.setInt(MSG_NAMELEN_OFFSET, SOCKADDR_IN6_LENGTH);
      msg.setPointer(MSG_IOV_OFFSET, iov);
      msg.setLong(MSG_IOVLEN_OFFSET, 1);
      msg.setPointer(MSG_CONTROL_OFFSET, control);
      msg.setLong(MSG_CONTROLLEN_OFFSET, CONTROL_LENGTH);
      long n = Lib.INSTANCE.recvmsg(fd, msg, MSG_ERRQUEUE | MSG_DONTWAIT);
      if (n < 0) {
        int errno = Native.getLastError();
        if (errno == Errno.EAGAIN || errno == Errno.EINTR) {
          return Optional.empty();
        }
        throw new KernelException("recvmsg MSG_ERRQUEUE (ICMP)", errno);
      }
      int length = (int) Math.min(n, buf.length);
      payload.read(0, buf, 0, length);
      byte[] cmsgs = control.getByteArray(0, (int) msg.getLong(MSG_CONTROLLEN_OFFSET));
      return Optional.ofNullable(extendedError(ipv6, cmsgs, length));
    }
  }

  /**
   * The sock_extended_err among {@code cmsgs} (IP_RECVERR / IPV6_RECVERR), with the offender that
   * follows it; null when there is none.
   */
  static QueuedError extendedError(boolean ipv6, byte[] cmsgs, int length) {
    ByteBuffer b = ByteBuffer.wrap(cmsgs).order(ByteOrder.nativeOrder());
    int at = 0;
    while (at + CMSG_DATA_OFFSET <= cmsgs.length) {
      long len = b.getLong(at + CMSG_LEN_OFFSET);
      if (len < CMSG_DATA_OFFSET || at + len > cmsgs.length) {
        return null;
      }
      int level = b.getInt(at + CMSG_LEVEL_OFFSET);
      int type = b.getInt(at + CMSG_TYPE_OFFSET);
      boolean ours =
          ipv6
              ? level == IPPROTO_IPV6 && type == IPV6_RECVERR
              : level == IPPROTO_IP && type == IP_RECVERR;
      int ee = at + CMSG_DATA_OFFSET;
      if (ours && len >= CMSG_DATA_OFFSET + EE_OFFENDER_OFFSET) {
        Optional<InetAddress> offender = Optional.empty();
        int sa = ee + EE_OFFENDER_OFFSET;
        int family = sa + 2 <= cmsgs.length ? b.getShort(sa + SIN_FAMILY_OFFSET) : 0;
        if (family == AF_INET && sa + SOCKADDR_IN_LENGTH <= at + len) {
          offender = Optional.of(address(cmsgs, sa + SIN_ADDR_OFFSET, 4));
        } else if (family == AF_INET6 && sa + SOCKADDR_IN6_LENGTH <= at + len) {
          offender = Optional.of(address(cmsgs, sa + SIN6_ADDR_OFFSET, 16));
        }
        return new QueuedError(
            b.getInt(ee + EE_ERRNO_OFFSET),
            cmsgs[ee + EE_ORIGIN_OFFSET] & 0xff,
            cmsgs[ee + EE_TYPE_OFFSET] & 0xff,
            cmsgs[ee + EE_CODE_OFFSET] & 0xff,
            offender,
            length);
      }
      at += (int) MsgHdr.align(len);
    }
    return null;
  }

  private static InetAddress address(byte[] b, int at, int n) {
    try {
      return InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, at, at + n));
    } catch (UnknownHostException e) {
      throw new AssertionError("4 or 16 bytes are always an address", e);
    }
  }

  /** The socket's pending error (SO_ERROR, cleared by reading it), 0 when none. */
  public int pendingError() {
    byte[] v = new byte[4];
    int[] len = {4};
    check(Lib.INSTANCE.getsockopt(fd, SOL_SOCKET, SO_ERROR, v, len), "getsockopt SO_ERROR");
    return ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt();
  }

  /** Closes the descriptor once; later calls do nothing. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      Lib.INSTANCE.close(fd);
    }
  }

  private static byte[] intBytes(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
  }

  private static void check(int rc, String what) {
    if (rc != 0) {
      throw KernelException.lastError(what);
    }
  }
}
