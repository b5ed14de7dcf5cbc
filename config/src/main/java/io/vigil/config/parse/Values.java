package io.vigil.config.parse;

import io.vigil.config.Diagnostics;
import io.vigil.config.lang.Node;
import io.vigil.config.lang.Words;
import io.vigil.config.model.IpPrefix;
import io.vigil.config.model.Script;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads typed values from keyword lines, reporting every bad value at its line. Addresses are
 * literals only: no name is ever resolved.
 */
final class Values {
  /**
   * Whether the kernel takes {@code name} for an interface (net/core/dev.c dev_valid_name): 1 to 15
   * characters, not "." or "..", no '/', ':' or white space.
   */
  static boolean interfaceNameValid(String name) {
    return !name.isEmpty()
        && name.length() < 16
        && !name.equals(".")
        && !name.equals("..")
        && name.chars().noneMatch(c -> c == '/' || c == ':' || Character.isWhitespace(c));
  }

  /** keepalived's timers have microsecond resolution and 6 fractional digits. */
  static final long US_PER_S = 1_000_000L;

  /** Seconds with at most 6 decimals, as keepalived reads timers; compiled once. */
  private static final Pattern SECONDS =
      Pattern.compile("[0-9]{1,12}(\\.[0-9]{0,6})?|\\.[0-9]{1,6}");

  final Diagnostics d;

  Values(Diagnostics d) {
    this.d = d;
  }

  void error(Node n, String msg) {
    d.error(n.origin(), msg);
  }

  void warning(Node n, String msg) {
    d.warning(n.origin(), msg);
  }

  /** Argument i, or null with an error naming the keyword. */
  String arg(Node n, int i) {
    String a = n.arg(i);
    if (a == null) {
      error(n, "'" + n.keyword() + "' is missing a value");
    }
    return a;
  }

  /**
   * Warns about words after argument i, which keepalived ignores without a word ("priority 100 ;
   * advert_int 2" sets no advert_int). {@code weight} may be followed by {@code reverse}.
   */
  void extra(Node n, int i) {
    if (n.args().size() > i + 1 && !(n.keyword().equals("weight") && n.args().size() == i + 2)) {
      warning(
          n,
          n.keyword()
              + ": words after '"
              + n.arg(i)
              + "' are ignored: '"
              + String.join(" ", n.args().subList(i + 1, n.args().size()))
              + "'");
    }
  }

  /** An integer in [min, max], or null with an error. */
  Long integer(Node n, int i, long min, long max) {
    extra(n, i);
    String a = arg(n, i);
    return a == null ? null : integer(n, a, min, max);
  }

  Long integer(Node n, String a, long min, long max) {
    long v;
    try {
      v = Long.parseLong(a);
    } catch (NumberFormatException e) {
      error(n, n.keyword() + ": invalid number '" + a + "'");
      return null;
    }
    if (v < min || v > max) {
      error(n, n.keyword() + ": number '" + a + "' outside range [" + min + ", " + max + "]");
      return null;
    }
    return v;
  }

  /** Decimal seconds (up to 6 fractional digits) as microseconds in [minUs, maxUs], or null. */
  Long timerUs(Node n, int i, long minUs, long maxUs) {
    extra(n, i);
    String a = arg(n, i);
    if (a == null) {
      return null;
    }
    Long us = parseSeconds(a);
    if (us == null) {
      error(n, n.keyword() + ": invalid time '" + a + "'");
      return null;
    }
    if (us < minUs || us > maxUs) {
      error(
          n,
          n.keyword()
              + ": '"
              + a
              + "' outside range ["
              + secs(minUs)
              + ", "
              + secs(maxUs)
              + "] seconds");
      return null;
    }
    return us;
  }

  static Long parseSeconds(String a) {
    if (!SECONDS.matcher(a).matches()) {
      return null;
    }
    int dot = a.indexOf('.');
    String whole = dot < 0 ? a : a.substring(0, dot);
    String frac = dot < 0 ? "" : a.substring(dot + 1);
    long us = (whole.isEmpty() ? 0 : Long.parseLong(whole)) * US_PER_S;
    if (!frac.isEmpty()) {
      us += Long.parseLong((frac + "000000").substring(0, 6));
    }
    return us;
  }

  static String secs(long us) {
    if (us % US_PER_S == 0) {
      return Long.toString(us / US_PER_S);
    }
    String f = String.format("%06d", us % US_PER_S).replaceAll("0+$", "");
    return us / US_PER_S + "." + f;
  }

  /** A flag: alone it means true; else true/on/yes or false/off/no. */
  boolean flag(Node n) {
    extra(n, 0);
    String a = n.arg(0);
    if (a == null) {
      return true;
    }
    switch (a) {
      case "true", "on", "yes":
        return true;
      case "false", "off", "no":
        return false;
      default:
        error(n, n.keyword() + ": invalid value '" + a + "' - expected on/off, true/false, yes/no");
        return true;
    }
  }

  /**
   * A command, as keepalived reads it: the line is split with quotes and escapes, and the first
   * word after the keyword is split again the same way (so a quoted command line keeps its
   * arguments). Words after that one are ignored by keepalived; here they are reported.
   */
  Optional<Script> script(Node n) {
    return script(n, false);
  }

  /**
   * A notify script: {@code KEYWORD COMMAND [USER [GROUP]]}, as keepalived reads {@code notify*},
   * {@code notify_up|down} and {@code quorum_up|down}: the words after the (quoted) command are the
   * user and group it runs as.
   */
  Optional<Script> notifyScript(Node n) {
    return script(n, true);
  }

  private Optional<Script> script(Node n, boolean userWords) {
    Optional<List<String>> line = Words.splitEscaped(n.line().text());
    if (line.isEmpty()) {
      error(n, n.keyword() + ": cannot parse command '" + n.line().text() + "'");
      return Optional.empty();
    }
    if (line.get().size() < 2) {
      error(n, "'" + n.keyword() + "' is missing a command");
      return Optional.empty();
    }
    Optional<List<String>> argv = Words.splitEscaped(line.get().get(1));
    if (argv.isEmpty() || argv.get().isEmpty()) {
      error(n, n.keyword() + ": cannot parse command '" + line.get().get(1) + "'");
      return Optional.empty();
    }
    List<String> words = line.get();
    if (userWords && words.size() > 2) {
      if (words.size() > 4) {
        warning(
            n,
            n.keyword()
                + ": words after the user and group '"
                + words.get(2)
                + " "
                + words.get(3)
                + "' are ignored - quote the whole command line");
      }
      return Optional.of(
          new Script(
              argv.get(),
              Optional.of(String.join(" ", words.subList(2, Math.min(4, words.size()))))));
    }
    if (words.size() > 2) {
      warning(
          n,
          n.keyword()
              + ": words after '"
              + words.get(1)
              + "' are ignored - quote the whole command line");
    }
    return Optional.of(new Script(argv.get()));
  }

  /** An IPv4 or IPv6 literal, or null (no error reported). */
  static InetAddress literal(String s) {
    if (s == null || s.isEmpty() || s.length() > 64) {
      return null;
    }
    if (s.indexOf(':') >= 0) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
        if (!hex && c != ':' && c != '.') {
          return null;
        }
      }
      try {
        return InetAddress.getByName("[" + s + "]"); // bracketed: a literal, never a lookup
      } catch (UnknownHostException | RuntimeException e) {
        return null;
      }
    }
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = octet(parts[i]);
      if (octet < 0) {
        return null;
      }
      b[i] = (byte) octet;
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /**
   * One to three ASCII digits worth at most 255, or -1 (a hand-written check: a regex here was
   * compiled again for each of the four parts of every address the configuration holds). Also a
   * prefix length's and a rule's protocol number's check.
   */
  static int octet(String p) {
    if (p.isEmpty() || p.length() > 3) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value <= 255 ? value : -1;
  }

  /** An address, or null with an error. */
  InetAddress address(Node n, String s) {
    InetAddress a = literal(s);
    if (a == null) {
      error(n, n.keyword() + ": invalid IP address '" + s + "'");
    }
    return a;
  }

  /** {@code ADDR[/LEN]}, or null with an error. */
  IpPrefix prefix(Node n, String s) {
    int slash = s.indexOf('/');
    InetAddress a = literal(slash < 0 ? s : s.substring(0, slash));
    if (a == null) {
      error(n, "invalid address '" + s + "'");
      return null;
    }
    int max = a instanceof Inet4Address ? 32 : 128;
    if (slash < 0) {
      return new IpPrefix(a, max);
    }
    String len = s.substring(slash + 1);
    int length = octet(len);
    if (length < 0 || length > max) {
      error(n, "invalid prefix length in '" + s + "'");
      return null;
    }
    return new IpPrefix(a, length);
  }

  /** Reports a block after a keyword that takes none. */
  void noBlock(Node n) {
    if (n.block()) {
      error(n, "'" + n.keyword() + "' takes no block - block ignored");
    }
  }
}
