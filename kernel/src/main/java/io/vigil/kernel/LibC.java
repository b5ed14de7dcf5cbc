package io.vigil.kernel;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The libc calls of the lead's part of this module (process identity, users, signals to script
 * process groups, the sd_notify datagram). Other packages of this module declare their own bindings
 * next to the code that uses them.
 */
public interface LibC extends Library {
  /** The one binding, loaded on first use. */
  LibC INSTANCE = JnaStart.libc(LibC.class);

  int AF_UNIX = 1;
  int SOCK_DGRAM = 2;
  int SOCK_CLOEXEC = 0x80000;
  int MSG_NOSIGNAL = 0x4000;

  /** getpid(2). */
  int getpid();

  /** geteuid(2). */
  int geteuid();

  /** getpwnam(3): the user's passwd entry (read-only, libc's), or null when there is none. */
  Pointer getpwnam(String name);

  /** kill(2); a negative pid signals that process group. */
  int kill(int pid, int signal);

  /** socket(2). */
  int socket(int domain, int type, int protocol);

  /** bind(2) with a raw sockaddr. */
  int bind(int fd, byte[] addr, int addrLen);

  /** sendto(2) with a raw sockaddr. */
  long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrLen);

  /** recv(2). */
  long recv(int fd, byte[] buf, long len, int flags);

  /** close(2). */
  int close(int fd);

  /** strerror(3). */
  String strerror(int errnum);
}
