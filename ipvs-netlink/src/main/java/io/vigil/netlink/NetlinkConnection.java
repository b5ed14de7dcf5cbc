package io.vigil.netlink;

import io.vigil.kernel.netlink.NetlinkTimeoutException;
import io.vigil.kernel.netlink.NetlinkTransport;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns the whole request/reply exchange over one netlink socket: stamps sequence numbers and the
 * port id, sends, reads every part of the answer, skips stale replies, stops at NLMSG_DONE, turns
 * NLMSG_ERROR into {@link NetlinkException}, retries dumps the kernel marks interrupted, and gives
 * up with an error when the kernel is silent past the deadline. Not thread-safe: one owner.
 *
 * <p>{@link #batch} packs many requests into few datagrams and matches each ack back to its
 * request, which is how a large table is programmed in a fraction of one-request-per-round-trip.
 */
public final class NetlinkConnection implements AutoCloseable {
  /** A request: its bytes (seq and pid are stamped here) and what it does, in words. */
  /**
   * A request's message, and what it asks in words for the error that the kernel's refusal becomes:
   * given as text, or as a function made into text only when a refusal needs it (a batch of 11,000
   * accepted requests builds none).
   */
  public static final class Request {
    private final byte[] message;
    private final java.util.function.Supplier<String> describe;
    private String description;

    public Request(byte[] message, String description) {
      this.message = message;
      this.describe = null;
      this.description = description;
    }

    public Request(byte[] message, java.util.function.Supplier<String> describe) {
      this.message = message;
      this.describe = describe;
    }

    public byte[] message() {
      return message;
    }

    public String description() {
      if (description == null && describe != null) {
        description = describe.get();
      }
      return description;
    }

    @Override
    public String toString() {
      return description();
    }
  }

  /** One message of a reply, a view into the received datagram. */
  public record Message(
      int type, int flags, int seq, int pid, ByteBuffer datagram, int offset, int length) {
    /** Where the payload (after the netlink header) starts, absolute. */
    public int payloadOffset() {
      return offset + NlMsg.HEADER_LENGTH;
    }

    /** The attributes after a family header of {@code familyHeaderLength} bytes. */
    public Attrs attrs(int familyHeaderLength) {
      return new Attrs(
          datagram, payloadOffset() + NlMsg.align(familyHeaderLength), offset + length);
    }
  }

  /** Retries of a dump the kernel interrupted (the table changed while it was being read). */
  static final int DUMP_RETRIES = 5;

  /** How many bytes of requests go into one datagram of a batch. */
  static final int BATCH_DATAGRAM_BYTES = 256 * 1024;

  private final NetlinkTransport transport;
  private final long timeoutMs;
  private int seq;
  private long requestsSent;
  private long datagramsSent;
  private long interruptedDumps;

  public NetlinkConnection(NetlinkTransport transport, long timeoutMs) {
    this(transport, timeoutMs, (int) System.nanoTime());
  }

  /** With a chosen first sequence number (tests start it next to the wrap). */
  NetlinkConnection(NetlinkTransport transport, long timeoutMs, int seqBefore) {
    this.transport = transport;
    this.timeoutMs = timeoutMs;
    this.seq = seqBefore;
  }

  /** Requests sent since this connection opened (for tests and metrics). */
  /** Sizes the socket's receive buffer ({@link NetlinkTransport#receiveBuffer}). */
  public int receiveBuffer(int bytes, boolean force) {
    return transport.receiveBuffer(bytes, force);
  }

  public long requestsSent() {
    return requestsSent;
  }

  /** Datagrams sent since this connection opened. */
  public long datagramsSent() {
    return datagramsSent;
  }

  /**
   * Dumps the kernel marked NLM_F_DUMP_INTR (the table changed while it was being dumped), each
   * answered with a fresh dump; for tests and metrics.
   */
  public long interruptedDumps() {
    return interruptedDumps;
  }

  /** Sends one request with NLM_F_ACK and waits for its ack; throws the kernel's error. */
  public void execute(Request r) {
    List<RuntimeException> out = batch(List.of(r));
    if (out.get(0) != null) {
      throw out.get(0);
    }
  }

  /**
   * Sends a request that the kernel answers with messages (not a dump), plus its ack; returns the
   * messages.
   */
  public List<Message> query(Request r) {
    int s = stamp(r.message(), NlMsg.F_ACK);
    sendDatagram(List.of(r.message()));
    List<Message> got = new ArrayList<>();
    while (true) {
      for (Message m : receiveMatching(s, s)) {
        if (m.type() == NlMsg.ERROR) {
          RuntimeException e = errorOf(m, r);
          if (e != null) {
            throw e;
          }
          return got;
        }
        got.add(m);
      }
    }
  }

  /** A dump (NLM_F_DUMP): every message up to NLMSG_DONE, retried when interrupted. */
  public List<Message> dump(Request r) {
    for (int attempt = 0; ; attempt++) {
      int s = stamp(r.message(), NlMsg.F_DUMP);
      sendDatagram(List.of(r.message()));
      List<Message> got = new ArrayList<>();
      boolean interrupted = false;
      boolean done = false;
      while (!done) {
        for (Message m : receiveMatching(s, s)) {
          if ((m.flags() & NlMsg.F_DUMP_INTR) != 0) {
            interrupted = true;
          }
          if (m.type() == NlMsg.DONE) {
            done = true;
            int err =
                m.length() >= NlMsg.HEADER_LENGTH + 4 ? m.datagram().getInt(m.payloadOffset()) : 0;
            if (err < 0) {
              throw new NetlinkException(-err, doneExtAck(m), r.description());
            }
            break;
          }
          if (m.type() == NlMsg.ERROR) {
            RuntimeException e = errorOf(m, r);
            if (e != null) {
              throw e;
            }
            done = true;
            break;
          }
          got.add(m);
        }
      }
      if (!interrupted) {
        return got;
      }
      interruptedDumps++;
      if (attempt + 1 >= DUMP_RETRIES) {
        throw new NetlinkException(
            io.vigil.kernel.Errno.EBUSY,
            "the table kept changing during " + DUMP_RETRIES + " dumps",
            r.description());
      }
    }
  }

  /**
   * Sends every request with NLM_F_ACK, packed into as few datagrams as fit, and returns, in the
   * same order, null for each request the kernel acknowledged and the {@link NetlinkException} for
   * each it refused. The kernel goes on with the next request after a refusal.
   */
  public List<RuntimeException> batch(List<Request> requests) {
    List<RuntimeException> outcomes = new ArrayList<>(requests.size());
    int i = 0;
    while (i < requests.size()) {
      int first = i;
      int bytes = 0;
      List<byte[]> chunk = new ArrayList<>();
      while (i < requests.size()
          && (chunk.isEmpty()
              || bytes + requests.get(i).message().length <= BATCH_DATAGRAM_BYTES)) {
        byte[] m = requests.get(i).message();
        stamp(m, NlMsg.F_ACK);
        chunk.add(m);
        bytes += m.length;
        i++;
      }
      int firstSeq = seqOf(chunk.get(0));
      int lastSeq = seqOf(chunk.get(chunk.size() - 1));
      sendDatagram(chunk);
      RuntimeException[] acks = new RuntimeException[chunk.size()];
      boolean[] seen = new boolean[chunk.size()];
      int pending = chunk.size();
      while (pending > 0) {
        for (Message m : receiveMatching(firstSeq, lastSeq)) {
          if (m.type() != NlMsg.ERROR) {
            continue; // a request that echoes data; only the acks count here
          }
          int k = m.seq() - firstSeq;
          if (!seen[k]) {
            seen[k] = true;
            pending--;
            acks[k] = errorOf(m, requests.get(first + k));
          }
        }
      }
      for (RuntimeException e : acks) {
        outcomes.add(e);
      }
    }
    return outcomes;
  }

  /**
   * Sends one nfnetlink transaction in one datagram: {@code begin} (a batch begin message), the
   * requests, each with NLM_F_ACK, and {@code end}; nf_tables applies all of them or none. Waits
   * for every request's answer (the kernel answers each even when it aborts the transaction) and
   * throws the first refusal, or the refusal of the batch itself (EPERM without CAP_NET_ADMIN).
   */
  public void transaction(byte[] begin, List<Request> requests, byte[] end) {
    List<byte[]> all = new ArrayList<>(requests.size() + 2);
    int beginSeq = stamp(begin, 0);
    all.add(begin);
    for (Request r : requests) {
      stamp(r.message(), NlMsg.F_ACK);
      all.add(r.message());
    }
    int endSeq = stamp(end, 0);
    all.add(end);
    sendDatagram(all);
    RuntimeException first = null;
    int pending = requests.size();
    boolean[] seen = new boolean[requests.size()];
    while (pending > 0) {
      for (Message m : receiveMatching(beginSeq, endSeq)) {
        if (m.type() != NlMsg.ERROR) {
          continue;
        }
        int k = m.seq() - beginSeq - 1;
        if (k < 0 || k >= requests.size()) {
          RuntimeException e = errorOf(m, "nf_tables transaction");
          if (e != null) {
            throw e; // the batch as a whole was refused: nothing else will be answered
          }
          continue;
        }
        if (!seen[k]) {
          seen[k] = true;
          pending--;
          RuntimeException e = errorOf(m, requests.get(k));
          if (first == null) {
            first = e;
          }
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private int stamp(byte[] message, int extraFlags) {
    ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.nativeOrder());
    int flags = (b.getShort(NlMsg.FLAGS_OFFSET) & 0xffff) | NlMsg.F_REQUEST | extraFlags;
    b.putShort(NlMsg.FLAGS_OFFSET, (short) flags);
    seq++; // wraps; every comparison below is by difference, so the wrap is harmless
    b.putInt(NlMsg.SEQ_OFFSET, seq);
    b.putInt(NlMsg.PID_OFFSET, transport.portId());
    return seq;
  }

  private static int seqOf(byte[] message) {
    return ByteBuffer.wrap(message).order(ByteOrder.nativeOrder()).getInt(NlMsg.SEQ_OFFSET);
  }

  private void sendDatagram(List<byte[]> messages) {
    int total = 0;
    for (byte[] m : messages) {
      total += m.length;
    }
    ByteBuffer d = ByteBuffer.allocate(total);
    for (byte[] m : messages) {
      d.put(m);
    }
    d.flip();
    transport.send(d);
    requestsSent += messages.size();
    datagramsSent++;
  }

  /**
   * The messages of the next datagram that answer us: seq in [from, to] and our port id. Stale
   * replies (an earlier request's, after a timeout) and other senders' messages are dropped. The
   * deadline covers the whole wait, so a stream of stale datagrams cannot stretch it.
   */
  private List<Message> receiveMatching(int from, int to) {
    long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
    while (true) {
      long leftMs = Math.max(0, (deadlineNs - System.nanoTime()) / 1_000_000L);
      ByteBuffer d = transport.receive(leftMs).order(ByteOrder.nativeOrder());
      List<Message> out = new ArrayList<>();
      for (Message m : split(d)) {
        if (m.seq() - from >= 0 && to - m.seq() >= 0 && m.pid() == transport.portId()) {
          out.add(m);
        }
      }
      if (!out.isEmpty()) {
        return out;
      }
      if (deadlineNs - System.nanoTime() <= 0) {
        throw new NetlinkTimeoutException(
            "no answer to our request within " + timeoutMs + " ms (only stale replies)");
      }
    }
  }

  /** Splits a datagram into its messages; a malformed header is a decode error. */
  public static List<Message> split(ByteBuffer d) {
    List<Message> out = new ArrayList<>();
    int off = d.position();
    int end = d.limit();
    while (off + NlMsg.HEADER_LENGTH <= end) {
      int len = d.getInt(off + NlMsg.LENGTH_OFFSET);
      if (len < NlMsg.HEADER_LENGTH || len > end - off) {
        throw new NetlinkDecodeException(
            "netlink message length "
                + len
                + " at offset "
                + off
                + " of a "
                + end
                + "-byte datagram");
      }
      out.add(
          new Message(
              d.getShort(off + NlMsg.TYPE_OFFSET) & 0xffff,
              d.getShort(off + NlMsg.FLAGS_OFFSET) & 0xffff,
              d.getInt(off + NlMsg.SEQ_OFFSET),
              d.getInt(off + NlMsg.PID_OFFSET),
              d,
              off,
              len));
      off += NlMsg.align(len);
    }
    return out;
  }

  /** Null for an ack (error 0), else the typed error with the extended-ack text if present. */
  /** {@link #errorOf(Message, String)} that describes the request only when it was refused. */
  static RuntimeException errorOf(Message m, Request r) {
    if (m.length() >= NlMsg.HEADER_LENGTH + 4
        && m.datagram().getInt(m.payloadOffset() + NlMsg.ERR_ERRNO_OFFSET) == 0) {
      return null;
    }
    return errorOf(m, r.description());
  }

  static RuntimeException errorOf(Message m, String description) {
    if (m.length() < NlMsg.HEADER_LENGTH + 4) {
      return new NetlinkDecodeException("truncated NLMSG_ERROR for " + description);
    }
    ByteBuffer d = m.datagram();
    int err = d.getInt(m.payloadOffset() + NlMsg.ERR_ERRNO_OFFSET);
    if (err == 0) {
      return null;
    }
    return new NetlinkException(-err, extAck(m), description);
  }

  /**
   * The extended-ack message of a failed dump's NLMSG_DONE (TLVs right after the error), or null.
   */
  static String doneExtAck(Message m) {
    if ((m.flags() & NlMsg.F_ACK_TLVS) == 0) {
      return null;
    }
    String text = null;
    Attrs a = new Attrs(m.datagram(), m.payloadOffset() + 4, m.offset() + m.length());
    while (a.next()) {
      if (a.type() == NlMsg.ERR_ATTR_MSG) {
        text = a.string();
      }
    }
    return text;
  }

  /**
   * The extended-ack message of an NLMSG_ERROR, or null. The TLVs follow the echoed request: its
   * header only when the ack is capped (NLM_F_CAPPED), the whole request otherwise.
   */
  static String extAck(Message m) {
    if ((m.flags() & NlMsg.F_ACK_TLVS) == 0) {
      return null;
    }
    ByteBuffer d = m.datagram();
    int end = m.offset() + m.length();
    int reqHeader = m.payloadOffset() + NlMsg.ERR_REQUEST_OFFSET;
    if (reqHeader + NlMsg.HEADER_LENGTH > end) {
      return null;
    }
    long reqLen =
        (m.flags() & NlMsg.F_CAPPED) != 0
            ? NlMsg.HEADER_LENGTH
            : Integer.toUnsignedLong(d.getInt(reqHeader + NlMsg.LENGTH_OFFSET));
    if (reqLen < NlMsg.HEADER_LENGTH || reqHeader + reqLen > end) {
      return null;
    }
    String text = null;
    Attrs a = new Attrs(d, reqHeader + NlMsg.align((int) reqLen), end);
    while (a.next()) {
      if (a.type() == NlMsg.ERR_ATTR_MSG) {
        text = a.string();
      }
    }
    return text;
  }

  @Override
  public void close() {
    transport.close();
  }
}
