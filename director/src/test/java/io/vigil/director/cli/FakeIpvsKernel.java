package io.vigil.director.cli;

import io.vigil.kernel.netlink.NetlinkTimeoutException;
import io.vigil.kernel.netlink.NetlinkTransport;
import io.vigil.netlink.NetlinkConnection;
import io.vigil.netlink.NlMsg;
import io.vigil.netlink.genl.GenericNetlink;
import io.vigil.netlink.ipvs.IpvsCodec;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * A kernel twin at the message level: answers generic-netlink family resolution (with or without an
 * IPVS family), IPVS info, the default timeouts, empty dumps (no service, no sync daemon), and acks
 * each write with the errno a test chooses.
 */
public final class FakeIpvsKernel implements NetlinkTransport {
  static final int FAMILY_ID = 0x23;

  private final boolean hasIpvs;
  private final int infoErrno;
  private final IntUnaryOperator errnoOfWrite;
  private final Deque<ByteBuffer> replies = new ArrayDeque<>();

  /** The generic-netlink command of every IPVS write, in order. */
  final List<Integer> writes = new ArrayList<>();

  /** The datagrams sent to this kernel. */
  int datagrams;

  /**
   * @param infoErrno the errno of IPVS_CMD_GET_INFO (e.g. EPERM), 0 to answer it
   * @param errnoOfWrite the errno for the n-th write (0-based), 0 to accept it
   */
  public FakeIpvsKernel(boolean hasIpvs, int infoErrno, IntUnaryOperator errnoOfWrite) {
    this.hasIpvs = hasIpvs;
    this.infoErrno = infoErrno;
    this.errnoOfWrite = errnoOfWrite;
  }

  @Override
  public int portId() {
    return 4242;
  }

  @Override
  public void send(ByteBuffer datagram) {
    datagrams++;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (NetlinkConnection.Message m :
        NetlinkConnection.split(datagram.duplicate().order(ByteOrder.nativeOrder()))) {
      int cmd = m.datagram().get(m.payloadOffset()) & 0xff;
      if (m.type() == GenericNetlink.GENL_ID_CTRL) {
        if (!hasIpvs) {
          write(out, error(m, 2)); // ENOENT
        } else {
          write(out, familyReply(m));
          write(out, error(m, 0));
        }
      } else if ((m.flags() & NlMsg.F_DUMP) == NlMsg.F_DUMP) {
        write(out, message(NlMsg.DONE, m.seq(), new byte[4]));
      } else if (cmd == IpvsCodec.CMD_GET_CONFIG) {
        write(out, timeouts(m));
        write(out, error(m, 0));
      } else if (cmd == IpvsCodec.CMD_GET_INFO) {
        if (infoErrno != 0) {
          write(out, error(m, infoErrno));
        } else {
          write(out, info(m));
          write(out, error(m, 0));
        }
      } else {
        writes.add(cmd);
        write(out, error(m, errnoOfWrite.applyAsInt(writes.size() - 1)));
      }
    }
    replies.add(ByteBuffer.wrap(out.toByteArray()));
  }

  @Override
  public ByteBuffer receive(long timeoutMs) {
    ByteBuffer b = replies.poll();
    if (b == null) {
      throw new NetlinkTimeoutException("the fake kernel has nothing to say");
    }
    return b;
  }

  @Override
  public void close() {}

  private static void write(ByteArrayOutputStream out, byte[] b) {
    out.write(b, 0, b.length);
  }

  private static byte[] message(int type, int seq, byte[] payload) {
    int len = NlMsg.HEADER_LENGTH + payload.length;
    ByteBuffer b = ByteBuffer.allocate((len + 3) & ~3).order(ByteOrder.nativeOrder());
    b.putInt(len).putShort((short) type).putShort((short) 0).putInt(seq).putInt(4242);
    b.put(payload);
    return b.array();
  }

  /** NLMSG_ERROR with -errno (0: an ack) and the request's header. */
  private static byte[] error(NetlinkConnection.Message m, int errno) {
    ByteBuffer p = ByteBuffer.allocate(4 + NlMsg.HEADER_LENGTH).order(ByteOrder.nativeOrder());
    p.putInt(-errno);
    for (int i = 0; i < NlMsg.HEADER_LENGTH; i++) {
      p.put(m.datagram().get(m.offset() + i));
    }
    return message(NlMsg.ERROR, m.seq(), p.array());
  }

  private static byte[] familyReply(NetlinkConnection.Message m) {
    ByteBuffer p = ByteBuffer.allocate(4 + 8).order(ByteOrder.nativeOrder());
    p.put(GenericNetlink.header(1, 2));
    p.putShort((short) 6).putShort((short) GenericNetlink.CTRL_ATTR_FAMILY_ID);
    p.putShort((short) FAMILY_ID).putShort((short) 0);
    return message(GenericNetlink.GENL_ID_CTRL, m.seq(), p.array());
  }

  /** The kernel's default timeouts: TCP 900 s, TCP FIN 120 s, UDP 300 s. */
  private static byte[] timeouts(NetlinkConnection.Message m) {
    ByteBuffer p = ByteBuffer.allocate(4 + 24).order(ByteOrder.nativeOrder());
    p.put(GenericNetlink.header(IpvsCodec.CMD_GET_CONFIG, 1));
    p.putShort((short) 8).putShort((short) IpvsCodec.ATTR_TIMEOUT_TCP).putInt(900);
    p.putShort((short) 8).putShort((short) IpvsCodec.ATTR_TIMEOUT_TCP_FIN).putInt(120);
    p.putShort((short) 8).putShort((short) IpvsCodec.ATTR_TIMEOUT_UDP).putInt(300);
    return message(FAMILY_ID, m.seq(), p.array());
  }

  private static byte[] info(NetlinkConnection.Message m) {
    ByteBuffer p = ByteBuffer.allocate(4 + 16).order(ByteOrder.nativeOrder());
    p.put(GenericNetlink.header(IpvsCodec.CMD_GET_INFO, 1));
    p.putShort((short) 8).putShort((short) 1).putInt(0x010201);
    p.putShort((short) 8).putShort((short) 2).putInt(4096);
    return message(FAMILY_ID, m.seq(), p.array());
  }
}
