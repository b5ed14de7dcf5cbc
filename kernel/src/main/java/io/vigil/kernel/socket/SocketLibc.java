package io.vigil.kernel.socket;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.vigil.kernel.JnaStart;
import io.vigil.kernel.KernelException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The libc calls of the VRRP sockets (raw IPv4, raw IPv6, packet), direct-mapped: static native
 * methods bound once by {@link Native#register}, so a call goes straight to the native stub. An
 * interface binding goes through a dynamic proxy, a reflective handler, an argument array and
 * boxing at every call, and copies a {@code byte[]} in and out whole: on the VRRP thread, which
 * polls, receives and sends for every advert, that was work (and garbage) at every turn. errno is
 * kept for {@link Native#getLastError} as with the interface binding. The receive buffers (and
 * {@link InputWait}'s pollfd) are native memory the sockets allocate once.
 */
final class SocketLibc {
  static {
    JnaStart.registerLibc(SocketLibc.class);
  }

  private SocketLibc() {}

  static native int socket(int domain, int type, int protocol);

  static native int setsockopt(int fd, int level, int name, byte[] value, int len);

  static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen);

  static native long sendto(int fd, Pointer buf, long len, int flags, Pointer addr, int addrLen);

  static native long recv(int fd, Pointer buf, long len, int flags);

  static native long recvmsg(int fd, Pointer msg, int flags);

  static native long sendmsg(int fd, Pointer msg, int flags);

  static native int ppoll(Pointer fds, long nfds, Pointer timeout, Pointer sigmask);

  static native int ioctl(int fd, long request, byte[] arg);

  static native int getsockopt(int fd, int level, int name, byte[] value, int[] len);

  static native int if_nametoindex(String name);

  static native int bind(int fd, byte[] addr, int len);

  static native int close(int fd);

  static native int eventfd(int initval, int flags);

  static native long read(int fd, byte[] buf, long len);

  static native long write(int fd, byte[] buf, long len);

  /** bind to a {@code struct sockaddr_in} or {@code sockaddr_in6}; a refusal throws. */
  static void bind(int fd, byte[] sockaddr, String what) {
    if (bind(fd, sockaddr, sockaddr.length) < 0) {
      throw KernelException.lastError(what);
    }
  }

  /** setsockopt with a byte-string value; a refusal throws, naming {@code what}. */
  static void set(int fd, int level, int name, byte[] value, int len, String what) {
    if (setsockopt(fd, level, name, value, len) != 0) {
      throw KernelException.lastError("setsockopt " + what);
    }
  }

  /** setsockopt with an int value (native order); a refusal throws, naming {@code what}. */
  static void setInt(int fd, int level, int name, int value, String what) {
    byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
    set(fd, level, name, v, 4, what);
  }

  static final int SOL_SOCKET = 1;
  static final int SO_RCVBUF = 8;

  /**
   * Sets the socket's receive buffer (SO_RCVBUF: the kernel doubles what it is asked for, and caps
   * the request at net.core.rmem_max) and returns the size it now has; a refusal throws.
   */
  static int receiveBuffer(int fd, int bytes) {
    setInt(fd, SOL_SOCKET, SO_RCVBUF, bytes, "SO_RCVBUF " + bytes);
    byte[] v = new byte[4];
    int[] len = {4};
    if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, v, len) != 0) {
      throw KernelException.lastError("getsockopt SO_RCVBUF");
    }
    return ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt();
  }

  /**
   * Native memory of at least {@code len} bytes: {@code current} when it is large enough, else a
   * new block (a socket keeps the one it gets and grows it only for a longer datagram).
   */
  static Memory atLeast(Memory current, int len) {
    return current != null && current.size() >= len ? current : new Memory(Math.max(len, 512));
  }
}
