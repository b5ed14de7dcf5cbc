package io.vigil.config.model;

import java.net.Inet4Address;
import java.net.InetAddress;

/** Addresses as people write them: IPv6 in the RFC 5952 short form (longest zero run as ::). */
public final class Addresses {
  private Addresses() {}

  public static String format(InetAddress a) {
    if (a instanceof Inet4Address) {
      return a.getHostAddress();
    }
    byte[] b = a.getAddress();
    int[] w = new int[8];
    for (int i = 0; i < 8; i++) {
      w[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && w[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        s.append("::");
        i += bestLen - 1;
        continue;
      }
      if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
        s.append(':');
      }
      s.append(Integer.toHexString(w[i]));
    }
    return s.toString();
  }

  /**
   * A scope as keepalived 2.2.7 reads one for an address or a route (find_rttables_scope): a number
   * as strtoul reads it (0x10, 020, 16) to 255, or a name from /etc/iproute2/rt_scopes, or one of
   * global, nowhere, host, link, site that the file does not rename; null for neither.
   */
  public static Integer scope(String s) {
    Long n = RtNames.SCOPES.find(s);
    return n == null ? null : n.intValue();
  }
}
