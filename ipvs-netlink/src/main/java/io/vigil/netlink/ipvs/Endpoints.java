package io.vigil.netlink.ipvs;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Address formatting as ipvsadm prints it. */
public final class Endpoints {
  private Endpoints() {}

  /** {@code 192.0.2.1:80} or {@code [2001:db8::1]:80}. */
  public static String format(InetAddress a, int port) {
    return host(a) + ":" + port;
  }

  /** {@code 192.0.2.1} or {@code [2001:db8::1]} (compressed, as inet_ntop writes it). */
  public static String host(InetAddress a) {
    if (a instanceof Inet6Address) {
      return "[" + compress(a.getHostAddress()) + "]";
    }
    return a.getHostAddress();
  }

  /** RFC 5952 text for an IPv6 address (Java prints it uncompressed, with any scope). */
  public static String compress(String full) {
    int pct = full.indexOf('%');
    String s = pct >= 0 ? full.substring(0, pct) : full;
    String[] parts = s.split(":", -1);
    if (parts.length != 8) {
      return s;
    }
    int[] v = new int[8];
    for (int i = 0; i < 8; i++) {
      v[i] = Integer.parseInt(parts[i], 16);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (v[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && v[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append(i == 0 ? "::" : ":");
        i += bestLen - 1;
        continue;
      }
      out.append(Integer.toHexString(v[i]));
      if (i < 7) {
        out.append(':');
      }
    }
    String r = out.toString();
    return r.endsWith(":") && !r.endsWith("::") ? r.substring(0, r.length() - 1) : r;
  }
}
