package io.vigil.netlink.ipvs.text;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Addresses to and from text exactly as glibc's {@code inet_ntop}, {@code inet_aton} and {@code
 * inet_pton} do it (ipvsadm prints and parses with them), without ever asking a name service.
 */
public final class AddressText {
  private AddressText() {}

  /** {@code inet_ntop}: dotted quad, or IPv6 with the longest run (2+) of zero words as "::". */
  public static String ntop(InetAddress a) {
    byte[] b = a.getAddress();
    if (b.length == 4) {
      return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }
    int[] w = new int[8];
    for (int i = 0; i < 8; i++) {
      w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestBase = -1;
    int bestLen = 0;
    int curBase = -1;
    int curLen = 0;
    for (int i = 0; i <= 8; i++) {
      if (i < 8 && w[i] == 0) {
        if (curBase == -1) {
          curBase = i;
          curLen = 1;
        } else {
          curLen++;
        }
      } else if (curBase != -1) {
        if (bestBase == -1 || curLen > bestLen) {
          bestBase = curBase;
          bestLen = curLen;
        }
        curBase = -1;
      }
    }
    if (bestBase != -1 && bestLen < 2) {
      bestBase = -1;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (bestBase != -1 && i >= bestBase && i < bestBase + bestLen) {
        if (i == bestBase) {
          s.append(':');
        }
        continue;
      }
      if (i != 0) {
        s.append(':');
      }
      if (i == 6 && bestBase == 0 && (bestLen == 6 || (bestLen == 5 && w[5] == 0xffff))) {
        s.append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.');
        s.append(b[14] & 0xff).append('.').append(b[15] & 0xff);
        return s.toString();
      }
      s.append(Integer.toHexString(w[i]));
    }
    if (bestBase != -1 && bestBase + bestLen == 8) {
      s.append(':');
    }
    return s.toString();
  }

  /**
   * {@code inet_aton}: "a.b.c.d", "a.b.c", "a.b" or "a", each part decimal, octal (0...) or hex
   * (0x...). Null when {@code s} is not such an address.
   */
  public static Inet4Address aton(String s) {
    // parts read in place (no split, no substrings): restore parses every line's addresses
    long[] v = new long[4];
    int parts = 0;
    int n = s.length();
    for (int from = 0; ; ) {
      if (parts == 4) {
        return null;
      }
      int end = s.indexOf('.', from);
      if (end < 0) {
        end = n;
      }
      long x = number(s, from, end);
      if (x < 0) {
        return null;
      }
      v[parts++] = x;
      if (end == n) {
        break;
      }
      from = end + 1;
    }
    long value = 0;
    int last = parts - 1;
    for (int i = 0; i < last; i++) {
      if (v[i] > 0xff) {
        return null;
      }
      value |= v[i] << (24 - 8 * i);
    }
    long lastMax = 0xffffffffL >>> (8 * last);
    if (v[last] > lastMax) {
      return null;
    }
    value |= v[last];
    return (Inet4Address) byAddress(toBytes((int) value));
  }

  /**
   * {@code inet_pton(AF_INET, ...)}: exactly four decimal parts of 0..255, without leading zeros.
   * Null otherwise.
   */
  public static Inet4Address pton4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int n = 0;
      for (int k = 0; k < p.length(); k++) {
        char c = p.charAt(k);
        if (c < '0' || c > '9') {
          return null;
        }
        n = n * 10 + (c - '0');
      }
      if (n > 255) {
        return null;
      }
      b[i] = (byte) n;
    }
    return (Inet4Address) byAddress(b);
  }

  /**
   * {@code inet_pton(AF_INET6, ...)}: null unless {@code s} is an IPv6 literal (hex groups, one
   * "::" at most, an optional dotted IPv4 tail). Parsed here, never handed to a resolver.
   */
  public static Inet6Address pton6(String s) {
    int colon = s.indexOf(':');
    if (colon < 0 || s.indexOf(':', colon + 1) < 0) {
      return null; // fewer than two colons: no IPv6 literal ("::" has two), and "a.b.c.d:port"
    }
    int dc = s.indexOf("::");
    if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
      return null;
    }
    int[] head = groups(dc >= 0 ? s.substring(0, dc) : s, dc < 0);
    int[] tail = dc >= 0 ? groups(s.substring(dc + 2), true) : new int[0];
    if (head == null || tail == null) {
      return null;
    }
    int n = head.length + tail.length;
    if (dc < 0 ? n != 8 : n > 7) {
      return null;
    }
    byte[] b = new byte[16];
    for (int i = 0; i < head.length; i++) {
      b[2 * i] = (byte) (head[i] >> 8);
      b[2 * i + 1] = (byte) head[i];
    }
    for (int i = 0; i < tail.length; i++) {
      int w = 8 - tail.length + i;
      b[2 * w] = (byte) (tail[i] >> 8);
      b[2 * w + 1] = (byte) tail[i];
    }
    try {
      return Inet6Address.getByAddress(null, b, null);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** 16-bit words of "h:h:h" (empty: none); the last may be a dotted quad when allowed. */
  private static int[] groups(String s, boolean mayEndInIpv4) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    boolean v4 = mayEndInIpv4 && parts[parts.length - 1].indexOf('.') >= 0;
    int[] out = new int[parts.length + (v4 ? 1 : 0)];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (v4 && i == parts.length - 1) {
        Inet4Address a = pton4(p);
        if (a == null) {
          return null;
        }
        byte[] q = a.getAddress();
        out[i] = ((q[0] & 0xff) << 8) | (q[1] & 0xff);
        out[i + 1] = ((q[2] & 0xff) << 8) | (q[3] & 0xff);
        continue;
      }
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int w = 0;
      for (int k = 0; k < p.length(); k++) {
        int d = asciiDigit(p.charAt(k));
        if (d < 0) {
          return null;
        }
        w = (w << 4) | d;
      }
      out[i] = w;
    }
    return out;
  }

  /** The 4 bytes of {@code v} in network order. */
  static byte[] toBytes(int v) {
    return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
  }

  static InetAddress byAddress(byte[] b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /**
   * A C integer literal (decimal, 0-octal, 0x-hex; ASCII digits only) as inet_aton reads it, from
   * {@code s}'s characters {@code from} to {@code to}; -1 if malformed.
   */
  private static long number(String s, int from, int to) {
    if (from == to) {
      return -1;
    }
    int radix = 10;
    if (to - from > 1 && s.charAt(from) == '0') {
      char x = s.charAt(from + 1);
      if (x == 'x' || x == 'X') {
        radix = 16;
        from += 2;
        if (from == to) {
          return -1; // "0x" alone: glibc 2.36 refuses it
        }
      } else {
        radix = 8;
        from += 1;
      }
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      int d = asciiDigit(s.charAt(i));
      if (d < 0 || d >= radix) {
        return -1;
      }
      n = n * radix + d;
      if (n > 0xffffffffL) {
        return -1; // over any part's range (leading zeros are no overflow)
      }
    }
    return n;
  }

  /** The value of an ASCII digit of base 16 at most (either case), or -1. */
  private static int asciiDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
