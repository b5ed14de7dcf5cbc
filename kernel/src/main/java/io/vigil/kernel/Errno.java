package io.vigil.kernel;

import java.util.Map;

/** Symbolic names of the Linux errno values Vigil meets (x86-64 and arm64 share these). */
public final class Errno {
  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int EIO = 5;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int EFAULT = 14;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENODEV = 19;
  public static final int EINVAL = 22;
  public static final int ENFILE = 23;
  public static final int EMFILE = 24;
  public static final int ENOSPC = 28;
  public static final int ERANGE = 34;
  public static final int EMSGSIZE = 90;
  public static final int EPROTONOSUPPORT = 93;
  public static final int EOPNOTSUPP = 95;
  public static final int EAFNOSUPPORT = 97;
  public static final int EADDRINUSE = 98;
  public static final int EADDRNOTAVAIL = 99;
  public static final int ENETDOWN = 100;
  public static final int ENETUNREACH = 101;
  public static final int ENOBUFS = 105;
  public static final int ETIMEDOUT = 110;
  public static final int ECONNREFUSED = 111;
  public static final int EHOSTUNREACH = 113;

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(EPERM, "EPERM"),
          Map.entry(ENOENT, "ENOENT"),
          Map.entry(ESRCH, "ESRCH"),
          Map.entry(EINTR, "EINTR"),
          Map.entry(EIO, "EIO"),
          Map.entry(EBADF, "EBADF"),
          Map.entry(EAGAIN, "EAGAIN"),
          Map.entry(ENOMEM, "ENOMEM"),
          Map.entry(EACCES, "EACCES"),
          Map.entry(EFAULT, "EFAULT"),
          Map.entry(EBUSY, "EBUSY"),
          Map.entry(EEXIST, "EEXIST"),
          Map.entry(ENODEV, "ENODEV"),
          Map.entry(EINVAL, "EINVAL"),
          Map.entry(ENFILE, "ENFILE"),
          Map.entry(EMFILE, "EMFILE"),
          Map.entry(ENOSPC, "ENOSPC"),
          Map.entry(ERANGE, "ERANGE"),
          Map.entry(EMSGSIZE, "EMSGSIZE"),
          Map.entry(EPROTONOSUPPORT, "EPROTONOSUPPORT"),
          Map.entry(EOPNOTSUPP, "EOPNOTSUPP"),
          Map.entry(EAFNOSUPPORT, "EAFNOSUPPORT"),
          Map.entry(EADDRINUSE, "EADDRINUSE"),
          Map.entry(EADDRNOTAVAIL, "EADDRNOTAVAIL"),
          Map.entry(ENETDOWN, "ENETDOWN"),
          Map.entry(ENETUNREACH, "ENETUNREACH"),
          Map.entry(ENOBUFS, "ENOBUFS"),
          Map.entry(ETIMEDOUT, "ETIMEDOUT"),
          Map.entry(ECONNREFUSED, "ECONNREFUSED"),
          Map.entry(EHOSTUNREACH, "EHOSTUNREACH"));

  private Errno() {}

  /** The symbolic name, or {@code errno N} for one not in the table. */
  public static String name(int errno) {
    return NAMES.getOrDefault(errno, "errno " + errno);
  }

  /** libc's description of the error. */
  public static String describe(int errno) {
    return NativeSupport.isAvailable() ? LibC.INSTANCE.strerror(errno) : "errno " + errno;
  }
}
