package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Diagnostic;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.config.model.CheckerDefaults;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.CheckerSpec;
import io.vigil.healthcheck.spec.DnsCheckSpec;
import io.vigil.healthcheck.spec.FileCheckSpec;
import io.vigil.healthcheck.spec.HttpCheckSpec;
import io.vigil.healthcheck.spec.MiscCheckSpec;
import io.vigil.healthcheck.spec.PingCheckSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.SmtpCheckSpec;
import io.vigil.healthcheck.spec.TcpCheckSpec;
import io.vigil.healthcheck.spec.UdpCheckSpec;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The mapping from configuration TEXT (through the config module) to IPVS keys and check specs. */
class LvsMappingTest {
  private static final Environment ENV = Environment.fixed("node1", Set.of("eth0"));

  private static LoadResult load(String text) {
    return ConfigLoader.loadString(text, "t.conf", Path.of("/nonexistent"), ENV);
  }

  /** Loads, asserts the config module found no error (warnings are fine), and maps. */
  private static LvsMapping.Result map(String text) {
    LoadResult r = load(text);
    assertThat(r.diagnostics())
        .allSatisfy(d -> assertThat(d.severity()).isEqualTo(Diagnostic.Severity.WARNING));
    return LvsMapping.map(r.config());
  }

  /**
   * One TCP virtual server 192.0.2.10:80 with one real server 203.0.113.5:8080 and this checker.
   */
  private static String withChecker(String checker) {
    return """
        virtual_server 192.0.2.10 80 {
          lb_algo wrr
          lb_kind NAT
          protocol TCP
          delay_loop 7
          real_server 203.0.113.5 8080 {
            weight 3
        """
        + checker
        + """
          }
        }
        """;
  }

  private static CheckerSpec onlyChecker(LvsMapping.Result r) {
    assertThat(r.errors()).isEmpty();
    assertThat(r.checks()).hasSize(1);
    RealServerSpec rs = r.checks().get(0);
    assertThat(rs.id()).isEqualTo("192.0.2.10:80 203.0.113.5:8080");
    assertThat(rs.weight()).isEqualTo(3);
    assertThat(rs.checkers()).hasSize(1);
    return rs.checkers().get(0);
  }

  private static InetSocketAddress at(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  @Test
  void tcpCheckConnectsToTheRealServerWithInheritedDelayLoopAndKeepalivedsDefaults()
      throws Exception {
    CheckerSpec c = onlyChecker(map(withChecker("TCP_CHECK {\n}\n")));
    assertThat(c).isInstanceOf(TcpCheckSpec.class);
    TcpCheckSpec t = (TcpCheckSpec) c;
    assertThat(t.connect().target()).isEqualTo(at("203.0.113.5", 8080));
    assertThat(t.timing().delayLoopNs()).isEqualTo(TimeUnit.SECONDS.toNanos(7));
    assertThat(t.timing().connectTimeoutNs()).isEqualTo(TimeUnit.SECONDS.toNanos(5));
    assertThat(t.timing().retry()).isEqualTo(1);
    assertThat(t.timing().delayBeforeRetryNs()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    assertThat(t.timing().alpha()).isFalse();
  }

  @Test
  void connectIpPortAndBindtoOverrideTheTarget() throws Exception {
    TcpCheckSpec t =
        (TcpCheckSpec)
            onlyChecker(
                map(
                    withChecker(
                        "TCP_CHECK {\n connect_ip 203.0.113.9\n connect_port 9000\n"
                            + " bindto 192.0.2.1\n connect_timeout 2\n retry 4\n alpha\n}\n")));
    assertThat(t.connect().target()).isEqualTo(at("203.0.113.9", 9000));
    assertThat(t.connect().bindTo()).contains(InetAddress.getByName("192.0.2.1"));
    assertThat(t.timing().connectTimeoutNs()).isEqualTo(TimeUnit.SECONDS.toNanos(2));
    assertThat(t.timing().retry()).isEqualTo(4);
    assertThat(t.timing().alpha()).isTrue();
  }

  @Test
  void theVirtualhostIsTheCheckersElseTheRealServersElseTheVirtualServersAsInKeepalived() {
    String conf =
        """
        virtual_server 192.0.2.10 80 {
          lb_algo wrr
          lb_kind NAT
          protocol TCP
          virtualhost vs.example.org
          real_server 203.0.113.5 8080 {
            weight 3
            %s
            HTTP_GET {
              url {
                path /health
              }
              %s
            }
          }
        }
        """;
    HttpCheckSpec h = (HttpCheckSpec) onlyChecker(map(conf.formatted("", "")));
    assertThat(h.virtualhost()).contains("vs.example.org");
    h = (HttpCheckSpec) onlyChecker(map(conf.formatted("virtualhost rs.example.org", "")));
    assertThat(h.virtualhost()).contains("rs.example.org");
    h =
        (HttpCheckSpec)
            onlyChecker(
                map(conf.formatted("virtualhost rs.example.org", "virtualhost c.example.org")));
    assertThat(h.virtualhost()).contains("c.example.org");
  }

  @Test
  void httpGetMapsUrlsStatusRangesAndVirtualhost() {
    HttpCheckSpec h =
        (HttpCheckSpec)
            onlyChecker(
                map(
                    withChecker(
                        """
                        HTTP_GET {
                          url {
                            path /health
                            status_code 200-204
                            regex "up"
                            regex_options caseless
                            regex_min_offset 10
                            regex_max_offset 20
                          }
                          virtualhost www.example.org
                          http_protocol 1.1
                        }
                        """)));
    assertThat(h.kind()).isEqualTo(CheckerKind.HTTP_GET);
    assertThat(h.tls()).isEmpty();
    assertThat(h.urls()).hasSize(1);
    assertThat(h.urls().get(0).path()).isEqualTo("/health");
    assertThat(h.urls().get(0).accepts(204)).isTrue();
    assertThat(h.urls().get(0).accepts(205)).isFalse();
    assertThat(h.urls().get(0).regex()).contains("up");
    assertThat(h.urls().get(0).regexOptions()).containsExactly("caseless");
    assertThat(h.urls().get(0).regexMinOffset()).isEqualTo(10);
    assertThat(h.urls().get(0).regexMaxOffset()).isEqualTo(20);
    assertThat(h.virtualhost()).contains("www.example.org");
    assertThat(h.protocol()).isEqualTo(HttpCheckSpec.HttpProtocol.HTTP_1_1);
  }

  @Test
  void sslGetCarriesSniAndNoCaWhichIsKeepalivedsUnverifiedDefault() {
    HttpCheckSpec h =
        (HttpCheckSpec)
            onlyChecker(map(withChecker("SSL_GET {\n url {\n path /\n }\n enable_sni\n}\n")));
    assertThat(h.kind()).isEqualTo(CheckerKind.SSL_GET);
    assertThat(h.tls()).isPresent();
    assertThat(h.tls().get().enableSni()).isTrue();
    assertThat(h.tls().get().caFile()).isEmpty();
    assertThat(h.tls().get().certificateFile()).isEmpty();
  }

  @Test
  void miscCheckMapsPathTimeoutAndDynamic() {
    MiscCheckSpec m =
        (MiscCheckSpec)
            onlyChecker(
                map(
                    withChecker(
                        "MISC_CHECK {\n misc_path \"/usr/bin/true arg\"\n misc_timeout 3\n"
                            + " misc_dynamic\n}\n")));
    assertThat(m.command()).containsExactly("/usr/bin/true", "arg");
    assertThat(m.timeoutNs()).isEqualTo(TimeUnit.SECONDS.toNanos(3));
    assertThat(m.dynamic()).isTrue();
  }

  @Test
  void smtpCheckUsesKeepalivedsHeloNameUnlessSet() throws Exception {
    SmtpCheckSpec d = (SmtpCheckSpec) onlyChecker(map(withChecker("SMTP_CHECK {\n}\n")));
    assertThat(d.heloName()).isEqualTo(CheckerDefaults.SMTP_HELO_NAME);
    assertThat(d.connect().target()).isEqualTo(at("203.0.113.5", 8080));
    SmtpCheckSpec s =
        (SmtpCheckSpec)
            onlyChecker(
                map(
                    withChecker(
                        "SMTP_CHECK {\n helo_name director.example.org\n connect_port 25\n}\n")));
    assertThat(s.heloName()).isEqualTo("director.example.org");
    assertThat(s.connect().target()).isEqualTo(at("203.0.113.5", 25));
  }

  @Test
  void dnsCheckDefaultsToSoaOfTheRootWithThreeRetries() {
    DnsCheckSpec d = (DnsCheckSpec) onlyChecker(map(withChecker("DNS_CHECK {\n}\n")));
    assertThat(d.type()).isEqualTo(DnsCheckSpec.parseType(CheckerDefaults.DNS_TYPE));
    assertThat(d.name()).isEqualTo(".");
    assertThat(d.timing().retry()).isEqualTo(3);
    DnsCheckSpec a =
        (DnsCheckSpec)
            onlyChecker(map(withChecker("DNS_CHECK {\n type AAAA\n name www.example.org\n}\n")));
    assertThat(a.type()).isEqualTo(28);
    assertThat(a.name()).isEqualTo("www.example.org");
  }

  @Test
  void udpCheckMapsPayloadAndReplyRequirements() {
    UdpCheckSpec u =
        (UdpCheckSpec)
            onlyChecker(
                map(
                    withChecker(
                        "UDP_CHECK {\n payload 0102 abc\n require_reply\n min_reply_length 2\n"
                            + " max_reply_length 40\n}\n")));
    assertThat(u.payload()).isPresent();
    assertThat(u.payload().get()).containsExactly(0x01, 0x02, 0xab, 0x0c);
    assertThat(u.requireReply()).isTrue();
    assertThat(u.minReplyLength()).isEqualTo(2);
    assertThat(u.maxReplyLength()).isEqualTo(40);
    UdpCheckSpec plain = (UdpCheckSpec) onlyChecker(map(withChecker("UDP_CHECK {\n}\n")));
    assertThat(plain.payload()).isEmpty();
    assertThat(plain.requireReply()).isFalse();
  }

  @Test
  void fileCheckReadsTheTrackFilesPathAndTheCheckersWeight() {
    FileCheckSpec f =
        (FileCheckSpec)
            onlyChecker(
                map(
                    "vrrp_track_file load {\n file /run/vigil/load\n}\n"
                        + withChecker("FILE_CHECK {\n track_file load\n weight -5 reverse\n}\n")));
    assertThat(f.file()).isEqualTo(Path.of("/run/vigil/load"));
    assertThat(f.weight()).isEqualTo(-5);
    assertThat(f.reverse()).isTrue();
  }

  @Test
  void pingCheckMapsWithTheRealServersAddressOrConnectIpAndItsSourceOptions() {
    PingCheckSpec p = (PingCheckSpec) onlyChecker(map(withChecker("PING_CHECK {\n}\n")));
    assertThat(p.connect().target().getAddress().getHostAddress()).isEqualTo("203.0.113.5");
    assertThat(p.timing().retry()).isEqualTo(1);
    PingCheckSpec q =
        (PingCheckSpec)
            onlyChecker(
                map(
                    withChecker(
                        "PING_CHECK {\n connect_ip 203.0.113.9\n bindto 192.0.2.1\n"
                            + " fwmark 7\n connect_timeout 2\n}\n")));
    assertThat(q.connect().target().getAddress().getHostAddress()).isEqualTo("203.0.113.9");
    assertThat(q.connect().bindTo().map(a -> a.getHostAddress())).contains("192.0.2.1");
    assertThat(q.connect().fwmark()).isEqualTo(7);
    assertThat(q.timing().connectTimeoutNs()).isEqualTo(2_000_000_000L);
  }

  @Test
  void bindIfReachesEveryNetworkCheckersConnectSpec() {
    TcpCheckSpec t =
        (TcpCheckSpec) onlyChecker(map(withChecker("TCP_CHECK {\n bind_if eth1\n}\n")));
    assertThat(t.connect().bindIf()).contains("eth1");
    PingCheckSpec p =
        (PingCheckSpec) onlyChecker(map(withChecker("PING_CHECK {\n bind_if eth1\n}\n")));
    assertThat(p.connect().bindIf()).contains("eth1");
    TcpCheckSpec none = (TcpCheckSpec) onlyChecker(map(withChecker("TCP_CHECK {\n}\n")));
    assertThat(none.connect().bindIf()).isEmpty();
  }

  @Test
  void groupsExpandToOneIpvsServicePerAddressAndFwmark() throws Exception {
    LvsMapping.Result r =
        map(
            """
            virtual_server_group web {
              192.0.2.1-3 80
              fwmark 7
            }
            virtual_server group web {
              lb_algo rr
              lb_kind DR
              protocol TCP
              real_server 203.0.113.5 80 {
                TCP_CHECK {
                }
              }
            }
            """);
    assertThat(r.errors()).isEmpty();
    List<ServiceKey> keys = r.model().serviceKeys();
    assertThat(keys)
        .containsExactly(
            ServiceKey.of(Protocol.TCP, InetAddress.getByName("192.0.2.1"), 80),
            ServiceKey.of(Protocol.TCP, InetAddress.getByName("192.0.2.2"), 80),
            ServiceKey.of(Protocol.TCP, InetAddress.getByName("192.0.2.3"), 80),
            ServiceKey.fwmark(7, ServiceKey.AF_INET));
    assertThat(r.checks())
        .singleElement()
        .satisfies(s -> assertThat(s.id()).startsWith("group web "));
  }

  @Test
  void fwmarkServiceTakesItsFamilyFromTheRealServers() {
    LvsMapping.Result r =
        map(
            """
            virtual_server fwmark 12 {
              lb_algo rr
              lb_kind DR
              protocol TCP
              real_server 2001:db8::5 80 {
              }
            }
            """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.model().serviceKeys()).containsExactly(ServiceKey.fwmark(12, ServiceKey.AF_INET6));
    assertThat(r.model().virtualServers().get(0).settings().netmaskPrefix()).isEqualTo(128);
  }

  @Test
  void ipFamilySetsAFwmarkServicesFamilyWhereItsRealServersAreTunnelledFromTheOther() {
    LvsMapping.Result r =
        map(
            """
            virtual_server fwmark 13 {
              lb_algo rr
              lb_kind TUN
              ip_family inet6
              real_server 192.0.2.5 80 {
              }
            }
            """);
    assertThat(r.errors()).isEmpty();
    assertThat(r.model().serviceKeys()).containsExactly(ServiceKey.fwmark(13, ServiceKey.AF_INET6));
  }

  @Test
  void persistenceGranularityNetmaskBecomesAPrefix() {
    LvsMapping.Result r =
        map(
            withChecker("")
                .replace(
                    "delay_loop 7",
                    "persistence_timeout 300\n persistence_granularity 255.255.255.0"));
    assertThat(r.errors()).isEmpty();
    var s = r.model().virtualServers().get(0).settings();
    assertThat(s.persistenceTimeoutS()).isEqualTo(300);
    assertThat(s.netmaskPrefix()).isEqualTo(24);
  }

  @Test
  void schedulerFlagsAndThePersistenceEngineReachTheServiceSettings() {
    LvsMapping.Result r =
        map(
            withChecker("")
                .replace("lb_algo wrr", "lb_algo sh\n sh-port\n sh-fallback\n flag-3")
                .replace("delay_loop 7", "persistence_timeout 60\n persistence_engine sip"));
    assertThat(r.errors()).isEmpty();
    var s = r.model().virtualServers().get(0).settings();
    assertThat(s.flags() & ServiceSettings.USER_FLAGS)
        .isEqualTo(
            ServiceSettings.F_PERSISTENT
                | ServiceSettings.F_SCHED1
                | ServiceSettings.F_SCHED2
                | ServiceSettings.F_SCHED3);
    assertThat(s.persistenceEngine()).isEqualTo("sip");
  }

  @Test
  void realServerOfAnotherFamilyIsRefusedWithItsLine() {
    LoadResult loaded = load(withChecker("").replace("203.0.113.5 8080", "2001:db8::5 8080"));
    LvsMapping.Result r = LvsMapping.map(loaded.config());
    List<String> reasons = new java.util.ArrayList<>(r.errors());
    loaded.diagnostics().forEach(d -> reasons.add(d.toString()));
    assertThat(reasons).anySatisfy(e -> assertThat(e).startsWith("t.conf:6: "));
  }

  @Test
  void everyImplementedCheckerKindMapsSoNoneIsLeftRefused() {
    String all =
        "vrrp_track_file f {\n file /run/f\n}\n"
            + withChecker(
                "TCP_CHECK {\n}\nHTTP_GET {\n url {\n path /\n }\n}\n"
                    + "SSL_GET {\n url {\n path /\n }\n}\nMISC_CHECK {\n misc_path /bin/true\n}\n"
                    + "SMTP_CHECK {\n}\nDNS_CHECK {\n}\nUDP_CHECK {\n}\n"
                    + "FILE_CHECK {\n track_file f\n}\nPING_CHECK {\n}\n");
    LvsMapping.Result r = map(all);
    assertThat(r.errors()).isEmpty();
    assertThat(r.checks().get(0).checkers())
        .extracting(CheckerSpec::kind)
        .containsExactly(
            CheckerKind.TCP_CHECK,
            CheckerKind.HTTP_GET,
            CheckerKind.SSL_GET,
            CheckerKind.MISC_CHECK,
            CheckerKind.SMTP_CHECK,
            CheckerKind.DNS_CHECK,
            CheckerKind.UDP_CHECK,
            CheckerKind.FILE_CHECK,
            CheckerKind.PING_CHECK);
    assertThat(Optional.of(r.model().virtualServers().get(0).name())).contains("192.0.2.10:80");
  }

  /**
   * For a configuration that sets no checker option anywhere, the specs the daemon and {@code vigil
   * checks} run carry exactly the config model's values, which come from config's one table.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(
      value = io.vigil.config.model.Checker.Kind.class,
      names = "PING_CHECK",
      mode = org.junit.jupiter.params.provider.EnumSource.Mode.EXCLUDE)
  void aConfigThatSetsNothingMapsToTheConfigModelsDefaults(
      io.vigil.config.model.Checker.Kind kind) {
    String block =
        switch (kind) {
          case HTTP_GET, SSL_GET -> kind + " {\n url {\n path /\n }\n }\n";
          case MISC_CHECK -> "MISC_CHECK {\n misc_path /bin/true\n }\n";
          case FILE_CHECK -> "FILE_CHECK {\n track_file f\n }\n";
          case BFD_CHECK -> "BFD_CHECK {\n name b\n }\n";
          default -> kind + " {\n }\n";
        };
    String text =
        "track_file f {\n file /nonexistent/f\n}\n"
            + "bfd_instance b {\n neighbor_ip 203.0.113.5\n}\n"
            + "virtual_server 192.0.2.10 80 {\n lb_algo rr\n lb_kind NAT\n protocol TCP\n"
            + " real_server 203.0.113.5 80 {\n"
            + block
            + " }\n}\n";
    LoadResult loaded = load(text);
    io.vigil.config.model.Checker model =
        loaded.config().virtualServers().get(0).realServers().get(0).checkers().get(0);
    CheckerSpec spec = onlyCheckerOf(LvsMapping.map(loaded.config()));
    assertThat(spec.kind().name()).isEqualTo(kind.name());
    io.vigil.config.model.Checker.Common k = model.common();
    long s = TimeUnit.SECONDS.toNanos(1);
    var t = spec.timing();
    if (kind == io.vigil.config.model.Checker.Kind.BFD_CHECK) {
      // no timing of its own: told of its session's changes, and reads it every second besides;
      // no retry, no warmup
      assertThat(t.delayLoopNs()).isEqualTo(k.delayLoopUs() * 1000).isEqualTo(1_000_000_000L);
      assertThat(t.retry()).isZero();
      assertThat(t.warmupNs()).isZero();
      assertThat(t.alpha()).isFalse();
      return;
    }
    assertThat(t.connectTimeoutNs()).isEqualTo(k.connectTimeoutUs() * 1000).isEqualTo(5 * s);
    assertThat(t.retry()).isEqualTo(k.retry()).isEqualTo(CheckerDefaults.retry(kind));
    assertThat(t.delayBeforeRetryNs())
        .isEqualTo(k.delayBeforeRetryUs() * 1000)
        .isEqualTo(CheckerDefaults.delayBeforeRetryUs(kind, CheckerDefaults.DELAY_LOOP_US) * 1000);
    assertThat(t.delayLoopNs()).isEqualTo(k.delayLoopUs() * 1000).isEqualTo(60 * s);
    assertThat(t.warmupNs()).isEqualTo(k.warmupUs() * 1000).isEqualTo(60 * s);
    assertThat(t.alpha()).isEqualTo(k.alpha()).isFalse();
    assertThat(t.logAllFailures()).isFalse();
    if (spec instanceof MiscCheckSpec m) {
      assertThat(m.timeoutNs())
          .isEqualTo(((io.vigil.config.model.Checker.Misc) model).timeoutUs() * 1000)
          .isEqualTo(60 * s);
    } else if (spec instanceof UdpCheckSpec u) {
      assertThat(u.maxReplyLength()).isEqualTo(CheckerDefaults.UDP_MAX_REPLY_LENGTH);
      assertThat(u.minReplyLength()).isEqualTo(CheckerDefaults.UDP_MIN_REPLY_LENGTH);
    } else if (spec instanceof HttpCheckSpec h) {
      assertThat(h.protocol()).isEqualTo(HttpCheckSpec.HttpProtocol.HTTP_1_0);
      assertThat(h.urls().get(0).statusCodes())
          .containsExactly(new HttpCheckSpec.StatusRange(200, 299));
    } else if (spec instanceof DnsCheckSpec d) {
      assertThat(d.name()).isEqualTo(".");
    } else if (spec instanceof FileCheckSpec f) {
      assertThat(f.weight()).isEqualTo(1);
      assertThat(f.reverse()).isFalse();
    }
  }

  @Test
  void sslGetTakesTheSslBlocksClientSettings() {
    // the files do not exist: the config module reports that; the mapping still carries them
    LoadResult r =
        load(
            "SSL {\n ca /x/ca.pem\n certificate /x/c.pem\n key /x/k.pem\n password pw\n}\n"
                + withChecker("SSL_GET {\n enable_sni\n url {\n path /\n }\n }\n"));
    HttpCheckSpec h = (HttpCheckSpec) onlyChecker(LvsMapping.map(r.config()));
    HttpCheckSpec.Tls tls = h.tls().orElseThrow();
    assertThat(tls.enableSni()).isTrue();
    assertThat(tls.caFile()).contains(Path.of("/x/ca.pem"));
    assertThat(tls.certificateFile()).contains(Path.of("/x/c.pem"));
    assertThat(tls.keyFile()).contains(Path.of("/x/k.pem"));
    assertThat(tls.keyPassword()).contains("pw");
    HttpCheckSpec plain =
        (HttpCheckSpec) onlyChecker(map(withChecker("SSL_GET {\n url {\n path /\n }\n }\n")));
    assertThat(plain.tls().orElseThrow().caFile()).isEmpty();
    assertThat(plain.tls().orElseThrow().keyPassword()).isEmpty();
  }

  private static CheckerSpec onlyCheckerOf(LvsMapping.Result r) {
    assertThat(r.errors()).isEmpty();
    assertThat(r.checks()).hasSize(1);
    assertThat(r.checks().get(0).checkers()).hasSize(1);
    return r.checks().get(0).checkers().get(0);
  }

  @Test
  void theSorryServerForwardsAsSorryServerLvsMethodSaysElseAsTheVirtualServer() {
    String vs =
        """
        virtual_server 192.0.2.10 80 {
          lb_algo wrr
          lb_kind DR
          protocol TCP
          sorry_server 203.0.113.99 80
        %s
          real_server 203.0.113.5 80 {
            TCP_CHECK {
            }
          }
        }
        """;
    LvsMapping.Result own = map(vs.formatted("  sorry_server_lvs_method NAT"));
    assertThat(own.errors()).isEmpty();
    LvsModel.Backend sorry = own.model().virtualServers().get(0).sorry().orElseThrow();
    assertThat(sorry.base().forwarding()).isEqualTo(io.vigil.netlink.ipvs.Forwarding.MASQ);
    assertThat(sorry.destination().port()).as("NAT keeps its port").isEqualTo(80);
    assertThat(own.model().virtualServers().get(0).backends().get(0).base().forwarding())
        .as("the real servers keep the virtual server's")
        .isEqualTo(io.vigil.netlink.ipvs.Forwarding.DROUTE);

    LvsModel.Backend inherited =
        map(vs.formatted("")).model().virtualServers().get(0).sorry().orElseThrow();
    assertThat(inherited.base().forwarding()).isEqualTo(io.vigil.netlink.ipvs.Forwarding.DROUTE);
  }

  @Test
  void sorryServerLvsMethodBeforeTheSorryServerIsRefusedAsKeepalivedDoes() {
    LoadResult r =
        load(
            """
            virtual_server 192.0.2.10 80 {
              lb_algo wrr
              lb_kind NAT
              protocol TCP
              sorry_server_lvs_method DR
              sorry_server 203.0.113.99 80
              real_server 203.0.113.5 80 {
              }
            }
            """);
    assertThat(r.diagnostics())
        .extracting(Diagnostic::toString)
        .containsExactly("t.conf:5: error: sorry_server forwarding used without sorry_server");
  }

  @Test
  void tunnelOptionsReachTheDestinationsOfTunServersOnly() {
    LvsMapping.Result r =
        map(
            """
            virtual_server 192.0.2.10 80 {
              lb_algo rr
              lb_kind TUN type gue port 6080 csum
              protocol TCP
              sorry_server 203.0.113.99 80
              sorry_server_lvs_method TUN type gre csum
              real_server 203.0.113.5 80 {
              }
              real_server 203.0.113.6 80 {
                lvs_method TUN type gre
              }
              real_server 203.0.113.7 80 {
                lvs_method DR
              }
            }
            """);
    assertThat(r.errors()).isEmpty();
    LvsModel.VirtualService vs = r.model().virtualServers().get(0);
    assertThat(vs.backends())
        .extracting(LvsModel.Backend::base)
        .containsExactly(
            new io.vigil.netlink.ipvs.DestSettings(
                io.vigil.netlink.ipvs.Forwarding.TUNNEL, 1, 0, 0, 1, 6080, 1),
            new io.vigil.netlink.ipvs.DestSettings(
                io.vigil.netlink.ipvs.Forwarding.TUNNEL, 1, 0, 0, 2, 0, 0),
            new io.vigil.netlink.ipvs.DestSettings(
                io.vigil.netlink.ipvs.Forwarding.DROUTE, 1, 0, 0, 0, 0, 0));
    assertThat(vs.sorry().orElseThrow().base())
        .isEqualTo(
            new io.vigil.netlink.ipvs.DestSettings(
                io.vigil.netlink.ipvs.Forwarding.TUNNEL, 1, 0, 0, 2, 0, 1));
  }

  @Test
  void badTunnelOptionsAreRefusedWithKeepalivedsWords() {
    LoadResult r =
        load(
            """
            virtual_server 192.0.2.10 80 {
              lb_algo rr
              lb_kind TUN type gue
              protocol TCP
              real_server 203.0.113.5 80 {
                lvs_method TUN type ipip csum
              }
              real_server 203.0.113.6 80 {
                lvs_method TUN port 6080
              }
              real_server 203.0.113.7 80 {
                lvs_method TUN type gre remcsum extra
              }
            }
            """);
    assertThat(r.diagnostics())
        .extracting(Diagnostic::toString)
        .containsExactly(
            "t.conf:3: error: gue tunnels require port, otherwise cannot have port.",
            "t.conf:6: error: ipip tunnels do not support checksum option.",
            "t.conf:9: error: gue tunnels require port, otherwise cannot have port.",
            "t.conf:12: error: Invalid tunnel option extra for real server.");
  }

  @Test
  void checkerLogAllFailuresLogsEveryCheckersFailures() {
    String tcp = "    TCP_CHECK {\n    }\n";
    assertThat(onlyChecker(map(withChecker(tcp))).timing().logAllFailures()).isFalse();
    assertThat(
            onlyChecker(map("global_defs {\n  checker_log_all_failures\n}\n" + withChecker(tcp)))
                .timing()
                .logAllFailures())
        .isTrue();
  }
}
