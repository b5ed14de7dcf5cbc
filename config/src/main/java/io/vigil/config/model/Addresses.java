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

  /** iproute2's scope names (as keepalived knows them), or a number 0..255; null for neither. */
  public static Integer scope(String s) {
    switch (s) {
      case "global", "universe" -> {
        return 0;
      }
      case "site" -> {
        return 200;
      }
      case "link" -> {
        return 253;
      }
      case "host" -> {
        return 254;
      }
      case "nowhere" -> {
        return 255;
      }
      default -> {
        if (s.matches("[0-9]{1,3}") && Integer.parseInt(s) <= 255) {
          return Integer.parseInt(s);
        }
        return null;
      }
    }
  }
}
