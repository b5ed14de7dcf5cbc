package io.vigil.kernel.socket;

import io.vigil.kernel.Errno;
import io.vigil.kernel.KernelException;
import io.vigil.kernel.NativeSupport;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A send-only AF_PACKET socket (packet(7), SOCK_RAW, protocol 0 so nothing is queued for reading)
 * for whole Ethernet frames on one interface: gratuitous ARP and unsolicited neighbour adverts.
 *
 * <pre>
 * struct sockaddr_ll (20 bytes)
 *  0        2          4              8         10    11    12               20
 *  +--------+----------+--------------+---------+-----+-----+----------------+
 *  | family | protocol | ifindex      | hatype  |pkt- |halen| address (8)    |
 *  | host   | network  | host         | host    |type |     | dest MAC, pad  |
 *  +--------+----------+--------------+---------+-----+-----+----------------+
 *
 * struct ifreq for SIOCGIFHWADDR (40 bytes): name[16], then a sockaddr whose data (from 18) is the MAC
 * </pre>
 */
public final class PacketSocket implements AutoCloseable {
  static final int AF_PACKET = 17;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000;
  static final long SIOCGIFHWADDR = 0x8927;
  static final long SIOCGIFMTU = 0x8921;

  /** struct ifreq's ifr_mtu: an int after the name. */
  static final int IFREQ_MTU_OFFSET = 16;

  static final int SLL_FAMILY_OFFSET = 0;
  static final int SLL_PROTOCOL_OFFSET = SLL_FAMILY_OFFSET + 2;
  static final int SLL_IFINDEX_OFFSET = SLL_PROTOCOL_OFFSET + 2;
  static final int SLL_HATYPE_OFFSET = SLL_IFINDEX_OFFSET + 4;
  static final int SLL_PKTTYPE_OFFSET = SLL_HATYPE_OFFSET + 2;
  static final int SLL_HALEN_OFFSET = SLL_PKTTYPE_OFFSET + 1;
  static final int SLL_ADDR_OFFSET = SLL_HALEN_OFFSET + 1;
  static final int SLL_LENGTH = SLL_ADDR_OFFSET + 8;

  static final int IFNAMSIZ = 16;
  static final int IFREQ_HWADDR_DATA_OFFSET = IFNAMSIZ + 2;
  static final int IFREQ_LENGTH = 40;

  private final int fd;
  private final String ifname;
  private final int ifindex;
  private final byte[] hardwareAddress;
  private volatile boolean closed;

  private PacketSocket(int fd, String ifname, int ifindex, byte[] hardwareAddress) {
    this.fd = fd;
    this.ifname = ifname;
    this.ifindex = ifindex;
    this.hardwareAddress = hardwareAddress;
  }

  /** Opens the socket for {@code ifname} and reads the interface's MAC address. */
  public static PacketSocket open(String ifname) {
    NativeSupport.ensureAvailable();
    int ifindex = SocketLibc.if_nametoindex(ifname);
    if (ifindex == 0) {
      throw KernelException.lastError("if_nametoindex(" + ifname + ")");
    }
    int fd = SocketLibc.socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw KernelException.lastError("socket(AF_PACKET, SOCK_RAW)");
    }
    try {
      byte[] ifr = new byte[IFREQ_LENGTH];
      byte[] name = ifname.getBytes(StandardCharsets.US_ASCII);
      if (name.length >= IFNAMSIZ) {
        throw new KernelException("interface name too long: " + ifname, Errno.EINVAL);
      }
      System.arraycopy(name, 0, ifr, 0, name.length);
      if (SocketLibc.ioctl(fd, SIOCGIFHWADDR, ifr) != 0) {
        throw KernelException.lastError("SIOCGIFHWADDR " + ifname);
      }
      byte[] mac = Arrays.copyOfRange(ifr, IFREQ_HWADDR_DATA_OFFSET, IFREQ_HWADDR_DATA_OFFSET + 6);
      return new PacketSocket(fd, ifname, ifindex, mac);
    } catch (RuntimeException e) {
      SocketLibc.close(fd);
      throw e;
    }
  }

  /** The interface's MTU now (SIOCGIFMTU). */
  public int mtu() {
    byte[] ifr = new byte[IFREQ_LENGTH];
    byte[] name = ifname.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(name, 0, ifr, 0, name.length);
    if (SocketLibc.ioctl(fd, SIOCGIFMTU, ifr) != 0) {
      throw KernelException.lastError("SIOCGIFMTU " + ifname);
    }
    return java.nio.ByteBuffer.wrap(ifr, IFREQ_MTU_OFFSET, 4)
        .order(java.nio.ByteOrder.nativeOrder())
        .getInt();
  }

  /** The interface's 6-byte MAC address. */
  public byte[] hardwareAddress() {
    return hardwareAddress.clone();
  }

  public String ifname() {
    return ifname;
  }

  /** Sends one whole Ethernet frame (destination MAC first, EtherType at 12). */
  public void send(byte[] frame, int len) {
    byte[] sll = new byte[SLL_LENGTH];
    ByteBuffer bb = ByteBuffer.wrap(sll).order(ByteOrder.nativeOrder());
    bb.putShort(SLL_FAMILY_OFFSET, (short) AF_PACKET);
    sll[SLL_PROTOCOL_OFFSET] = frame[12]; // the frame's EtherType, already network order
    sll[SLL_PROTOCOL_OFFSET + 1] = frame[13];
    bb.putInt(SLL_IFINDEX_OFFSET, ifindex);
    sll[SLL_HALEN_OFFSET] = 6;
    System.arraycopy(frame, 0, sll, SLL_ADDR_OFFSET, 6);
    long sent = SocketLibc.sendto(fd, frame, len, 0, sll, SLL_LENGTH);
    if (sent < 0) {
      throw KernelException.lastError("packet sendto on " + ifname);
    }
    if (sent != len) {
      throw new KernelException(
          "packet sendto sent " + sent + " of " + len + " bytes", Errno.EMSGSIZE);
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
