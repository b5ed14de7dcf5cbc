package io.vigil.kernel.socket;

import static io.vigil.kernel.socket.MsgHdr.CMSG_DATA_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.CMSG_LEN_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.CMSG_LEVEL_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.CMSG_TYPE_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.MSGHDR_LENGTH;
import static io.vigil.kernel.socket.MsgHdr.MSG_CONTROLLEN_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.MSG_CONTROL_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.MSG_IOVLEN_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.MSG_IOV_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.MSG_NAMELEN_OFFSET;
import static io.vigil.kernel.socket.MsgHdr.MSG_NAME_OFFSET;
import static io.vigil.kernel.socket.SockAddr.SOCKADDR_IN6_LENGTH;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.vigil.kernel.Errno;
import io.vigil.kernel.KernelException;

/**
 * One socket's recvmsg with ancillary data, in native memory allocated once (the raw IPv6 and the
 * UDP sockets): waits for a datagram to the nanosecond, receives it with its source address ({@link
 * #name()}, a {@code sockaddr_in6}) and walks its control messages.
 */
final class MsgReceiver {
  static final int CONTROL_LENGTH = 256;
  static final int MAX_DATAGRAM = 65_536;

  /** A control message: its level, type and where its data starts in {@code control}. */
  interface Cmsg {
    void accept(int level, int type, Memory control, long dataAt);
  }

  private final int fd;
  private final String what;
  private final Memory msghdr = new Memory(MSGHDR_LENGTH);
  private final Memory name = new Memory(SOCKADDR_IN6_LENGTH);
  private final Memory iov = new Memory(16);
  private final Memory data = new Memory(MAX_DATAGRAM);
  private final Memory control = new Memory(CONTROL_LENGTH);
  private InputWait wait;

  MsgReceiver(int fd, String what) {
    this.fd = fd;
    this.what = what;
    this.wait = new InputWait(fd, what);
  }

  /**
   * From now on a wait also ends, as a timeout, when {@code wakeup} is woken (receiving thread).
   */
  void wakeUpWith(Wakeup wakeup) {
    wait = new InputWait(fd, wakeup, what);
  }

  /** The source of the last datagram. */
  Memory name() {
    return name;
  }

  /**
   * Waits up to {@code timeoutNs} for a datagram and copies it into {@code buf}; returns its
   * length, or -1 (none came, or a signal).
   */
  int receive(byte[] buf, long timeoutNs) {
    if (wait.await(timeoutNs) != InputWait.End.INPUT) {
      return -1;
    }
    iov.setPointer(0, data);
    iov.setLong(8, Math.min(buf.length, MAX_DATAGRAM));
    msghdr.clear();
    msghdr.setPointer(MSG_NAME_OFFSET, name);
    msghdr.setInt(MSG_NAMELEN_OFFSET, SOCKADDR_IN6_LENGTH);
    msghdr.setPointer(MSG_IOV_OFFSET, iov);
    msghdr.setLong(MSG_IOVLEN_OFFSET, 1);
    msghdr.setPointer(MSG_CONTROL_OFFSET, control);
    msghdr.setLong(MSG_CONTROLLEN_OFFSET, CONTROL_LENGTH);
    long n = SocketLibc.recvmsg(fd, msghdr, 0);
    if (n < 0) {
      int errno = Native.getLastError();
      if (errno == Errno.EINTR || errno == Errno.EAGAIN) {
        return -1;
      }
      throw new KernelException("recvmsg(" + what + ")", errno);
    }
    data.read(0, buf, 0, (int) n);
    return (int) n;
  }

  /** Hands each control message of the last datagram to {@code visitor}. */
  void eachCmsg(Cmsg visitor) {
    long controlLength = msghdr.getLong(MSG_CONTROLLEN_OFFSET);
    long at = 0;
    while (at + CMSG_DATA_OFFSET <= controlLength) {
      long len = control.getLong(at + CMSG_LEN_OFFSET);
      if (len < CMSG_DATA_OFFSET || at + len > controlLength) {
        break;
      }
      visitor.accept(
          control.getInt(at + CMSG_LEVEL_OFFSET),
          control.getInt(at + CMSG_TYPE_OFFSET),
          control,
          at + CMSG_DATA_OFFSET);
      at += MsgHdr.align(len);
    }
  }
}
