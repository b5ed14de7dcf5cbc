package io.vigil.kernel.process;

import io.vigil.kernel.KernelException;
import io.vigil.kernel.netlink.NetlinkSocket;
import io.vigil.kernel.netlink.NetlinkTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's process events connector ({@code linux/cn_proc.h}): a netlink socket of {@code
 * NETLINK_CONNECTOR} in group {@code CN_IDX_PROC} that, once it has sent {@code
 * PROC_CN_MCAST_LISTEN}, hears every fork, exec, name change and exit on the host. keepalived's
 * {@code track_process} is built on it. It needs CAP_NET_ADMIN and the initial network namespace:
 * in another one the kernel refuses the listen request (ECONNREFUSED), and {@link #open} throws.
 *
 * <p>Each datagram is a netlink header, a {@code cn_msg} and a {@code proc_event}, read at the
 * offsets below (native byte order, as the kernel writes them).
 */
public final class ProcEvents implements AutoCloseable {
  public static final int NETLINK_CONNECTOR = 11;
  static final int CN_IDX_PROC = 1;
  static final int CN_VAL_PROC = 1;
  static final int PROC_CN_MCAST_LISTEN = 1;
  static final int NLMSG_DONE = 3;

  /** {@code proc_event.what}. */
  public static final int FORK = 0x00000001;

  public static final int EXEC = 0x00000002;
  public static final int COMM = 0x00000200;
  public static final int EXIT = 0x80000000;

  static final int NLMSG_HDRLEN = 16;
  static final int CN_MSG_LEN = 20;
  // cn_msg, after the netlink header
  static final int CN_IDX = NLMSG_HDRLEN;
  static final int CN_VAL = NLMSG_HDRLEN + 4;
  static final int CN_LEN = NLMSG_HDRLEN + 16;
  // proc_event: what, cpu, timestamp_ns (8-aligned), then the union
  static final int EV_WHAT = NLMSG_HDRLEN + CN_MSG_LEN;
  static final int EV_DATA = EV_WHAT + 16;
  static final int EV_PID = EV_DATA; // exec, exit, comm: process_pid; fork: parent_pid
  static final int EV_TGID = EV_DATA + 4; // exec, exit, comm: process_tgid; fork: parent_tgid
  static final int EV_CHILD_PID = EV_DATA + 8; // fork
  static final int EV_CHILD_TGID = EV_DATA + 12; // fork
  static final int EV_COMM = EV_DATA + 8; // comm: char[16]
  static final int COMM_LEN = 16;

  /**
   * One event. For {@link #FORK}: the parent's pid and tgid and the child's; for the others the
   * process's (child fields 0); {@code comm} only for {@link #COMM}.
   */
  public record Event(int what, int pid, int tgid, int childPid, int childTgid, String comm) {
    /** About a whole process (its main thread), not one of its other threads. */
    public boolean isProcess() {
      return what == FORK ? childPid == childTgid : pid == tgid;
    }
  }

  private final NetlinkSocket socket;

  private ProcEvents(NetlinkSocket socket) {
    this.socket = socket;
  }

  /** Sizes the socket's receive buffer ({@link NetlinkSocket#receiveBuffer}). */
  public int receiveBuffer(int bytes, boolean force) {
    return socket.receiveBuffer(bytes, force);
  }

  /**
   * Subscribes to the host's process events. Throws (with the kernel's errno) where the connector
   * cannot be used: no CAP_NET_ADMIN, a network namespace other than the initial one, or a kernel
   * without CONFIG_PROC_EVENTS.
   */
  public static ProcEvents open() {
    NetlinkSocket s = NetlinkSocket.open(NETLINK_CONNECTOR);
    try {
      s.joinGroup(CN_IDX_PROC);
      s.send(listen(1, s.portId()));
      return new ProcEvents(s);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** The request that starts the events: a cn_msg to the proc connector with LISTEN. */
  static ByteBuffer listen(int seq, int portId) {
    int len = NLMSG_HDRLEN + CN_MSG_LEN + 4;
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.nativeOrder());
    b.putInt(0, len).putShort(4, (short) NLMSG_DONE).putShort(6, (short) 0);
    b.putInt(8, seq).putInt(12, portId);
    b.putInt(CN_IDX, CN_IDX_PROC).putInt(CN_VAL, CN_VAL_PROC);
    b.putInt(CN_IDX + 8, seq).putInt(CN_IDX + 12, 0);
    b.putShort(CN_LEN, (short) 4).putShort(CN_LEN + 2, (short) 0);
    b.putInt(NLMSG_HDRLEN + CN_MSG_LEN, PROC_CN_MCAST_LISTEN);
    return b;
  }

  /**
   * The events of one datagram (the kernel sends one a datagram), or none when it is not a process
   * event (the listen acknowledgement, what == 0) or is too short.
   */
  static List<Event> decode(ByteBuffer d) {
    List<Event> out = new ArrayList<>(1);
    ByteBuffer b = d.duplicate().order(ByteOrder.nativeOrder());
    int at = 0;
    while (b.limit() - at >= NLMSG_HDRLEN) {
      int len = b.getInt(at);
      if (len < NLMSG_HDRLEN || at + len > b.limit()) {
        break;
      }
      ByteBuffer m = b.slice(at, len).order(ByteOrder.nativeOrder());
      if (len >= EV_DATA + 16
          && m.getInt(CN_IDX) == CN_IDX_PROC
          && m.getInt(CN_VAL) == CN_VAL_PROC) {
        int what = m.getInt(EV_WHAT);
        switch (what) {
          case FORK ->
              out.add(
                  new Event(
                      what,
                      m.getInt(EV_PID),
                      m.getInt(EV_TGID),
                      m.getInt(EV_CHILD_PID),
                      m.getInt(EV_CHILD_TGID),
                      null));
          case EXEC, EXIT ->
              out.add(new Event(what, m.getInt(EV_PID), m.getInt(EV_TGID), 0, 0, null));
          case COMM -> {
            if (len >= EV_COMM + COMM_LEN) {
              byte[] c = new byte[COMM_LEN];
              m.get(EV_COMM, c);
              int n = 0;
              while (n < COMM_LEN && c[n] != 0) {
                n++;
              }
              out.add(
                  new Event(
                      what,
                      m.getInt(EV_PID),
                      m.getInt(EV_TGID),
                      0,
                      0,
                      new String(c, 0, n, java.nio.charset.StandardCharsets.UTF_8)));
            }
          }
          default -> {
            // others (uid, gid, sid, ptrace, coredump, the listen ack) mean nothing here
          }
        }
      }
      at += (len + 3) & ~3;
    }
    return out;
  }

  /**
   * The events that arrive within {@code timeoutMs} (one datagram's worth; empty when none came). A
   * KernelException with ENOBUFS means events were lost: the caller reads /proc again.
   */
  public List<Event> receive(long timeoutMs) {
    try {
      return decode(socket.receive(timeoutMs));
    } catch (NetlinkTimeoutException e) {
      return List.of();
    }
  }

  @Override
  public void close() {
    socket.close();
  }

  /** Whether {@code e} says events were lost (the socket's buffer overflowed). */
  public static boolean lostEvents(KernelException e) {
    return e.errno() == io.vigil.kernel.Errno.ENOBUFS;
  }
}
