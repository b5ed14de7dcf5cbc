package io.vigil.kernel.socket;

import static io.vigil.kernel.socket.SockAddr.SIN6_ADDR_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SIN6_FAMILY_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SIN6_SCOPE_ID_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SOCKADDR_IN6_LENGTH;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.vigil.kernel.Errno;
import io.vigil.kernel.KernelException;
import io.vigil.kernel.NativeSupport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * A raw IPv6 socket for one IP protocol (VRRP: 112) on one interface: close-on-exec, bound to the
 * device, hop limit 255 for unicast and multicast, multicast loopback off, optionally a group
 * joined on the interface. A raw IPv6 socket delivers no IP header, so each datagram comes with its
 * hop limit and destination as ancillary data (IPV6_RECVHOPLIMIT, IPV6_RECVPKTINFO) and its source
 * from recvmsg's address. 64-bit Linux layouts:
 *
 * <pre>
 * struct sockaddr_in6 (28)           struct msghdr (56)                 struct cmsghdr (16) + data
 *  0 family  2 port  4 flowinfo       0 name*   8 namelen  16 iov*       0 len (8)  8 level  12 type
 *  8 address (16)   24 scope id      24 iovlen 32 control* 40 controllen 16 data
 *                                    48 flags
 * struct ipv6_mreq (20): address (16), ifindex (4)      struct in6_pktinfo (20): address, ifindex
 * </pre>
 */
public final class RawIpv6Socket implements AutoCloseable {
  static final int AF_INET6 = 10;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int SOL_SOCKET = 1;
  static final int SO_BINDTODEVICE = 25;
  static final int IPPROTO_IPV6 = 41;
  static final int IPV6_UNICAST_HOPS = 16;
  static final int IPV6_MULTICAST_IF = 17;
  static final int IPV6_MULTICAST_HOPS = 18;
  static final int IPV6_MULTICAST_LOOP = 19;
  static final int IPV6_ADD_MEMBERSHIP = 20;
  static final int IPV6_RECVPKTINFO = 49;
  static final int IPV6_PKTINFO = 50;
  static final int IPV6_RECVHOPLIMIT = 51;
  static final int IPV6_HOPLIMIT = 52;

  /** What came with the last datagram {@link #receive} returned. */
  public static final class Received {
    private final byte[] source = new byte[16];
    private final byte[] destination = new byte[16];
    private int hopLimit = -1;

    public Inet6Address source() {
      return inet6(source);
    }

    public Inet6Address destination() {
      return inet6(destination);
    }

    /** The hop limit, or -1 when the kernel did not say. */
    public int hopLimit() {
      return hopLimit;
    }
  }

  private final int fd;
  private final String ifname;
  private final int ifindex;
  private final MsgReceiver receiver;
  // what send() hands the kernel, in native memory (as RawIpv4Socket's)
  private Memory sendData;
  private final Memory sendAddress = new Memory(SOCKADDR_IN6_LENGTH);
  private Inet6Address sendAddressOf;
  private volatile boolean closed;

  /**
   * A multicast socket's source when it is not the kernel's choice: the msghdr, its iovec and its
   * one control message (IPV6_PKTINFO: the address and the interface), made once; null otherwise.
   */
  private final Memory pinned;

  private final Memory pinnedIov;

  /** cmsghdr (16) + in6_pktinfo (20), aligned: CMSG_SPACE(20). */
  static final int PKTINFO_SPACE = (int) MsgHdr.align(MsgHdr.CMSG_DATA_OFFSET + 20);

  private RawIpv6Socket(int fd, String ifname, int ifindex, Inet6Address source) {
    this.fd = fd;
    this.receiver = new MsgReceiver(fd, "raw6 " + ifname);
    this.ifname = ifname;
    this.ifindex = ifindex;
    if (source == null) {
      this.pinned = null;
      this.pinnedIov = null;
      return;
    }
    this.pinned = new Memory(MsgHdr.MSGHDR_LENGTH + PKTINFO_SPACE);
    this.pinnedIov = new Memory(16);
    pinned.clear();
    long control = MsgHdr.MSGHDR_LENGTH;
    pinned.setPointer(MsgHdr.MSG_NAME_OFFSET, sendAddress);
    pinned.setInt(MsgHdr.MSG_NAMELEN_OFFSET, SOCKADDR_IN6_LENGTH);
    pinned.setPointer(MsgHdr.MSG_IOV_OFFSET, pinnedIov);
    pinned.setLong(MsgHdr.MSG_IOVLEN_OFFSET, 1);
    pinned.setPointer(MsgHdr.MSG_CONTROL_OFFSET, pinned.share(control));
    pinned.setLong(MsgHdr.MSG_CONTROLLEN_OFFSET, PKTINFO_SPACE);
    pinned.setLong(control + MsgHdr.CMSG_LEN_OFFSET, MsgHdr.CMSG_DATA_OFFSET + 20);
    pinned.setInt(control + MsgHdr.CMSG_LEVEL_OFFSET, IPPROTO_IPV6);
    pinned.setInt(control + MsgHdr.CMSG_TYPE_OFFSET, IPV6_PKTINFO);
    pinned.write(control + MsgHdr.CMSG_DATA_OFFSET, source.getAddress(), 0, 16);
    pinned.setInt(control + MsgHdr.CMSG_DATA_OFFSET + 16, ifindex);
  }

  /**
   * Opens the socket on {@code ifname}; with {@code group} non-null, binds to it and joins it
   * there. Hop limit 255.
   */
  public static RawIpv6Socket open(int protocol, String ifname, Inet6Address group) {
    return open(protocol, ifname, group, 255);
  }

  /** The same, with {@code unicastHops} (0-255) on unicast sends (keepalived's unicast_ttl). */
  public static RawIpv6Socket open(
      int protocol, String ifname, Inet6Address group, int unicastHops) {
    return open(protocol, ifname, group, unicastHops, null);
  }

  /**
   * The same; without a {@code group}, bound to {@code localAddress} (unless null or the any
   * address), the source of its unicast sends, as keepalived binds its unicast_src_ip. With a
   * group, a {@code localAddress} that is not link-local (a configured source: {@code
   * unicast_src_ip}, {@code use_ipvlan}'s address) is its sends' source, given with each
   * (IPV6_PKTINFO), as keepalived gives it; a link-local one is left to the kernel, which picks the
   * interface's.
   */
  public static RawIpv6Socket open(
      int protocol, String ifname, Inet6Address group, int unicastHops, Inet6Address localAddress) {
    NativeSupport.ensureAvailable();
    if (Native.POINTER_SIZE != 8) {
      throw new KernelException(
          "raw IPv6 sockets need a 64-bit JVM (msghdr layout)", Errno.EOPNOTSUPP);
    }
    int ifindex = SocketLibc.if_nametoindex(ifname);
    if (ifindex == 0) {
      throw KernelException.lastError("if_nametoindex(" + ifname + ")");
    }
    int fd = SocketLibc.socket(AF_INET6, SOCK_RAW | SOCK_CLOEXEC, protocol);
    if (fd < 0) {
      throw KernelException.lastError("socket(AF_INET6, SOCK_RAW, " + protocol + ")");
    }
    try {
      byte[] dev = (ifname + "\0").getBytes(StandardCharsets.US_ASCII);
      SocketLibc.set(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, dev.length, "SO_BINDTODEVICE");
      SocketLibc.setInt(
          fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, unicastHops, "IPV6_UNICAST_HOPS " + unicastHops);
      SocketLibc.setInt(fd, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 255, "IPV6_MULTICAST_HOPS");
      SocketLibc.setInt(fd, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0, "IPV6_MULTICAST_LOOP");
      SocketLibc.setInt(fd, IPPROTO_IPV6, IPV6_MULTICAST_IF, ifindex, "IPV6_MULTICAST_IF");
      SocketLibc.setInt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT");
      SocketLibc.setInt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO");
      if (group == null && localAddress != null && !localAddress.isAnyLocalAddress()) {
        SocketLibc.bind(
            fd,
            SockAddr.of(true, localAddress, ifindex),
            "bind " + localAddress.getHostAddress() + " on " + ifname);
      }
      if (group != null) {
        // bound to the group (on the interface), as keepalived binds its socket
        SocketLibc.bind(
            fd,
            SockAddr.of(true, group, ifindex),
            "bind " + group.getHostAddress() + " on " + ifname);
        byte[] mreq = new byte[20];
        System.arraycopy(group.getAddress(), 0, mreq, 0, 16);
        ByteBuffer.wrap(mreq).order(ByteOrder.nativeOrder()).putInt(16, ifindex);
        SocketLibc.set(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, mreq, 20, "IPV6_ADD_MEMBERSHIP");
      }
      boolean pin =
          group != null
              && localAddress != null
              && !localAddress.isAnyLocalAddress()
              && !localAddress.isLinkLocalAddress();
      return new RawIpv6Socket(fd, ifname, ifindex, pin ? localAddress : null);
    } catch (RuntimeException e) {
      SocketLibc.close(fd);
      throw e;
    }
  }

  /** The interface's link-local address (from /proc/net/if_inet6), the source of its multicast. */
  public static Inet6Address linkLocalAddress(String ifname) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/if_inet6"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length >= 6 && f[5].equals(ifname) && f[3].equals("20")) {
          return inet6(HexFormat.of().parseHex(f[0]));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new KernelException("no link-local address on " + ifname, Errno.EADDRNOTAVAIL);
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

  /** Sends the payload; the kernel adds the IPv6 header (hop limit 255). */
  public void send(byte[] payload, int len, Inet6Address destination) {
    if (!destination.equals(sendAddressOf)) {
      sendAddress.clear();
      sendAddress.setShort(SIN6_FAMILY_OFFSET, (short) AF_INET6);
      sendAddress.write(SIN6_ADDR_OFFSET, destination.getAddress(), 0, 16);
      sendAddress.setInt(SIN6_SCOPE_ID_OFFSET, ifindex);
      sendAddressOf = destination;
    }
    sendData = SocketLibc.atLeast(sendData, len);
    sendData.write(0, payload, 0, len);
    long sent;
    if (pinned != null) {
      pinnedIov.setPointer(0, sendData);
      pinnedIov.setLong(8, len);
      sent = SocketLibc.sendmsg(fd, pinned, 0);
    } else {
      sent = SocketLibc.sendto(fd, sendData, len, 0, sendAddress, SOCKADDR_IN6_LENGTH);
    }
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
    receiver.wakeUpWith(wakeup);
  }

  /** {@link #receiveWithin} for up to {@code timeoutMs} milliseconds. */
  public int receive(byte[] buf, int timeoutMs, Received info) {
    return receiveWithin(buf, timeoutMs * 1_000_000L, info);
  }

  /**
   * Waits up to {@code timeoutNs} (to the nanosecond) for a datagram (the IP payload); copies it
   * into {@code buf} and its source, destination and hop limit into {@code info}. Returns its
   * length, or -1 (none came in time, or a {@link #wakeUpWith wake-up} came first).
   */
  public int receiveWithin(byte[] buf, long timeoutNs, Received info) {
    int n = receiver.receive(buf, timeoutNs);
    if (n < 0) {
      return -1;
    }
    receiver.name().read(SIN6_ADDR_OFFSET, info.source, 0, 16);
    info.hopLimit = -1;
    java.util.Arrays.fill(info.destination, (byte) 0);
    receiving = info;
    receiver.eachCmsg(cmsg);
    return n;
  }

  private Received receiving;

  private final MsgReceiver.Cmsg cmsg =
      (level, type, control, at) -> {
        if (level == IPPROTO_IPV6 && type == IPV6_HOPLIMIT) {
          receiving.hopLimit = control.getInt(at);
        } else if (level == IPPROTO_IPV6 && type == IPV6_PKTINFO) {
          control.read(at, receiving.destination, 0, 16);
        }
      };

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      SocketLibc.close(fd);
    }
  }

  static Inet6Address inet6(byte[] sixteen) {
    try {
      return Inet6Address.getByAddress(null, sixteen, -1);
    } catch (UnknownHostException e) {
      throw new AssertionError("16 bytes are always an address", e);
    }
  }
}
