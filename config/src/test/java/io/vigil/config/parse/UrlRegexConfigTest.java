package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Checker;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A url's regex_options, regex_min_offset, regex_max_offset and regex_stack, read as keepalived
 * 2.2.7's check_http.c reads them (its messages where it logs one).
 */
class UrlRegexConfigTest {
  private static LoadResult load(String url) {
    return Cfg.load(
        "virtual_server 192.0.2.10 80 {\n"
            + "  lb_algo rr\n  lb_kind DR\n  protocol TCP\n"
            + "  real_server 203.0.113.5 80 {\n"
            + "    HTTP_GET {\n"
            + "      url {\n"
            + "        path /\n"
            + url
            + "      }\n"
            + "    }\n"
            + "  }\n"
            + "}\n");
  }

  private static Checker.Url url(LoadResult r) {
    Checker.Http h =
        (Checker.Http) r.config().virtualServers().get(0).realServers().get(0).checkers().get(0);
    return h.urls().get(0);
  }

  @Test
  void theOptionsJavasEngineHonoursAndTheOffsetsAreKept() {
    LoadResult r =
        load(
            "        regex \"ready\"\n"
                + "        regex_options caseless no_auto_capture multiline caseless\n"
                + "        regex_min_offset 100\n"
                + "        regex_max_offset 200\n"
                + "        regex_stack 32768 65536\n");
    assertThat(Cfg.findings(r)).isEmpty();
    Checker.Url u = url(r);
    // no_auto_capture changes nothing about whether a body matches: accepted, not kept
    assertThat(u.regexOptions()).containsExactly("caseless", "multiline");
    assertThat(u.regexMinOffset()).isEqualTo(100);
    assertThat(u.regexMaxOffset()).isEqualTo(200);
    String dump = ConfigDump.dump(r.config());
    assertThat(dump)
        .contains("regex_options caseless multiline")
        .contains("regex_min_offset 100")
        .contains("regex_max_offset 200");
    // the dump reads back the same
    LoadResult again = Cfg.load(dump);
    assertThat(Cfg.findings(again)).isEmpty();
    assertThat(ConfigDump.dump(again.config())).isEqualTo(dump);
  }

  @Test
  void anOptionJavaCannotHonourIsRefusedAnUnknownOneIgnored() {
    assertThat(Cfg.findings(load("        regex \"a\"\n        regex_options ungreedy\n")))
        .containsExactly(
            "10 error: regex_options ungreedy has no equivalent in vigil's regex engine (Java's)");
    assertThat(Cfg.findings(load("        regex \"a\"\n        regex_options shiny caseless\n")))
        .containsExactly("10 warning: unknown regex option 'shiny' - ignored");
  }

  @Test
  void badOffsetsAreLoggedAndLeftOutAsKeepalivedDoes() {
    LoadResult r =
        load("        regex \"a\"\n        regex_min_offset -5\n        regex_max_offset 1 2\n");
    assertThat(Cfg.findings(r))
        .containsExactly(
            "10 warning: Invalid regex_min_offset -5 specified",
            "11 warning: Missing or too may options for regex_max_offset");
    assertThat(url(r).regexMinOffset()).isZero();
    assertThat(url(r).regexMaxOffset()).isEqualTo(-1);
    LoadResult crossed =
        load("        regex \"a\"\n        regex_min_offset 10\n        regex_max_offset 9\n");
    assertThat(Cfg.findings(crossed))
        .containsExactly("7 warning: regex min offset 10 > regex_max_offset 9 - ignoring");
    assertThat(url(crossed).regexMinOffset()).isZero();
    assertThat(url(crossed).regexMaxOffset()).isEqualTo(-1);
  }

  @Test
  void regexParametersWithoutARegexAreDropped() {
    LoadResult r = load("        regex_options caseless\n        regex_no_match\n");
    assertThat(Cfg.findings(r))
        .containsExactly("9 warning: regex parameters specified without regex");
    assertThat(url(r).regexOptions()).isEqualTo(List.of());
    assertThat(url(r).regexNoMatch()).isFalse();
  }
}
