package io.vigil.kernel.socket;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.vigil.kernel.Errno;
import io.vigil.kernel.KernelException;

/**
 * A wait for input on one descriptor and, when given one, on a {@link Wakeup} polled beside it:
 * ppoll(2) to the nanosecond (poll(2) counts in milliseconds, so a wait for a deadline would end up
 * to a millisecond after it), on an array of struct pollfd and a timespec in native memory
 * allocated once. One thread waits (a socket's receiving thread); any thread may wake it.
 *
 * <pre>
 * struct pollfd (8 bytes, host byte order), the descriptor's first, the wake-up's second
 *  0                4        6        8
 *  +----------------+--------+--------+
 *  |       fd       | events |revents |
 *  +----------------+--------+--------+
 * struct timespec (16 bytes): tv_sec (8), tv_nsec (8)
 * </pre>
 */
public final class InputWait {
  static final int POLLFD_BYTES = 8;
  static final int POLLFD_EVENTS_OFFSET = 4;
  static final int POLLFD_REVENTS_OFFSET = 6;
  static final short POLLIN = 0x1;
  static final int TIMESPEC_BYTES = 16;

  /** How a wait ended. */
  public enum End {
    /** The descriptor has input. */
    INPUT,
    /** The timeout passed. */
    TIMEOUT,
    /** The wake-up fired, and not the descriptor; its count is read back (the next wait waits). */
    WOKEN,
    /** A signal interrupted the wait (EINTR). */
    INTERRUPTED
  }

  private final Memory pollfd;
  private final Memory timespec = new Memory(TIMESPEC_BYTES);
  private final int wakeupFd;
  private final String what;

  /** A wait on {@code fd} alone; {@code what} names it in errors ("raw eth0"). */
  public InputWait(int fd, String what) {
    this(fd, -1, what);
  }

  /** A wait on {@code fd} that {@code wakeup} also ends. */
  public InputWait(int fd, Wakeup wakeup, String what) {
    this(fd, wakeup.fd(), what);
  }

  private InputWait(int fd, int wakeupFd, String what) {
    this.wakeupFd = wakeupFd;
    this.what = what;
    int n = wakeupFd < 0 ? 1 : 2;
    pollfd = new Memory((long) n * POLLFD_BYTES);
    for (int i = 0; i < n; i++) {
      pollfd.setInt((long) i * POLLFD_BYTES, i == 0 ? fd : wakeupFd);
      pollfd.setShort((long) i * POLLFD_BYTES + POLLFD_EVENTS_OFFSET, POLLIN);
      pollfd.setShort((long) i * POLLFD_BYTES + POLLFD_REVENTS_OFFSET, (short) 0);
    }
  }

  /**
   * Waits up to {@code timeoutNs} (none: at once) for input; a failure of ppoll other than EINTR
   * throws.
   */
  public End await(long timeoutNs) {
    long ns = Math.max(0, timeoutNs);
    timespec.setLong(0, ns / 1_000_000_000L);
    timespec.setLong(8, ns % 1_000_000_000L);
    int ready = SocketLibc.ppoll(pollfd, wakeupFd < 0 ? 1 : 2, timespec, null);
    if (ready < 0) {
      if (Native.getLastError() == Errno.EINTR) {
        return End.INTERRUPTED;
      }
      throw KernelException.lastError("ppoll(" + what + ")");
    }
    if (ready == 0) {
      return End.TIMEOUT;
    }
    if (pollfd.getShort(POLLFD_REVENTS_OFFSET) == 0) {
      Wakeup.clear(wakeupFd);
      return End.WOKEN;
    }
    return End.INPUT;
  }
}
