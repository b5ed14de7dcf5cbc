package io.vigil.kernel.netlink;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.vigil.kernel.Errno;
import io.vigil.kernel.JnaStart;
import io.vigil.kernel.KernelException;
import io.vigil.kernel.NativeSupport;
import io.vigil.kernel.socket.InputWait;
import io.vigil.kernel.socket.Wakeup;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An AF_NETLINK socket (raw, close-on-exec) bound to a kernel-assigned port id, with extended acks
 * and capped acks turned on where the kernel has them, and a large receive buffer so dumps of big
 * tables and event bursts fit.
 *
 * <pre>
 * struct sockaddr_nl (12 bytes, host byte order)
 *  0        2        4                8                12
 *  +--------+--------+----------------+----------------+
 *  | family |  pad   |      pid       |     groups     |
 *  +--------+--------+----------------+----------------+
 * </pre>
 */
public final class NetlinkSocket implements NetlinkTransport {
  public static final int NETLINK_ROUTE = 0;
  public static final int NETLINK_GENERIC = 16;

  /** Netfilter (nf_tables among its subsystems). */
  public static final int NETLINK_NETFILTER = 12;

  static final int AF_NETLINK = 16;
  static final int SOCK_RAW = 3;
  static final int SOCK_CLOEXEC = 0x80000;
  static final int SOL_SOCKET = 1;
  static final int SO_SNDBUF = 7;
  static final int SO_RCVBUF = 8;
  static final int SO_RCVBUFFORCE = 33;
  static final int SOL_NETLINK = 270;
  static final int NETLINK_ADD_MEMBERSHIP = 1;
  static final int NETLINK_CAP_ACK = 10;
  static final int NETLINK_EXT_ACK = 11;
  static final int MSG_DONTWAIT = 0x40;

  static final int SA_FAMILY_OFFSET = 0;
  static final int SA_PID_OFFSET = 4;
  static final int SA_GROUPS_OFFSET = 8;
  static final int SA_LENGTH = 12;

  /** Large enough for any single netlink datagram the kernel sends (it caps them at 32 KiB+). */
  static final int RECEIVE_BUFFER_BYTES = 1 << 20;

  private static final int SOCKET_RCVBUF_BYTES = 8 << 20;
  private static final int SOCKET_SNDBUF_BYTES = 4 << 20;

  /**
   * libc, direct-mapped (static native methods bound once by {@link Native#register}): a call goes
   * straight to the native stub, where an interface binding goes through a dynamic proxy, a
   * reflective handler and an argument conversion each time (11,000 receives for the acks of a
   * 1,000 x 10 restore). errno is kept for {@link Native#getLastError} as with the interface
   * binding.
   */
  static final class Lib {
    static {
      JnaStart.registerLibc(Lib.class);
    }

    private Lib() {}

    static native int socket(int domain, int type, int protocol);

    static native int bind(int fd, byte[] addr, int len);

    static native int getsockname(int fd, byte[] addr, int[] len);

    static native int setsockopt(int fd, int level, int name, int[] value, int len);

    static native int getsockopt(int fd, int level, int name, int[] value, int[] len);

    static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen);

    static native long recv(int fd, Pointer buf, long len, int flags);

    static native int close(int fd);

    static native int open(String path, int flags);

    static native int setns(int fd, int nstype);
  }

  static final int O_RDONLY = 0;
  static final int O_CLOEXEC = 0x80000;
  static final int CLONE_NEWNET = 0x40000000;
  static final long NETNS_OPEN_TIMEOUT_MS = 10_000;

  private final int fd;
  private final int portId;
  private final int protocol;

  /**
   * Native memory, allocated once: a byte[] argument would make JNA copy the whole megabyte in and
   * out on every recv (20 s for the 11,000 acks of a 1,000 x 10 table under emulation).
   */
  private final Memory receiveBuffer = new Memory(RECEIVE_BUFFER_BYTES);

  private boolean closed;

  /** What {@link #wakeUp} wakes; null until {@link #enableWakeUp}. */
  private volatile Wakeup wakeup;

  /** A waiting {@link #receive}'s poll: of the socket, and of {@link #wakeup} once there is one. */
  private volatile InputWait wait;

  private NetlinkSocket(int fd, int portId, int protocol) {
    this.fd = fd;
    this.portId = portId;
    this.protocol = protocol;
    this.wait = new InputWait(fd, "netlink");
  }

  /** Opens a socket of {@code protocol} ({@link #NETLINK_ROUTE}, {@link #NETLINK_GENERIC}). */
  public static NetlinkSocket open(int protocol) {
    NativeSupport.ensureAvailable();
    int fd = Lib.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
    if (fd < 0) {
      throw KernelException.lastError("socket(AF_NETLINK, " + protocol + ")");
    }
    try {
      // Best effort: older kernels lack these, and the exchange works without them.
      setInt(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1);
      setInt(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1);
      setInt(fd, SOL_SOCKET, SO_SNDBUF, SOCKET_SNDBUF_BYTES);
      if (setInt(fd, SOL_SOCKET, SO_RCVBUFFORCE, SOCKET_RCVBUF_BYTES) != 0) {
        setInt(fd, SOL_SOCKET, SO_RCVBUF, SOCKET_RCVBUF_BYTES);
      }
      byte[] sa = new byte[SA_LENGTH];
      ByteBuffer.wrap(sa)
          .order(ByteOrder.nativeOrder())
          .putShort(SA_FAMILY_OFFSET, (short) AF_NETLINK);
      if (Lib.bind(fd, sa, SA_LENGTH) != 0) {
        throw KernelException.lastError("bind(AF_NETLINK)");
      }
      int[] len = {SA_LENGTH};
      if (Lib.getsockname(fd, sa, len) != 0) {
        throw KernelException.lastError("getsockname(AF_NETLINK)");
      }
      int pid = ByteBuffer.wrap(sa).order(ByteOrder.nativeOrder()).getInt(SA_PID_OFFSET);
      return new NetlinkSocket(fd, pid, protocol);
    } catch (RuntimeException e) {
      Lib.close(fd);
      throw e;
    }
  }

  /**
   * Opens a socket of {@code protocol} in another network namespace ({@code netns}, e.g. {@code
   * /run/netns/NAME}). A socket belongs to the namespace it was created in, so a short-lived thread
   * enters the namespace (setns, CAP_SYS_ADMIN), opens the socket and ends: no other thread of the
   * process changes namespace.
   */
  public static NetlinkSocket openInNetns(java.nio.file.Path netns, int protocol) {
    NativeSupport.ensureAvailable();
    java.util.concurrent.atomic.AtomicReference<Object> result =
        new java.util.concurrent.atomic.AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              int nsfd = Lib.open(netns.toString(), O_RDONLY | O_CLOEXEC);
              if (nsfd < 0) {
                result.set(KernelException.lastError("open " + netns));
                return;
              }
              try {
                if (Lib.setns(nsfd, CLONE_NEWNET) != 0) {
                  result.set(KernelException.lastError("setns " + netns));
                  return;
                }
                result.set(open(protocol));
              } catch (RuntimeException e) {
                result.set(e);
              } finally {
                Lib.close(nsfd);
              }
            },
            "netns-socket");
    t.setDaemon(true);
    t.start();
    try {
      t.join(NETNS_OPEN_TIMEOUT_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KernelException("interrupted opening a socket in " + netns, Errno.EINTR);
    }
    Object r = result.get();
    if (r instanceof NetlinkSocket s) {
      return s;
    }
    if (r instanceof RuntimeException e) {
      throw e;
    }
    throw new KernelException("opening a socket in " + netns + " timed out", Errno.ETIMEDOUT);
  }

  private static int setInt(int fd, int level, int name, int value) {
    return Lib.setsockopt(fd, level, name, new int[] {value}, 4);
  }

  @Override
  public int receiveBuffer(int bytes, boolean force) {
    int option = force ? SO_RCVBUFFORCE : SO_RCVBUF;
    if (setInt(fd, SOL_SOCKET, option, bytes) != 0) {
      throw KernelException.lastError(
          "setsockopt(" + (force ? "SO_RCVBUFFORCE" : "SO_RCVBUF") + ", " + bytes + ")");
    }
    int[] value = new int[1];
    int[] len = {4};
    if (Lib.getsockopt(fd, SOL_SOCKET, SO_RCVBUF, value, len) != 0) {
      throw KernelException.lastError("getsockopt(SO_RCVBUF)");
    }
    return value[0];
  }

  /** Joins a multicast group (rtnetlink RTNLGRP_*, or a generic netlink group id) for events. */
  public void joinGroup(int group) {
    if (setInt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group) != 0) {
      throw KernelException.lastError("join netlink group " + group);
    }
  }

  @Override
  public int portId() {
    return portId;
  }

  /** NETLINK_ROUTE or NETLINK_GENERIC. */
  public int protocol() {
    return protocol;
  }

  @Override
  public void send(ByteBuffer datagram) {
    int n = datagram.remaining();
    byte[] bytes = new byte[n];
    datagram.duplicate().get(bytes);
    byte[] kernel = new byte[SA_LENGTH];
    ByteBuffer.wrap(kernel)
        .order(ByteOrder.nativeOrder())
        .putShort(SA_FAMILY_OFFSET, (short) AF_NETLINK);
    long sent = Lib.sendto(fd, bytes, n, 0, kernel, SA_LENGTH);
    if (sent < 0) {
      throw KernelException.lastError("netlink sendto");
    }
    if (sent != n) {
      throw new KernelException(
          "netlink sendto sent " + sent + " of " + n + " bytes", Errno.EMSGSIZE);
    }
  }

  @Override
  public ByteBuffer receive(long timeoutMs) {
    // A reply already queued (the usual case while a batch is acked: 11,000 acks for a 1,000 x 10
    // table) is taken without a poll(2) first: one native call per datagram instead of two.
    long queued = Lib.recv(fd, receiveBuffer, RECEIVE_BUFFER_BYTES, MSG_DONTWAIT);
    if (queued >= 0) {
      return copyOut(queued);
    }
    int first = Native.getLastError();
    if (first != Errno.EAGAIN && first != Errno.EINTR) {
      throw new KernelException("netlink recv", first);
    }
    long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
    InputWait w = wait;
    while (true) {
      switch (w.await(deadlineNs - System.nanoTime())) {
        case INTERRUPTED:
          continue;
        case TIMEOUT:
          throw new NetlinkTimeoutException(
              "no answer from the kernel within " + timeoutMs + " ms");
        case WOKEN:
          throw new NetlinkTimeoutException("woken up while waiting for the kernel");
        case INPUT:
          break;
      }
      long n = Lib.recv(fd, receiveBuffer, RECEIVE_BUFFER_BYTES, 0);
      if (n < 0) {
        int errno = Native.getLastError();
        if (errno == Errno.EINTR || errno == Errno.EAGAIN) {
          continue;
        }
        throw new KernelException("netlink recv", errno);
      }
      return copyOut(n);
    }
  }

  /**
   * Lets {@link #wakeUp} end a {@link #receive}'s wait, for a socket that one thread waits on for
   * events and another must stop: call it before the waiting starts. Idempotent.
   */
  @Override
  public synchronized void enableWakeUp() {
    if (closed) {
      throw new IllegalStateException("netlink socket closed");
    }
    if (wakeup == null) {
      wakeup = Wakeup.open();
      wait = new InputWait(fd, wakeup, "netlink");
    }
  }

  /**
   * Ends the wait of the {@link #receive} in progress, or of the next one if none is, as a timeout
   * ({@link NetlinkTimeoutException}) however long its timeout; from any thread. Needs {@link
   * #enableWakeUp}.
   */
  @Override
  public synchronized void wakeUp() {
    if (closed) {
      return;
    }
    Wakeup w = wakeup;
    if (w == null) {
      throw new IllegalStateException("wakeUp without enableWakeUp");
    }
    w.wake();
  }

  private ByteBuffer copyOut(long n) {
    byte[] copy = new byte[(int) n];
    receiveBuffer.read(0, copy, 0, (int) n);
    return ByteBuffer.wrap(copy).order(ByteOrder.nativeOrder());
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      Lib.close(fd);
      if (wakeup != null) {
        wakeup.close();
      }
    }
  }
}
