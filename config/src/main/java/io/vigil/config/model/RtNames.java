package io.vigil.config.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Numbers that iproute2's files ({@code /etc/iproute2/rt_tables}, {@code rt_dsfield}, …) give
 * names, looked up as keepalived 2.2.7 looks them up for routes and rules (lib/rttables.c,
 * find_entry): a word that is a whole number as C's {@code strtoul(word, &end, 0)} reads it ({@code
 * 0x1f} hexadecimal, {@code 010} octal: eight, {@code 10} decimal) is that number, valid up to the
 * file's maximum; any other word is the first line of the file with exactly two fields, a number
 * (again as strtoul reads it, at most the maximum, no sign) and that word; then keepalived's own
 * defaults for the numbers the file does not name. Scopes (find_rttables_scope) are looked up the
 * same way, for addresses and routes alike.
 */
public enum RtNames {
  TABLES("rt_tables", 0xffff_ffffL, Map.of("default", 253L, "main", 254L, "local", 255L)),
  DSFIELD("rt_dsfield", 255, Map.of()),
  GROUP("group", Integer.MAX_VALUE, Map.of()),
  REALMS("rt_realms", 255, Map.of()),
  PROTOCOLS(
      "rt_protos",
      255,
      Map.ofEntries(
          Map.entry("none", 0L),
          Map.entry("redirect", 1L),
          Map.entry("kernel", 2L),
          Map.entry("boot", 3L),
          Map.entry("static", 4L),
          Map.entry("gated", 8L),
          Map.entry("ra", 9L),
          Map.entry("mrt", 10L),
          Map.entry("zebra", 11L),
          Map.entry("bird", 12L),
          Map.entry("babel", 42L),
          Map.entry("dnrouted", 13L),
          Map.entry("xorp", 14L),
          Map.entry("ntk", 15L),
          Map.entry("dhcp", 16L))),
  SCOPES(
      "rt_scopes",
      255,
      Map.of("global", 0L, "nowhere", 255L, "host", 254L, "link", 253L, "site", 200L));

  /** Where keepalived reads them (IPROUTE2_DIR). */
  public static final Path DIR = Path.of("/etc/iproute2");

  private final String file;
  private final long max;
  private final Map<String, Long> defaults;

  RtNames(String file, long max, Map<String, Long> defaults) {
    this.file = file;
    this.max = max;
    this.defaults = defaults;
  }

  /** The highest number a word may stand for here. */
  public long max() {
    return max;
  }

  /** {@code word}'s number, from this host's /etc/iproute2; null when it has none. */
  public Long find(String word) {
    return find(word, DIR);
  }

  /** {@code word}'s number, names read from {@code dir}; null when it has none. */
  public Long find(String word, Path dir) {
    Long n = strtoul(word);
    if (n != null) {
      return n <= max ? n : null;
    }
    java.util.List<String[]> entries = entries(dir.resolve(file));
    for (String[] f : entries) {
      if (f[1].equals(word)) {
        return strtoul(f[0]);
      }
    }
    Long d = defaults.get(word);
    // a default counts only for a number the file does not name (keepalived's add_default)
    return d != null && entries.stream().noneMatch(f -> d.equals(strtoul(f[0]))) ? d : null;
  }

  /** The file's lines of exactly two words whose first is a number up to the maximum. */
  private java.util.List<String[]> entries(Path path) {
    java.util.List<String[]> out = new java.util.ArrayList<>();
    java.util.List<String> lines;
    try {
      lines = Files.readAllLines(path);
    } catch (IOException | RuntimeException e) {
      return out; // keepalived: an unreadable file names nothing
    }
    for (String line : lines) {
      String[] f = words(line);
      if (f.length == 2) {
        Long n = strtoul(f[0]);
        if (n != null && n <= max) {
          out.add(f);
        }
      }
    }
    return out;
  }

  /** A line's words up to a comment (a word starting with '#' or '!', as keepalived's parser). */
  private static String[] words(String line) {
    String[] all = line.strip().split("[ \t]+");
    int n = 0;
    while (n < all.length && !all[n].isEmpty() && "#!".indexOf(all[n].charAt(0)) < 0) {
      n++;
    }
    return java.util.Arrays.copyOf(all, n);
  }

  /**
   * A whole word as C's {@code strtoul(s, &end, 0)} reads it, when it reads all of it: {@code 0x}
   * hexadecimal, a leading 0 octal, otherwise decimal; null for anything else, or above 2^32 - 1.
   */
  public static Long strtoul(String s) {
    String digits;
    int radix;
    if (s.matches("0[xX][0-9a-fA-F]+")) {
      digits = s.substring(2);
      radix = 16;
    } else if (s.matches("0[0-7]*")) {
      digits = s;
      radix = 8;
    } else if (s.matches("[1-9][0-9]*")) {
      digits = s;
      radix = 10;
    } else {
      return null;
    }
    digits = digits.replaceFirst("^0+(?=.)", "");
    if (digits.length() > 11) {
      return null;
    }
    long n = Long.parseLong(digits, radix);
    return n <= 0xffff_ffffL ? n : null;
  }
}
