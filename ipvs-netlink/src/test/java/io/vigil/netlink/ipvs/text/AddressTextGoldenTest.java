package io.vigil.netlink.ipvs.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link AddressText#aton} and {@link AddressText#pton6} read an address as glibc's inet_aton(3)
 * and inet_pton(3) do, since ipvsadm reads restore lines with them: every case of {@code
 * golden/inet-aton-pton6.txt}, which glibc 2.36 answered (through python3's socket module).
 */
class AddressTextGoldenTest {
  record Case(int family, String input, String expected) {
    @Override
    public String toString() {
      return family + " \"" + input + "\" -> " + expected;
    }
  }

  static List<Case> cases() throws IOException {
    List<Case> out = new ArrayList<>();
    try (InputStream in =
        AddressTextGoldenTest.class.getResourceAsStream("/golden/inet-aton-pton6.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(" ");
        String input = f[1].equals("EMPTY") ? "" : unescape(f[1]);
        out.add(new Case(Integer.parseInt(f[0]), input, f[2]));
      }
    }
    assertThat(out).hasSizeGreaterThan(70);
    return out;
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      if (s.startsWith("\\u", i)) {
        b.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
        i += 5;
      } else {
        b.append(s.charAt(i));
      }
    }
    return b.toString();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void readsAsGlibcDoes(Case c) {
    InetAddress a = c.family() == 4 ? AddressText.aton(c.input()) : AddressText.pton6(c.input());
    String got = a == null ? "invalid" : HexFormat.of().formatHex(a.getAddress());
    assertThat(got).isEqualTo(c.expected());
  }
}
