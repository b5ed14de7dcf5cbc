package io.vigil.config;

/**
 * A umask written as a number, read as keepalived 2.2.7 reads both its {@code umask} keyword and
 * its {@code --umask} option: the whole string as C's strtol(s, &end, 0) takes it ({@code 0x..}
 * hexadecimal, {@code 0..} octal, else decimal; no sign), permission bits only.
 */
public final class UmaskNumber {
  private UmaskNumber() {}

  /** The mask {@code s} writes, or null when it is not such a number or has bits beyond 0777. */
  public static Integer parse(String s) {
    if (s.isEmpty() || s.contains("+") || s.contains("-")) {
      return null;
    }
    Integer bits;
    try {
      if (s.startsWith("0x") || s.startsWith("0X")) {
        bits = Integer.parseInt(s.substring(2), 16);
      } else {
        bits =
            s.length() > 1 && s.startsWith("0")
                ? Integer.parseInt(s.substring(1), 8)
                : Integer.parseInt(s);
      }
    } catch (NumberFormatException e) {
      return null;
    }
    return (bits & ~0777) == 0 ? bits : null;
  }
}
