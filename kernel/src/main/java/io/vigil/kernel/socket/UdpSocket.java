package io.vigil.kernel.socket;

import static io.vigil.kernel.socket.SockAddr.SIN6_ADDR_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SIN6_PORT_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SIN_PORT_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SOCKADDR_IN6_LENGTH;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.vigil.kernel.Errno;
import io.vigil.kernel.KernelException;
import io.vigil.kernel.NativeSupport;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * A UDP socket as BFD (RFC 5881) uses them, close-on-exec: either one that listens on a port for
 * IPv4 and IPv6 at once (an IPv6 socket taking IPv4-mapped addresses) and gives each datagram its
 * source, destination and received TTL / hop limit (IP_RECVTTL, IPV6_RECVHOPLIMIT,
 * IPV6_RECVPKTINFO: the ancillary data of recvmsg, see {@link RawIpv6Socket}), or one that sends to
 * one neighbour with a set TTL / hop limit from a source address and a port of a range.
 */
public final class UdpSocket implements AutoCloseable {
  static final int AF_INET = 2;
  static final int AF_INET6 = 10;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int IPPROTO_IP = 0;
  static final int IPPROTO_UDP = 17;
  static final int IPPROTO_IPV6 = 41;
  static final int IP_TTL = 2;
  static final int IP_RECVTTL = 12;
  static final int IPV6_UNICAST_HOPS = 16;
  static final int IPV6_V6ONLY = 26;
  static final int IPV6_RECVPKTINFO = 49;
  static final int IPV6_PKTINFO = 50;
  static final int IPV6_RECVHOPLIMIT = 51;
  static final int IPV6_HOPLIMIT = 52;

  /** What came with the last datagram {@link #receiveWithin} returned. */
  public static final class Received {
    private InetAddress source;
    private InetAddress destination;
    private int ttl = -1;

    /** The sender, IPv4 for an IPv4 datagram (not IPv4-mapped). */
    public InetAddress source() {
      return source;
    }

    /** The address it was sent to, or null when the kernel did not say. */
    public InetAddress destination() {
      return destination;
    }

    /** The TTL (IPv4) or hop limit (IPv6) it arrived with, or -1 when the kernel did not say. */
    public int ttl() {
      return ttl;
    }
  }

  private final int fd;
  private final String what;
  private final boolean ipv6;
  private final MsgReceiver receiver;
  private final byte[] addr16 = new byte[16];
  private Memory sendData;
  private final Memory sendAddress = new Memory(SOCKADDR_IN6_LENGTH);
  private int sendAddressLength;
  private InetAddress sendAddressOf;
  private int sendPortOf;
  private volatile boolean closed;

  private UdpSocket(int fd, boolean ipv6, String what) {
    this.fd = fd;
    this.ipv6 = ipv6;
    this.what = what;
    this.receiver = new MsgReceiver(fd, what);
  }

  /**
   * A socket on every address, IPv4 and IPv6, port {@code port}, that reports each datagram's TTL /
   * hop limit and destination.
   */
  public static UdpSocket listen(int port) {
    NativeSupport.ensureAvailable();
    if (Native.POINTER_SIZE != 8) {
      throw new KernelException(
          "UDP sockets with ancillary data need a 64-bit JVM (msghdr layout)", Errno.EOPNOTSUPP);
    }
    int fd = SocketLibc.socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
    if (fd < 0) {
      throw KernelException.lastError("socket(AF_INET6, SOCK_DGRAM)");
    }
    try {
      SocketLibc.setInt(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0, "IPV6_V6ONLY 0");
      SocketLibc.setInt(fd, IPPROTO_IP, IP_RECVTTL, 1, "IP_RECVTTL");
      SocketLibc.setInt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
      SocketLibc.setInt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
      SocketLibc.bind(fd, withPort(SockAddr.of(true, null, 0), true, port), "bind [::]:" + port);
      return new UdpSocket(fd, true, "udp [::]:" + port);
    } catch (RuntimeException e) {
      SocketLibc.close(fd);
      throw e;
    }
  }

  /**
   * A socket for sending to one neighbour of {@code neighbour}'s family with TTL / hop limit {@code
   * ttl}; bound to {@code source} (when not null) on a free port from {@code firstPort} to {@code
   * lastPort}, tried from {@code startPort} on (wrapping), as RFC 5881 wants the source port in
   * 49152-65535.
   */
  public static UdpSocket sender(
      InetAddress neighbour,
      InetAddress source,
      int ttl,
      int firstPort,
      int lastPort,
      int startPort) {
    NativeSupport.ensureAvailable();
    boolean v6 = neighbour instanceof Inet6Address;
    int fd = SocketLibc.socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
    if (fd < 0) {
      throw KernelException.lastError("socket(UDP)");
    }
    try {
      if (v6) {
        SocketLibc.setInt(fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, ttl, "IPV6_UNICAST_HOPS " + ttl);
      } else {
        SocketLibc.setInt(fd, IPPROTO_IP, IP_TTL, ttl, "IP_TTL " + ttl);
      }
      if (source != null) {
        int port = Math.max(firstPort, Math.min(lastPort, startPort));
        int first = port;
        while (true) {
          byte[] sa = withPort(SockAddr.of(v6, source, 0), v6, port);
          if (SocketLibc.bind(fd, sa, sa.length) == 0) {
            break;
          }
          int errno = Native.getLastError();
          port = port >= lastPort ? firstPort : port + 1;
          if (errno != Errno.EADDRINUSE || port == first) {
            throw new KernelException("bind " + source.getHostAddress() + " (UDP)", errno);
          }
        }
      }
      return new UdpSocket(fd, v6, "udp to " + neighbour.getHostAddress());
    } catch (RuntimeException e) {
      SocketLibc.close(fd);
      throw e;
    }
  }

  private static byte[] withPort(byte[] sockaddr, boolean v6, int port) {
    int at = v6 ? SIN6_PORT_OFFSET : SIN_PORT_OFFSET;
    sockaddr[at] = (byte) (port >>> 8);
    sockaddr[at + 1] = (byte) port;
    return sockaddr;
  }

  /** Sends {@code len} bytes to {@code to}, port {@code port}. */
  public void send(byte[] payload, int len, InetAddress to, int port) {
    if (!to.equals(sendAddressOf) || port != sendPortOf) {
      byte[] sa = withPort(SockAddr.of(ipv6, ipv6 ? mapped(to) : to, 0), ipv6, port);
      sendAddress.clear();
      sendAddress.write(0, sa, 0, sa.length);
      sendAddressLength = sa.length;
      sendAddressOf = to;
      sendPortOf = port;
    }
    sendData = SocketLibc.atLeast(sendData, len);
    sendData.write(0, payload, 0, len);
    long sent = SocketLibc.sendto(fd, sendData, len, 0, sendAddress, sendAddressLength);
    if (sent < 0) {
      throw KernelException.lastError("sendto " + to.getHostAddress() + " (" + what + ")");
    }
    if (sent != len) {
      throw new KernelException("sendto sent " + sent + " of " + len + " bytes", Errno.EMSGSIZE);
    }
  }

  /** An IPv6 socket sends to an IPv4 address through its IPv4-mapped form. */
  private static InetAddress mapped(InetAddress a) {
    if (a instanceof Inet6Address) {
      return a;
    }
    byte[] m = new byte[16];
    m[10] = (byte) 0xff;
    m[11] = (byte) 0xff;
    System.arraycopy(a.getAddress(), 0, m, 12, 4);
    try {
      return Inet6Address.getByAddress(null, m, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * From now on {@link #receiveWithin} also ends, returning -1, when {@code wakeup} is woken. On
   * the receiving thread, or before it starts.
   */
  public void wakeUpWith(Wakeup wakeup) {
    receiver.wakeUpWith(wakeup);
  }

  /**
   * Waits up to {@code timeoutNs} for a datagram; copies it into {@code buf} and what came with it
   * into {@code info}. Returns its length, or -1 (nothing came, a signal, or a {@link #wakeUpWith
   * wake-up}).
   */
  public int receiveWithin(byte[] buf, long timeoutNs, Received info) {
    int n = receiver.receive(buf, timeoutNs);
    if (n < 0) {
      return -1;
    }
    receiver.name().read(SIN6_ADDR_OFFSET, addr16, 0, 16);
    info.source = unmapped(addr16);
    info.ttl = -1;
    info.destination = null;
    receiving = info;
    receiver.eachCmsg(cmsg);
    return n;
  }

  private Received receiving;

  private final MsgReceiver.Cmsg cmsg =
      (level, type, control, at) -> {
        if ((level == IPPROTO_IP && type == IP_TTL)
            || (level == IPPROTO_IPV6 && type == IPV6_HOPLIMIT)) {
          receiving.ttl = control.getInt(at);
        } else if (level == IPPROTO_IPV6 && type == IPV6_PKTINFO) {
          byte[] d = new byte[16];
          control.read(at, d, 0, 16);
          receiving.destination = unmapped(d);
        }
      };

  /** An IPv4-mapped IPv6 address as the IPv4 address it stands for. */
  static InetAddress unmapped(byte[] sixteen) {
    boolean mapped = sixteen[10] == (byte) 0xff && sixteen[11] == (byte) 0xff;
    for (int i = 0; i < 10 && mapped; i++) {
      mapped = sixteen[i] == 0;
    }
    try {
      if (mapped) {
        return Inet4Address.getByAddress(Arrays.copyOfRange(sixteen, 12, 16));
      }
      return Inet6Address.getByAddress(null, sixteen.clone(), -1);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      SocketLibc.close(fd);
    }
  }
}
