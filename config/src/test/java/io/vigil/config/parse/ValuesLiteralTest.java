package io.vigil.config.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Values.literal against the rules it had as regular expressions (IPv4: four parts of 1-3 ASCII
 * digits, each at most 255; IPv6: only hex digits, ':' and '.'), on seeded random strings made of
 * the characters that matter.
 */
class ValuesLiteralTest {
  private static final String CHARS = "0123456789abcdefABCDEFgG:.x \u0660\uff11/-%";

  /** The rules as regular expressions, the way Values.literal checked them before. */
  private static InetAddress oracle(String s) {
    if (s == null || s.isEmpty() || s.length() > 64) {
      return null;
    }
    try {
      if (s.indexOf(':') >= 0) {
        return s.matches("[0-9A-Fa-f:.]+") ? InetAddress.getByName("[" + s + "]") : null;
      }
      String[] parts = s.split("\\.", -1);
      if (parts.length != 4) {
        return null;
      }
      byte[] b = new byte[4];
      for (int i = 0; i < 4; i++) {
        if (!parts[i].matches("[0-9]{1,3}") || Integer.parseInt(parts[i]) > 255) {
          return null;
        }
        b[i] = (byte) Integer.parseInt(parts[i]);
      }
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException | RuntimeException e) {
      return null;
    }
  }

  private static String random(Random r) {
    StringBuilder b = new StringBuilder();
    if (r.nextInt(3) == 0) { // mostly dotted quads of random parts
      for (int i = 0; i < 4; i++) {
        if (i > 0) {
          b.append('.');
        }
        int digits = r.nextInt(5);
        for (int d = 0; d < digits; d++) {
          b.append(r.nextInt(10) == 0 ? CHARS.charAt(r.nextInt(CHARS.length())) : r.nextInt(10));
        }
      }
      return b.toString();
    }
    int n = r.nextInt(20);
    for (int i = 0; i < n; i++) {
      b.append(CHARS.charAt(r.nextInt(CHARS.length())));
    }
    return b.toString();
  }

  @RepeatedTest(50)
  void agreesWithTheRegularExpressions(RepetitionInfo info) {
    Random r = new Random(7_2026_12_07L * info.getCurrentRepetition());
    for (int i = 0; i < 2_000; i++) {
      String s = random(r);
      assertEquals(oracle(s), Values.literal(s), () -> "'" + s + "'");
    }
  }

  @Test
  void edges() {
    for (String s :
        new String[] {
          "0.0.0.0",
          "255.255.255.255",
          "256.1.1.1",
          "1.1.1",
          "1.1.1.1.1",
          "01.002.3.4",
          "1..1.1",
          "1.1.1.1000",
          "\u0661.1.1.1",
          "::",
          "2001:db8::1",
          "::ffff:192.0.2.1",
          "2001:db8::g",
          "fe80::1%eth0",
          ""
        }) {
      assertEquals(oracle(s), Values.literal(s), s);
    }
  }
}
