package io.vigil.kernel.socket;

import io.vigil.kernel.Errno;
import io.vigil.kernel.KernelException;
import io.vigil.kernel.NativeSupport;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An eventfd(2) (non-blocking, close-on-exec) that ends a socket's wait from another thread: a
 * socket given one ({@link RawIpv4Socket#wakeUpWith}, {@link RawIpv6Socket#wakeUpWith}) polls it
 * beside itself, and {@link #wake} makes the wait in progress, or the next one if none is, end as a
 * timeout. A thread that waits for its socket and a deadline then needs no short timeout to see
 * what other threads handed it.
 */
public final class Wakeup implements AutoCloseable {
  static final int EFD_NONBLOCK = 0x800;
  static final int EFD_CLOEXEC = 0x80000;

  /** An eventfd's counter is read and written as 8 bytes, in host byte order. */
  static final int COUNTER_BYTES = 8;

  private final int fd;
  private final byte[] one;
  private boolean closed;

  private Wakeup(int fd) {
    this.fd = fd;
    this.one =
        ByteBuffer.allocate(COUNTER_BYTES).order(ByteOrder.nativeOrder()).putLong(0, 1).array();
  }

  /**
   * Opens one for the sockets opened already: {@code closeOnFailure} close them (in order) when it
   * cannot be, before the failure is thrown.
   */
  public static Wakeup open(Runnable... closeOnFailure) {
    NativeSupport.ensureAvailable();
    int fd = SocketLibc.eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (fd < 0) {
      KernelException e = KernelException.lastError("eventfd");
      for (Runnable close : closeOnFailure) {
        close.run();
      }
      throw e;
    }
    return new Wakeup(fd);
  }

  /** The descriptor to poll for input. */
  public int fd() {
    return fd;
  }

  /** Ends the wait in progress, or the next one; from any thread; nothing once closed. */
  public synchronized void wake() {
    if (closed) {
      return;
    }
    // EAGAIN only at a counter of 2^64 - 2: woken already
    if (SocketLibc.write(fd, one, COUNTER_BYTES) != COUNTER_BYTES
        && com.sun.jna.Native.getLastError() != Errno.EAGAIN) {
      throw KernelException.lastError("eventfd write");
    }
  }

  /**
   * Reads the counter back to 0 (a wait that polled this ready calls it), so the next wait waits.
   */
  public void clear() {
    clear(fd);
  }

  static void clear(int fd) {
    SocketLibc.read(fd, new byte[COUNTER_BYTES], COUNTER_BYTES);
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      SocketLibc.close(fd);
    }
  }
}
