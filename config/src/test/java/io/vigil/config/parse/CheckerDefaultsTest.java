package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Checker;
import io.vigil.config.model.CheckerDefaults;
import io.vigil.config.model.Lvs;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * keepalived 2.2.7's checker defaults and their inheritance virtual server → real server → checker
 * (check_data.c validate_check_config(), check_api.c queue_checker(), the checkers' handlers), as
 * the config model applies them.
 */
class CheckerDefaultsTest {
  private static final long S = 1_000_000L;

  /** A minimal block of each checker kind (FILE_CHECK needs its track_file). */
  static String block(Checker.Kind kind) {
    return switch (kind) {
      case HTTP_GET, SSL_GET -> kind + " {\n url {\n path /\n }\n }\n";
      case MISC_CHECK -> "MISC_CHECK {\n misc_path /bin/true\n }\n";
      case FILE_CHECK -> "FILE_CHECK {\n track_file f\n }\n";
      default -> kind + " {\n }\n";
    };
  }

  static String config(String vsOptions, String rsOptions, String checker) {
    return "track_file f {\n file /nonexistent/f\n}\n"
        + "virtual_server 192.0.2.10 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
        + vsOptions
        + " real_server 203.0.113.5 80 {\n"
        + rsOptions
        + checker
        + " }\n}\n";
  }

  static Checker only(LoadResult r) {
    List<Lvs.VirtualServer> vss = r.config().virtualServers();
    assertThat(vss).hasSize(1);
    assertThat(vss.get(0).realServers().get(0).checkers()).hasSize(1);
    return vss.get(0).realServers().get(0).checkers().get(0);
  }

  @ParameterizedTest
  @EnumSource(
      value = Checker.Kind.class,
      names = "BFD_CHECK", // no timing of its own: VrrpConfigTest.bfdCheckIsReadAsKeepalivedReadsIt
      mode = EnumSource.Mode.EXCLUDE)
  void aCheckerThatSetsNothingGetsKeepalivedsDefaultsForItsKind(Checker.Kind kind) {
    LoadResult r = Cfg.load(config("", "", block(kind)));
    Checker c = only(r);
    assertThat(c.kind()).isEqualTo(kind);
    Checker.Common k = c.common();
    assertThat(k.connectTimeoutUs()).isEqualTo(5 * S);
    assertThat(k.delayLoopUs()).isEqualTo(60 * S);
    assertThat(k.warmupUs()).as("warmup defaults to the delay_loop").isEqualTo(60 * S);
    assertThat(k.alpha()).isFalse();
    int retry = kind == Checker.Kind.MISC_CHECK ? 0 : kind == Checker.Kind.DNS_CHECK ? 3 : 1;
    assertThat(k.retry()).isEqualTo(retry);
    long dbr =
        switch (kind) {
          case HTTP_GET, SSL_GET -> 3 * S;
          case DNS_CHECK -> 60 * S;
          default -> S;
        };
    assertThat(k.delayBeforeRetryUs()).isEqualTo(dbr);
    assertThat(k.written()).isEqualTo(io.vigil.config.model.TimingOptions.NONE);
  }

  @Test
  void theTableSaysWhatKeepalivedConfFiveSays() {
    assertThat(CheckerDefaults.CONNECT_TIMEOUT_US).isEqualTo(5 * S);
    assertThat(CheckerDefaults.DELAY_LOOP_US).isEqualTo(60 * S);
    assertThat(CheckerDefaults.retry(Checker.Kind.TCP_CHECK)).isEqualTo(1);
    assertThat(CheckerDefaults.retry(Checker.Kind.HTTP_GET)).isEqualTo(1);
    assertThat(CheckerDefaults.retry(Checker.Kind.DNS_CHECK)).isEqualTo(3);
    assertThat(CheckerDefaults.retry(Checker.Kind.MISC_CHECK)).isZero();
    assertThat(CheckerDefaults.delayBeforeRetryUs(Checker.Kind.SSL_GET, 7 * S)).isEqualTo(3 * S);
    assertThat(CheckerDefaults.delayBeforeRetryUs(Checker.Kind.DNS_CHECK, 7 * S)).isEqualTo(7 * S);
    assertThat(CheckerDefaults.delayBeforeRetryUs(Checker.Kind.UDP_CHECK, 7 * S)).isEqualTo(S);
    assertThat(CheckerDefaults.warmupUs(7 * S)).isEqualTo(7 * S);
    assertThat(CheckerDefaults.miscTimeoutUs(9 * S)).isEqualTo(9 * S);
    assertThat(CheckerDefaults.UDP_MAX_REPLY_LENGTH).isEqualTo(255);
    assertThat(CheckerDefaults.SMTP_HELO_NAME).isEqualTo("smtpchecker.keepalived.org");
  }

  @Test
  void checkerSpecificDefaults() {
    Checker.Udp udp = (Checker.Udp) only(Cfg.load(config("", "", block(Checker.Kind.UDP_CHECK))));
    assertThat(udp.minReplyLength()).isZero();
    assertThat(udp.maxReplyLength()).isEqualTo(255);
    assertThat(udp.requireReply()).isFalse();
    Checker.Dns dns = (Checker.Dns) only(Cfg.load(config("", "", block(Checker.Kind.DNS_CHECK))));
    assertThat(dns.type()).isEqualTo("SOA");
    assertThat(dns.name()).isEmpty();
    Checker.Smtp smtp =
        (Checker.Smtp) only(Cfg.load(config("", "", block(Checker.Kind.SMTP_CHECK))));
    assertThat(smtp.heloName()).isEqualTo("smtpchecker.keepalived.org");
    Checker.Http http = (Checker.Http) only(Cfg.load(config("", "", block(Checker.Kind.HTTP_GET))));
    assertThat(http.httpProtocol()).isEqualTo("1.0");
    assertThat(http.urls().get(0).statusRanges()).containsExactly(new int[] {200, 299});
    assertThat(http.enableSni()).isFalse();
  }

  @Test
  void miscTimeoutDefaultsToTheVirtualServersDelayLoopNotTheCheckers() {
    String misc = "MISC_CHECK {\n misc_path /bin/true\n delay_loop 5\n }\n";
    Checker.Misc m = (Checker.Misc) only(Cfg.load(config(" delay_loop 20\n", "", misc)));
    assertThat(m.common().delayLoopUs()).isEqualTo(5 * S);
    assertThat(m.timeoutUs()).isEqualTo(20 * S);
    Checker.Misc zero =
        (Checker.Misc)
            only(Cfg.load(config("", "", misc.replace("delay_loop 5", "misc_timeout 0"))));
    assertThat(zero.timeoutUs()).as("0 means the default").isEqualTo(60 * S);
    Checker.Misc set =
        (Checker.Misc)
            only(Cfg.load(config("", "", misc.replace("delay_loop 5", "misc_timeout 3"))));
    assertThat(set.timeoutUs()).isEqualTo(3 * S);
    // keepalived reads whole seconds (check_misc.c misc_timeout_handler())
    assertThat(
            Cfg.findings(
                Cfg.load(config("", "", misc.replace("delay_loop 5", "misc_timeout 1.5")))))
        .containsExactly("11 error: misc_timeout: invalid number '1.5'");
  }

  @Test
  void theVirtualServerSetsWhatTheRealServerAndCheckerDoNot() {
    String vs =
        " connect_timeout 2\n retry 4\n delay_before_retry 6\n delay_loop 8\n warmup 9\n alpha\n";
    Checker.Common k = only(Cfg.load(config(vs, "", block(Checker.Kind.HTTP_GET)))).common();
    assertThat(k.connectTimeoutUs()).isEqualTo(2 * S);
    assertThat(k.retry()).isEqualTo(4);
    assertThat(k.delayBeforeRetryUs()).isEqualTo(6 * S);
    assertThat(k.delayLoopUs()).isEqualTo(8 * S);
    assertThat(k.warmupUs()).isEqualTo(9 * S);
    assertThat(k.alpha()).isTrue();
  }

  @Test
  void theRealServerOverridesTheVirtualServerAndTheCheckerOverridesBoth() {
    String vs = " connect_timeout 2\n retry 4\n delay_before_retry 6\n delay_loop 8\n warmup 9\n";
    String rs = " connect_timeout 3\n retry 5\n delay_before_retry 7\n delay_loop 10\n alpha\n";
    Checker.Common k = only(Cfg.load(config(vs, rs, block(Checker.Kind.TCP_CHECK)))).common();
    assertThat(k.connectTimeoutUs()).isEqualTo(3 * S);
    assertThat(k.retry()).isEqualTo(5);
    assertThat(k.delayBeforeRetryUs()).isEqualTo(7 * S);
    assertThat(k.delayLoopUs()).isEqualTo(10 * S);
    assertThat(k.warmupUs()).as("the virtual server's warmup").isEqualTo(9 * S);
    assertThat(k.alpha()).isTrue();
    String ck =
        "TCP_CHECK {\n connect_timeout 1\n retry 0\n delay_before_retry 0\n delay_loop 2\n"
            + " warmup 0\n alpha off\n }\n";
    Checker.Common c = only(Cfg.load(config(vs, rs, ck))).common();
    assertThat(c.connectTimeoutUs()).isEqualTo(S);
    assertThat(c.retry()).isZero();
    assertThat(c.delayBeforeRetryUs()).isZero();
    assertThat(c.delayLoopUs()).isEqualTo(2 * S);
    assertThat(c.warmupUs()).isZero();
    assertThat(c.alpha()).isFalse();
    assertThat(c.written().retry()).hasValue(0);
    assertThat(c.written().connectTimeoutUs()).hasValue(S);
  }

  @Test
  void inheritedDelayLoopDrivesTheDefaultWarmupAndDnsDelayBeforeRetry() {
    Checker.Common k =
        only(Cfg.load(config("", " delay_loop 12\n", block(Checker.Kind.DNS_CHECK)))).common();
    assertThat(k.delayLoopUs()).isEqualTo(12 * S);
    assertThat(k.warmupUs()).isEqualTo(12 * S);
    assertThat(k.delayBeforeRetryUs()).isEqualTo(12 * S);
    assertThat(k.retry()).isEqualTo(3);
    // a retry set on the virtual server beats every kind's default
    Checker.Common m =
        only(Cfg.load(config(" retry 2\n", "", block(Checker.Kind.MISC_CHECK)))).common();
    assertThat(m.retry()).isEqualTo(2);
  }

  @Test
  void retryZeroIsRefusedOnVirtualAndRealServersAsKeepalivedDoes() {
    assertThat(Cfg.findings(Cfg.load(config(" retry 0\n", "", block(Checker.Kind.TCP_CHECK)))))
        .containsExactly("8 error: retry: number '0' outside range [1, 2147483647]");
    assertThat(Cfg.findings(Cfg.load(config("", " retry 0\n", block(Checker.Kind.TCP_CHECK)))))
        .containsExactly("9 error: retry: number '0' outside range [1, 2147483647]");
  }

  @Test
  void fileCheckWithoutItsOwnWeightTakesTheTrackFiles() {
    String conf =
        config("", "", block(Checker.Kind.FILE_CHECK))
            .replace(" file /nonexistent/f\n", " file /nonexistent/f\n weight -3 reverse\n");
    Checker.File f = (Checker.File) only(Cfg.load(conf));
    assertThat(f.weight()).isEmpty();
    var def = Cfg.load(conf).config().trackFiles().get(0);
    assertThat(f.effectiveWeight(def)).isEqualTo(-3);
    assertThat(f.effectiveReverse(def)).isTrue();
    Checker.File own =
        (Checker.File)
            only(Cfg.load(conf.replace("track_file f\n }", "track_file f\n weight 2\n }")));
    assertThat(own.weight()).isEqualTo(Optional.of(2));
    assertThat(own.effectiveWeight(def)).isEqualTo(2);
    assertThat(own.effectiveReverse(def)).isFalse();
  }

  @Test
  void miscCheckHasNoConnectionOptionsAndNbGetRetryIsHttpOnly() {
    String misc = "MISC_CHECK {\n misc_path /bin/true\n connect_timeout 3\n }\n";
    assertThat(Cfg.findings(Cfg.load(config("", "", misc))))
        .singleElement()
        .asString()
        .startsWith("11 warning: 'connect_timeout' in MISC_CHECK");
    assertThat(Cfg.findings(Cfg.load(config("", "", "TCP_CHECK {\n nb_get_retry 3\n }\n"))))
        .singleElement()
        .asString()
        .startsWith("10 warning: 'nb_get_retry' in TCP_CHECK");
    Checker.Http h =
        (Checker.Http)
            only(
                Cfg.load(
                    config(
                        "",
                        "",
                        "HTTP_GET {\n nb_get_retry 4\n http_protocol 1.0c\n url {\n path /\n }\n }\n")));
    assertThat(h.common().retry()).isEqualTo(4);
    assertThat(h.httpProtocol()).isEqualTo("1.0C");
  }
}
