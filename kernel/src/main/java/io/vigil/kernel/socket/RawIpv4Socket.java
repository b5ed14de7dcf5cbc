package io.vigil.kernel.socket;

import static io.vigil.kernel.socket.SockAddr.SIN_ADDR_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SIN_FAMILY_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SOCKADDR_IN_LENGTH;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.vigil.kernel.Errno;
import io.vigil.kernel.KernelException;
import io.vigil.kernel.NativeSupport;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A raw IPv4 socket for one IP protocol (VRRP: 112) on one interface: close-on-exec, bound to the
 * device, TTL 255 for multicast sends and 255 unless told otherwise for unicast ones, multicast
 * loopback off, optionally a multicast group joined on the interface. What it receives starts with
 * the IPv4 header (raw(7)).
 *
 * <pre>
 * struct sockaddr_in (16 bytes)            struct ip_mreqn (12 bytes)
 *  0        2        4                8     0                4                8
 *  +--------+--------+----------------+     +----------------+----------------+--------+
 *  | family |  port  |   address      |     | group address  | local address  | ifindex|
 *  | host   | network| network order  |     | network order  | network order  | host   |
 *  +--------+--------+----------------+     +----------------+----------------+--------+
 *  + 8 bytes zero
 * </pre>
 */
public final class RawIpv4Socket implements AutoCloseable {
  static final int AF_INET = 2;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int SOL_SOCKET = 1;
  static final int SO_BINDTODEVICE = 25;
  static final int IPPROTO_IP = 0;
  static final int IP_TOS = 1;
  static final int IP_TTL = 2;
  static final int IP_HDRINCL = 3;
  static final int IP_MULTICAST_IF = 32;
  static final int IP_MULTICAST_TTL = 33;
  static final int IP_MULTICAST_LOOP = 34;
  static final int IP_ADD_MEMBERSHIP = 35;
  static final int MAX_DATAGRAM = 65_536;

  static final int MREQN_MULTIADDR_OFFSET = 0;
  static final int MREQN_ADDRESS_OFFSET = MREQN_MULTIADDR_OFFSET + 4;
  static final int MREQN_IFINDEX_OFFSET = MREQN_ADDRESS_OFFSET + 4;
  static final int MREQN_LENGTH = MREQN_IFINDEX_OFFSET + 4;

  /** DSCP CS6 (network control), the TOS keepalived puts on adverts (0xc0). */
  public static final int TOS_NETWORK_CONTROL = 0xc0;

  private final int fd;
  private final String ifname;
  private final int ifindex;
  private InputWait wait;
  private final Memory data = new Memory(MAX_DATAGRAM);
  // what send() hands the kernel, in native memory: a byte[] argument would be copied in and out
  // of a malloc'd block at every call; the sockaddr is built again only for another destination
  private Memory sendData;
  private final Memory sendAddress = new Memory(SOCKADDR_IN_LENGTH);
  private Inet4Address sendAddressOf;
  private volatile boolean closed;

  private RawIpv4Socket(int fd, String ifname, int ifindex) {
    this.fd = fd;
    this.wait = new InputWait(fd, "raw " + ifname);
    this.ifname = ifname;
    this.ifindex = ifindex;
  }

  /**
   * Opens the socket on {@code ifname}. With {@code group} non-null, binds to it, joins it on the
   * interface and sends multicast from {@code localAddress}; without, binds to {@code localAddress}
   * (unless null or the any address), the source of its unicast sends. Unicast sends have TTL 255.
   */
  public static RawIpv4Socket open(
      int protocol, String ifname, Inet4Address group, Inet4Address localAddress) {
    return open(protocol, ifname, group, localAddress, 255);
  }

  /** The same, with {@code unicastTtl} (1-255) on unicast sends (keepalived's unicast_ttl). */
  public static RawIpv4Socket open(
      int protocol, String ifname, Inet4Address group, Inet4Address localAddress, int unicastTtl) {
    return open(protocol, ifname, group, localAddress, unicastTtl, false);
  }

  /**
   * The same, but what {@link #send} is given starts with the IPv4 header, sent as it is ({@code
   * IP_HDRINCL}: the kernel fills in the checksum and the total length, and the identification and
   * source address only where they are zero). For a header a signature covers (IPsec AH).
   */
  public static RawIpv4Socket openHeaderIncluded(
      int protocol, String ifname, Inet4Address group, Inet4Address localAddress) {
    return open(protocol, ifname, group, localAddress, 255, true);
  }

  private static RawIpv4Socket open(
      int protocol,
      String ifname,
      Inet4Address group,
      Inet4Address localAddress,
      int unicastTtl,
      boolean headerIncluded) {
    NativeSupport.ensureAvailable();
    int ifindex = SocketLibc.if_nametoindex(ifname);
    if (ifindex == 0) {
      throw KernelException.lastError("if_nametoindex(" + ifname + ")");
    }
    int fd = SocketLibc.socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, protocol);
    if (fd < 0) {
      throw KernelException.lastError("socket(AF_INET, SOCK_RAW, " + protocol + ")");
    }
    try {
      byte[] dev = (ifname + "\0").getBytes(StandardCharsets.US_ASCII);
      SocketLibc.set(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, dev.length, "SO_BINDTODEVICE " + ifname);
      SocketLibc.setInt(fd, IPPROTO_IP, IP_TTL, unicastTtl, "IP_TTL " + unicastTtl);
      SocketLibc.setInt(fd, IPPROTO_IP, IP_TOS, TOS_NETWORK_CONTROL, "IP_TOS");
      SocketLibc.setInt(fd, IPPROTO_IP, IP_MULTICAST_TTL, 255, "IP_MULTICAST_TTL");
      SocketLibc.setInt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
      if (headerIncluded) {
        SocketLibc.setInt(fd, IPPROTO_IP, IP_HDRINCL, 1, "IP_HDRINCL");
      }
      if (group == null && localAddress != null && !localAddress.isAnyLocalAddress()) {
        // unicast: sent from it, as keepalived binds its unicast_src_ip; the kernel would pick
        // the route's preferred source instead, which a peer does not know as ours
        SocketLibc.bind(
            fd,
            SockAddr.of(false, localAddress, 0),
            "bind " + localAddress.getHostAddress() + " on " + ifname);
      }
      if (group != null) {
        // bound to the group, as keepalived binds its socket: only what is sent to it arrives
        // (another group's adverts, or a unicast one, are another VRID space)
        SocketLibc.bind(
            fd, SockAddr.of(false, group, 0), "bind " + group.getHostAddress() + " on " + ifname);
        byte[] mreqn = mreqn(group, localAddress, ifindex);
        SocketLibc.set(fd, IPPROTO_IP, IP_MULTICAST_IF, mreqn, MREQN_LENGTH, "IP_MULTICAST_IF");
        SocketLibc.set(
            fd,
            IPPROTO_IP,
            IP_ADD_MEMBERSHIP,
            mreqn,
            MREQN_LENGTH,
            "IP_ADD_MEMBERSHIP " + group.getHostAddress());
      }
      return new RawIpv4Socket(fd, ifname, ifindex);
    } catch (RuntimeException e) {
      SocketLibc.close(fd);
      throw e;
    }
  }

  public String ifname() {
    return ifname;
  }

  /**
   * Asks for a receive buffer of {@code bytes} (keepalived's {@code vrrp_rx_bufs_policy} / {@code
   * kernel_rx_buf_size}); returns the size the kernel gave it (twice the request, at most twice
   * net.core.rmem_max).
   */
  public int receiveBuffer(int bytes) {
    return SocketLibc.receiveBuffer(fd, bytes);
  }

  public int ifindex() {
    return ifindex;
  }

  /**
   * Sends {@code len} bytes of payload; the kernel adds the IPv4 header (unless the socket was
   * opened {@linkplain #openHeaderIncluded with the header included}: then they start with it).
   */
  public void send(byte[] payload, int len, Inet4Address destination) {
    if (!destination.equals(sendAddressOf)) {
      sendAddress.clear();
      sendAddress.setShort(SIN_FAMILY_OFFSET, (short) AF_INET);
      sendAddress.write(SIN_ADDR_OFFSET, destination.getAddress(), 0, 4);
      sendAddressOf = destination;
    }
    sendData = SocketLibc.atLeast(sendData, len);
    sendData.write(0, payload, 0, len);
    long sent = SocketLibc.sendto(fd, sendData, len, 0, sendAddress, SOCKADDR_IN_LENGTH);
    if (sent < 0) {
      throw KernelException.lastError("sendto " + destination.getHostAddress() + " on " + ifname);
    }
    if (sent != len) {
      throw new KernelException("sendto sent " + sent + " of " + len + " bytes", Errno.EMSGSIZE);
    }
  }

  /**
   * From now on {@link #receiveWithin} also ends, as a timeout, when {@code wakeup} is woken. On
   * the receiving thread, before or between its waits.
   */
  public void wakeUpWith(Wakeup wakeup) {
    wait = new InputWait(fd, wakeup, "raw " + ifname);
  }

  /** {@link #receiveWithin} for up to {@code timeoutMs} milliseconds. */
  public int receive(byte[] buf, int timeoutMs) {
    return receiveWithin(buf, timeoutMs * 1_000_000L);
  }

  /**
   * Waits up to {@code timeoutNs} (to the nanosecond) for a datagram (IPv4 header first) and copies
   * it into {@code buf}; returns its length, or -1 when none came in time (or a {@link #wakeUpWith
   * wake-up} came first).
   */
  public int receiveWithin(byte[] buf, long timeoutNs) {
    if (wait.await(timeoutNs) != InputWait.End.INPUT) {
      return -1;
    }
    long n = SocketLibc.recv(fd, data, Math.min(buf.length, MAX_DATAGRAM), 0);
    if (n < 0) {
      int errno = Native.getLastError();
      if (errno == Errno.EINTR || errno == Errno.EAGAIN) {
        return -1;
      }
      throw new KernelException("recv(raw " + ifname + ")", errno);
    }
    data.read(0, buf, 0, (int) n);
    return (int) n;
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      SocketLibc.close(fd);
    }
  }

  static byte[] mreqn(Inet4Address group, Inet4Address local, int ifindex) {
    byte[] m = new byte[MREQN_LENGTH];
    System.arraycopy(group.getAddress(), 0, m, MREQN_MULTIADDR_OFFSET, 4);
    if (local != null) {
      System.arraycopy(local.getAddress(), 0, m, MREQN_ADDRESS_OFFSET, 4);
    }
    ByteBuffer.wrap(m).order(ByteOrder.nativeOrder()).putInt(MREQN_IFINDEX_OFFSET, ifindex);
    return m;
  }
}
