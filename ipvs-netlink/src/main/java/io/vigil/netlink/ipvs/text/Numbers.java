package io.vigil.netlink.ipvs.text;

/** C's number parsing as ipvsadm uses it (strtol base 10, atoi), without exceptions. */
final class Numbers {
  private Numbers() {}

  /**
   * {@code strtol(s, &end, 10)} that must consume the whole string: leading blanks and a sign
   * allowed. {@link Long#MIN_VALUE} when {@code s} is not a whole number or overflows.
   */
  static long strtol(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    if (i >= s.length()) {
      return Long.MIN_VALUE;
    }
    long n = 0;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return Long.MIN_VALUE;
      }
      n = n * 10 + (c - '0');
      if (n > Integer.MAX_VALUE * 4L) {
        return Long.MIN_VALUE; // far past anything ipvsadm accepts
      }
    }
    return negative ? -n : n;
  }

  /**
   * parse_fwmark: 1..UINT_MAX, else -1. Also -2^31..-1, read as the same 32 bits: Debian's ipvsadm
   * 1.31 saves marks above 2^31 with %d (mark 2882430849 as -1412536447) and could not restore its
   * own output; Vigil can.
   */
  static long fwmark(String s) {
    long n = strtol(s);
    if (n < 0 && n >= Integer.MIN_VALUE) {
      return n & 0xffffffffL;
    }
    return n <= 0 || n > 0xffffffffL ? -1 : n;
  }

  /** {@code atoi}: the leading number, 0 when there is none. */
  static int atoi(String s) {
    int i = 0;
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    long n = 0;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && n < 1_000_000) {
      n = n * 10 + (s.charAt(i++) - '0');
    }
    return (int) (negative ? -n : n);
  }
}
