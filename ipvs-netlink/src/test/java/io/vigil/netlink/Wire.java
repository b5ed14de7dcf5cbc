package io.vigil.netlink;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds the kernel's side of the wire by hand (for the twin), as netlink(7) describes it. */
public final class Wire {
  private Wire() {}

  /** One message as sent or received: header fields plus its whole bytes. */
  public record Msg(int type, int flags, int seq, int pid, byte[] bytes) {
    public byte[] payload() {
      return Arrays.copyOfRange(bytes, NlMsg.HEADER_LENGTH, bytes.length);
    }
  }

  public static List<Msg> split(byte[] datagram) {
    ByteBuffer b = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
    List<Msg> out = new ArrayList<>();
    int off = 0;
    while (off + NlMsg.HEADER_LENGTH <= datagram.length) {
      int len = b.getInt(off);
      if (len < NlMsg.HEADER_LENGTH || len > datagram.length - off) {
        break; // trailing bytes (iproute2 sends its whole request buffer)
      }
      out.add(
          new Msg(
              b.getShort(off + NlMsg.TYPE_OFFSET) & 0xffff,
              b.getShort(off + NlMsg.FLAGS_OFFSET) & 0xffff,
              b.getInt(off + NlMsg.SEQ_OFFSET),
              b.getInt(off + NlMsg.PID_OFFSET),
              Arrays.copyOfRange(datagram, off, off + len)));
      off += NlMsg.align(len);
    }
    return out;
  }

  /** A message of {@code type} to port {@link KernelTwin#PORT_ID}. */
  public static byte[] message(int type, int flags, int seq, byte[] payload) {
    return message(type, flags, seq, KernelTwin.PORT_ID, payload);
  }

  public static byte[] message(int type, int flags, int seq, int pid, byte[] payload) {
    int len = NlMsg.HEADER_LENGTH + payload.length;
    ByteBuffer b = ByteBuffer.allocate(NlMsg.align(len)).order(ByteOrder.nativeOrder());
    b.putInt(len).putShort((short) type).putShort((short) flags).putInt(seq).putInt(pid);
    b.put(payload);
    return b.array();
  }

  /** Several messages in one datagram. */
  public static byte[] datagram(byte[]... messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] m : messages) {
      out.writeBytes(m);
    }
    return out.toByteArray();
  }

  /** The kernel's ack of {@code r} (error 0, request header echoed: capped). */
  public static byte[] ack(Msg r) {
    return error(r, 0, null, true);
  }

  /**
   * NLMSG_ERROR for {@code r}: the negative errno, the request (its header only when {@code
   * capped}, whole otherwise), then NLMSGERR_ATTR_MSG when {@code extAck} is given.
   */
  public static byte[] error(Msg r, int errno, String extAck, boolean capped) {
    byte[] echoed = capped ? Arrays.copyOf(r.bytes(), NlMsg.HEADER_LENGTH) : r.bytes();
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.writeBytes(le32(-errno));
    p.writeBytes(echoed);
    while (p.size() % 4 != 0) {
      p.write(0);
    }
    int flags = capped ? NlMsg.F_CAPPED : 0;
    if (extAck != null) {
      p.writeBytes(attr(NlMsg.ERR_ATTR_MSG, cstring(extAck)));
      flags |= NlMsg.F_ACK_TLVS;
    }
    return message(NlMsg.ERROR, flags, r.seq(), p.toByteArray());
  }

  public static byte[] done(int seq) {
    return done(seq, 0);
  }

  public static byte[] done(int seq, int flags) {
    return message(NlMsg.DONE, NlMsg.F_MULTI | flags, seq, le32(0));
  }

  /** A part of a multipart answer. */
  public static byte[] part(int type, int seq, int flags, byte[] payload) {
    return message(type, NlMsg.F_MULTI | flags, seq, payload);
  }

  /** One attribute, padded. */
  public static byte[] attr(int type, byte[] value) {
    int len = AttrWriter.ATTR_HEADER_LENGTH + value.length;
    ByteBuffer b = ByteBuffer.allocate(NlMsg.align(len)).order(ByteOrder.nativeOrder());
    b.putShort((short) len).putShort((short) type).put(value);
    return b.array();
  }

  public static byte[] cstring(String s) {
    byte[] t = s.getBytes(StandardCharsets.UTF_8);
    return Arrays.copyOf(t, t.length + 1);
  }

  public static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
  }

  public static byte[] concat(byte[]... parts) {
    return datagram(parts);
  }
}
