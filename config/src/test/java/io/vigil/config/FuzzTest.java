package io.vigil.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vigil.config.parse.LvsConfigTest;
import io.vigil.config.parse.VrrpConfigTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random and mutated configurations (seeded, so a failure names its seed) only ever produce
 * findings: no exception escapes, nothing hangs, includes stay bounded, and a clean verdict means
 * no findings.
 */
class FuzzTest {
  static final String[] ATOMS = {
    "{",
    "}",
    "\"",
    "'",
    "\\",
    "#",
    "!",
    "$",
    "${",
    "@",
    "@^",
    "~SEQ(",
    "~SEQx(",
    "~LST(",
    ")",
    ",",
    "=",
    "include",
    "includer",
    "*",
    "..",
    "/",
    "\n",
    "\n",
    " ",
    "\t",
    "\r",
    "vrrp_instance",
    "virtual_server",
    "real_server",
    "global_defs",
    "vrrp_script",
    "vrrp_sync_group",
    "virtual_server_group",
    "group",
    "track_script",
    "virtual_ipaddress",
    "interface",
    "eth0",
    "lo",
    "virtual_router_id",
    "priority",
    "advert_int",
    "state",
    "MASTER",
    "BACKUP",
    "version",
    "HTTP_GET",
    "SSL_GET",
    "TCP_CHECK",
    "MISC_CHECK",
    "DNS_CHECK",
    "UDP_CHECK",
    "FILE_CHECK",
    "url",
    "path",
    "digest",
    "status_code",
    "regex",
    "lb_algo",
    "lvs_sched",
    "lb_kind",
    "DR",
    "NAT",
    "protocol",
    "TCP",
    "quorum",
    "hysteresis",
    "fwmark",
    "weight",
    "notify",
    "script",
    "misc_path",
    "0",
    "1",
    "-1",
    "255",
    "256",
    "99999999999999999999",
    "0.5",
    "1e3",
    "192.0.2.1",
    "192.0.2.1/24",
    "2001:db8::1",
    "::",
    "1.2.3",
    "$A",
    "$A=",
    "$B=\\",
    "node1",
    "A",
    "i",
    "80",
  };

  @TempDir Path dir;

  static IntStream seeds() {
    return IntStream.range(0, 100);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomTokenSoupOnlyYieldsFindings(int seed) {
    Random r = new Random(seed);
    StringBuilder s = new StringBuilder();
    int n = r.nextInt(400);
    for (int i = 0; i < n; i++) {
      s.append(ATOMS[r.nextInt(ATOMS.length)]);
      if (r.nextInt(3) == 0) {
        s.append(' ');
      }
    }
    check(seed, s.toString());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void mutatedValidConfigsOnlyYieldFindings(int seed) {
    Random r = new Random(seed);
    String[] bases = {
      ConfigDumpTest.A,
      ConfigDumpTest.A_REORDERED,
      VrrpConfigTest.MINIMAL,
      LvsConfigTest.VS,
      ConfigDump.dump(Cfg.load(ConfigDumpTest.A).config())
    };
    List<String> lines = new ArrayList<>(bases[r.nextInt(bases.length)].lines().toList());
    int mutations = 1 + r.nextInt(8);
    for (int m = 0; m < mutations && !lines.isEmpty(); m++) {
      int i = r.nextInt(lines.size());
      switch (r.nextInt(6)) {
        case 0 -> lines.remove(i);
        case 1 -> lines.add(i, lines.get(r.nextInt(lines.size())));
        case 2 -> lines.set(i, lines.get(i) + " " + ATOMS[r.nextInt(ATOMS.length)]);
        case 3 -> {
          String l = lines.get(i);
          int p = l.isEmpty() ? 0 : r.nextInt(l.length());
          lines.set(i, l.substring(0, p) + ATOMS[r.nextInt(ATOMS.length)] + l.substring(p));
        }
        case 4 ->
            lines.set(
                i, lines.get(i).replaceAll("[0-9]+", Integer.toString(r.nextInt(100000) - 50000)));
        default -> lines.subList(i, lines.size()).clear();
      }
    }
    check(seed, String.join("\n", lines));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void randomIncludeGraphsStayBounded(int seed) throws IOException {
    Random r = new Random(seed);
    int files = 1 + r.nextInt(6);
    for (int f = 0; f < files; f++) {
      StringBuilder s = new StringBuilder();
      int lines = r.nextInt(6);
      for (int l = 0; l < lines; l++) {
        switch (r.nextInt(4)) {
          case 0 -> s.append("include f").append(r.nextInt(files + 1)).append(".conf\n");
          case 1 -> s.append("include f*.conf\n");
          case 2 -> s.append("~SEQ(i, ").append(r.nextInt(5)).append(") include f$i.conf\n");
          default -> s.append("bogus_").append(f).append('\n');
        }
      }
      Files.writeString(dir.resolve("f" + f + ".conf"), s.toString());
    }
    LoadResult res =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () -> ConfigLoader.load(dir.resolve("f0.conf"), Cfg.ENV),
            "seed " + seed);
    assertThat(res.diagnostics().size() + res.dropped()).as("seed %d", seed).isLessThan(2_000_000);
    assertConsistent(seed, res);
  }

  private void check(int seed, String text) {
    LoadResult res =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> Cfg.load(text), "seed " + seed + ":\n" + text);
    assertConsistent(seed, res);
    String dump = ConfigDump.dump(res.config());
    assertThat(dump).as("seed %d", seed).endsWith("}\n");
  }

  private static void assertConsistent(int seed, LoadResult res) {
    assertThat(res.config()).as("seed %d", seed).isNotNull();
    for (Diagnostic d : res.diagnostics()) {
      assertThat(d.origin().line()).as("seed %d: %s", seed, d).isGreaterThanOrEqualTo(0);
      assertThat(d.message()).as("seed %d", seed).isNotBlank();
    }
    if (res.exitCode() == 0) {
      assertThat(res.diagnostics()).as("seed %d", seed).isEmpty();
    }
  }
}
