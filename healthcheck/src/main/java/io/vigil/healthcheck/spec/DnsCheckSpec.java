package io.vigil.healthcheck.spec;

import java.util.Locale;
import java.util.Map;

/**
 * {@code DNS_CHECK}: a recursive query for {@code name} ({@value #ROOT} for the root) of {@code
 * type} over UDP; up when an answer with our id and RCODE 0 arrives within {@code connect_timeout}.
 * keepalived's types: A, NS, CNAME, SOA, MX, TXT, AAAA.
 */
public record DnsCheckSpec(ConnectSpec connect, CheckTiming timing, int type, String name)
    implements CheckerSpec {
  public static final Map<String, Integer> TYPES =
      Map.of("A", 1, "NS", 2, "CNAME", 5, "SOA", 6, "MX", 15, "TXT", 16, "AAAA", 28);

  /** The root's name as the spec (and keepalived's log) spells it. */
  public static final String ROOT = ".";

  public DnsCheckSpec {
    if (!TYPES.containsValue(type)) {
      throw new IllegalArgumentException("unsupported DNS type " + type);
    }
    if (name.isEmpty() || name.length() > 253) {
      throw new IllegalArgumentException("bad DNS name: " + name);
    }
    for (String label : name.equals(".") ? new String[0] : name.split("\\.")) {
      if (label.isEmpty()
          || label.length() > 63
          || !label.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
        throw new IllegalArgumentException("bad DNS label in " + name);
      }
    }
  }

  /** keepalived's type names, any case. */
  public static int parseType(String s) {
    Integer t = TYPES.get(s.toUpperCase(Locale.ROOT));
    if (t == null) {
      throw new IllegalArgumentException("DNS type must be one of " + TYPES.keySet() + ": " + s);
    }
    return t;
  }

  @Override
  public CheckerKind kind() {
    return CheckerKind.DNS_CHECK;
  }
}
