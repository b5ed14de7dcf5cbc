package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.LoadResult;
import io.vigil.config.model.Addresses;
import io.vigil.config.model.Checker;
import io.vigil.config.model.Lvs;
import java.util.List;
import org.junit.jupiter.api.Test;

public class LvsConfigTest {
  public static final String VS =
      """
      virtual_server 192.0.2.10 80 {
        lb_algo wrr
        lb_kind DR
        protocol TCP
        real_server 198.51.100.2 80 {
          TCP_CHECK {
          }
        }
      }
      """;

  @Test
  void aRealServersVirtualhostIsReadAndDumped() {
    LoadResult r =
        Cfg.load(
            VS.replace(
                "real_server 198.51.100.2 80 {",
                "real_server 198.51.100.2 80 {\n  virtualhost rs.example.org"));
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(only(r).realServers().get(0).virtualhost()).contains("rs.example.org");
    assertThat(io.vigil.config.ConfigDump.dump(r.config())).contains("virtualhost rs.example.org");
  }

  @Test
  void ipFamilyIsReadAndCheckedAsKeepalivedChecksIt() {
    String fw =
        """
        virtual_server fwmark 7 {
          lb_algo rr
          lb_kind %s
          ip_family %s
          real_server 198.51.100.2 {
          }
          real_server 2001:db8::2 {
          }
        }
        """;
    LoadResult r = Cfg.load(fw.formatted("DR", "inet6"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "5 error: real server 198.51.100.2:0 address family differs from virtual server"
                + " fwmark 7 - ignoring");
    assertThat(only(r).ipFamily()).contains("inet6");
    assertThat(only(r).realServers()).hasSize(1);
    assertThat(io.vigil.config.ConfigDump.dump(r.config())).contains("ip_family inet6");
    r = Cfg.load(fw.formatted("TUN", "inet"));
    assertThat(Cfg.findings(r)).as("tunnelled: any family").isEmpty();
    assertThat(Cfg.findings(Cfg.load(fw.formatted("TUN", "ipx"))))
        .containsExactly("4 error: unknown address family ipx");
    assertThat(Cfg.findings(Cfg.load(VS.replace("protocol TCP", "protocol TCP\nip_family inet6"))))
        .containsExactly(
            "5 error: Virtual server specified family inet6 conflicts with server family");
  }

  static Lvs.VirtualServer only(LoadResult r) {
    assertThat(r.config().virtualServers()).hasSize(1);
    return r.config().virtualServers().get(0);
  }

  @Test
  void minimalServiceGetsKeepalivedsDefaults() {
    LoadResult r = Cfg.load(VS);
    assertThat(Cfg.findings(r)).isEmpty();
    Lvs.VirtualServer vs = only(r);
    assertThat(vs.key()).hasToString("192.0.2.10:80");
    assertThat(vs.scheduler()).isEqualTo("wrr");
    assertThat(vs.method()).isEqualTo(Lvs.Method.DR);
    assertThat(vs.protocol()).isEqualTo(Lvs.Protocol.TCP);
    assertThat(vs.delayLoopUs()).isEqualTo(60_000_000);
    assertThat(vs.quorum()).isEqualTo(1);
    assertThat(vs.hysteresis()).isZero();
    assertThat(vs.persistenceTimeoutS()).isZero();
    Lvs.RealServer rs = vs.realServers().get(0);
    assertThat(rs.weight()).isEqualTo(1);
    assertThat(rs.method()).isEqualTo(Lvs.Method.DR);
    Checker.Common c = rs.checkers().get(0).common();
    assertThat(c.connectPort()).isEqualTo(80);
    assertThat(c.connectTimeoutUs()).isEqualTo(5_000_000);
    assertThat(c.retry()).isEqualTo(1);
    assertThat(c.delayBeforeRetryUs()).isEqualTo(1_000_000);
    assertThat(c.delayLoopUs()).isEqualTo(60_000_000);
  }

  @Test
  void schedulerFlagsForTheirSchedulerOnlyAndThePersistenceEngine() {
    LoadResult mh =
        Cfg.load(
            VS.replace(
                "lb_algo wrr",
                "lb_algo mh\n mh-port\n mh-fallback\n sh-port\n persistence_engine sip"));
    assertThat(Cfg.findings(mh))
        .containsExactly("5 error: sh-port only applies to the sh scheduler - ignoring");
    assertThat(only(mh).schedFlags()).isEqualTo(3);
    assertThat(only(mh).persistenceEngine()).contains("sip");
    LoadResult flags = Cfg.load(VS.replace("lb_algo wrr", "flag-2\n lb_algo wrr\n flag-1"));
    assertThat(Cfg.findings(flags)).isEmpty();
    assertThat(only(flags).schedFlags()).isEqualTo(3);
    assertThat(only(Cfg.load(VS)).schedFlags()).isZero();
    assertThat(only(Cfg.load(VS)).persistenceEngine()).isEmpty();
  }

  @Test
  void hashedChangesNothingAndIsWarnedAboutOutsideShAndMhAsKeepalivedDoes() {
    LoadResult wrr = Cfg.load(VS.replace("lb_algo wrr", "lb_algo wrr\n hashed"));
    assertThat(Cfg.findings(wrr))
        .containsExactly("3 warning: hashed only applies to sh scheduler - ignoring");
    assertThat(only(wrr)).isEqualTo(only(Cfg.load(VS.replace("lb_algo wrr", "lb_algo wrr\n"))));
    LoadResult sh = Cfg.load(VS.replace("lb_algo wrr", "lb_algo sh\n hashed"));
    assertThat(Cfg.findings(sh)).isEmpty();
    assertThat(only(sh).schedFlags()).isZero();
  }

  @Test
  void fastRecoveryIsReadAndSeveralUrlsWithoutItAreNoFinding() {
    String twoUrls =
        """
        virtual_server 192.0.2.10 80 {
          lb_algo wrr
          lb_kind DR
          protocol TCP
          real_server 198.51.100.2 80 {
            HTTP_GET {
              url {
                path /a
              }
              url {
                path /b
              }
              %s
            }
          }
        }
        """;
    assertThat(Cfg.findings(Cfg.load(twoUrls.formatted("")))).isEmpty();
    assertThat(Cfg.findings(Cfg.load(twoUrls.formatted("fast_recovery")))).isEmpty();
    assertThat(Cfg.findings(Cfg.load(twoUrls.formatted("fast_recovery maybe")))).hasSize(1);
  }

  @Test
  void synonymsMeanTheSame() {
    String syn = VS.replace("lb_algo", "lvs_sched").replace("lb_kind", "lvs_method");
    assertThat(Cfg.findings(Cfg.load(syn))).isEmpty();
    assertThat(only(Cfg.load(syn)))
        .usingRecursiveComparison()
        .ignoringFieldsOfTypes(io.vigil.config.Origin.class)
        .isEqualTo(only(Cfg.load(VS)));
  }

  @Test
  void missingSchedulerMethodAndProtocolAreDefaultedWithErrorsAsKeepalivedDoes() {
    LoadResult r =
        Cfg.load("virtual_server 192.0.2.10 80 {\n real_server 198.51.100.2 80 {\n }\n}\n");
    assertThat(Cfg.findings(r))
        .containsExactly(
            "1 error: virtual server 192.0.2.10:80: no protocol set - defaulting to UDP",
            "1 error: virtual server 192.0.2.10:80: no scheduler set, setting default 'wlc'",
            "1 error: virtual server 192.0.2.10:80: no forwarding method set, setting default NAT");
    assertThat(only(r).protocol()).isEqualTo(Lvs.Protocol.UDP);
    assertThat(only(r).scheduler()).isEqualTo("wlc");
  }

  @Test
  void inheritanceFlowsFromVirtualToRealServerToChecker() {
    LoadResult r =
        Cfg.load(
            VS.replace(
                    "protocol TCP",
                    "protocol TCP\ndelay_loop 10\nretry 4\ndelay_before_retry 2\nconnect_timeout 3\ninhibit_on_failure\nalpha")
                .replace("TCP_CHECK {", "weight 7\nTCP_CHECK {\nconnect_port 8080\nretry 9\n"));
    assertThat(Cfg.findings(r)).isEmpty();
    Lvs.RealServer rs = only(r).realServers().get(0);
    assertThat(rs.weight()).isEqualTo(7);
    assertThat(rs.inhibitOnFailure()).isTrue();
    Checker.Common c = rs.checkers().get(0).common();
    assertThat(c.connectPort()).isEqualTo(8080);
    assertThat(c.retry()).isEqualTo(9);
    assertThat(c.delayBeforeRetryUs()).isEqualTo(2_000_000);
    assertThat(c.connectTimeoutUs()).isEqualTo(3_000_000);
    assertThat(c.delayLoopUs()).isEqualTo(10_000_000);
    assertThat(c.alpha()).isTrue();
  }

  @Test
  void everyCheckerIsTyped() {
    LoadResult r =
        Cfg.load(
            """
            vrrp_track_file f1 {
              file /run/f1
            }
            virtual_server 2001:db8::10 443 {
              lvs_sched rr
              lvs_method NAT
              protocol TCP
              persistence_timeout 600
              sorry_server 2001:db8::99 443
              quorum 2
              hysteresis 1
              real_server 2001:db8::2 8443 {
                weight 3
                SSL_GET {
                  url {
                    path /a
                    digest 0123456789ABCDEF0123456789abcdef
                    status_code 200 301-302
                    virtualhost www.example.org
                  }
                  url {
                    path /b
                  }
                  http_protocol 1.1
                  enable_sni
                  fast_recovery
                }
                HTTP_GET {
                  url {
                    path /c
                    regex "ok [0-9]+"
                  }
                }
                MISC_CHECK {
                  misc_path "/bin/check --x 1"
                  misc_timeout 4
                  misc_dynamic
                }
                SMTP_CHECK {
                  helo_name lb.example.org
                  connect_ip 2001:db8::3
                }
                DNS_CHECK {
                  type aaaa
                  name example.org
                }
                UDP_CHECK {
                  payload 0aFF
                  require_reply
                  min_reply_length 2
                }
                PING_CHECK {
                }
                FILE_CHECK {
                  track_file f1
                  weight 5 reverse
                }
              }
              real_server 2001:db8::4 8443 {
                weight 1
              }
            }
            """);
    assertThat(Cfg.findings(r)).isEmpty();
    Lvs.VirtualServer vs = only(r);
    assertThat(vs.persistenceTimeoutS()).isEqualTo(600);
    assertThat(vs.sorryServer().map(Lvs.Endpoint::toString)).contains("[2001:db8::99]:443");
    assertThat(vs.quorum()).isEqualTo(2);
    assertThat(vs.hysteresis()).isEqualTo(1);
    var cs = vs.realServers().get(0).checkers();
    assertThat(cs).hasSize(8);
    Checker.Http ssl = (Checker.Http) cs.get(0);
    assertThat(ssl.ssl()).isTrue();
    assertThat(ssl.urls()).hasSize(2);
    assertThat(ssl.urls().get(0).digest()).contains("0123456789abcdef0123456789abcdef");
    assertThat(ssl.urls().get(0).statusRanges())
        .containsExactly(new int[] {200, 200}, new int[] {301, 302});
    assertThat(ssl.urls().get(1).statusRanges()).containsExactly(new int[] {200, 299});
    assertThat(ssl.httpProtocol()).isEqualTo("1.1");
    assertThat(ssl.common().connectPort()).isEqualTo(8443);
    assertThat(((Checker.Http) cs.get(1)).urls().get(0).regex()).contains("ok [0-9]+");
    Checker.Misc misc = (Checker.Misc) cs.get(2);
    assertThat(misc.path().argv()).containsExactly("/bin/check", "--x", "1");
    assertThat(misc.timeoutUs()).isEqualTo(4_000_000);
    assertThat(misc.dynamic()).isTrue();
    Checker.Smtp smtp = (Checker.Smtp) cs.get(3);
    assertThat(smtp.heloName()).isEqualTo("lb.example.org");
    assertThat(smtp.common().connectIp().map(Addresses::format)).contains("2001:db8::3");
    Checker.Dns dns = (Checker.Dns) cs.get(4);
    assertThat(dns.type()).isEqualTo("AAAA");
    assertThat(dns.common().retry()).isEqualTo(3);
    Checker.Udp udp = (Checker.Udp) cs.get(5);
    assertThat(udp.payloadHex()).contains("0aff");
    assertThat(udp.requireReply()).isTrue();
    assertThat(cs.get(6)).isInstanceOf(Checker.Ping.class);
    Checker.File file = (Checker.File) cs.get(7);
    assertThat(file.weight()).contains(5);
    assertThat(file.reverse()).isTrue();
  }

  @Test
  void checkerOptionsAreRangeChecked() {
    LoadResult r =
        Cfg.load(
            VS.replace(
                "TCP_CHECK {",
                "HTTP_GET {\nurl {\npath /\nstatus_code 99 200-100\ndigest xyz\n}\nconnect_port 70000\n}\nTCP_CHECK {\nconnect_timeout -1\nnb_get_retry 2\n"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "9 error: invalid status_code '99'",
            "9 error: status_code '200-100' outside 100-599",
            "10 error: digest 'xyz' is not 32 hex digits (an MD5 sum)",
            "12 error: connect_port: number '70000' outside range [1, 65535]",
            "15 error: connect_timeout: invalid time '-1'",
            "16 warning: 'nb_get_retry' in TCP_CHECK is not implemented by vigil (or not valid"
                + " here) - ignored");
  }

  @Test
  void checkersMissingTheirEssentialsAreDropped() {
    LoadResult r =
        Cfg.load(
            VS.replace(
                "TCP_CHECK {", "HTTP_GET {\n}\nMISC_CHECK {\n}\nFILE_CHECK {\n}\nTCP_CHECK {"));
    // at the closing brace, where keepalived's end handlers report them
    assertThat(Cfg.findings(r))
        .containsExactly(
            "7 error: HTTP_GET has no url - checker ignored",
            "9 error: MISC_CHECK has no misc_path - checker ignored",
            "11 error: FILE_CHECK has no track_file - checker ignored");
    assertThat(only(r).realServers().get(0).checkers()).hasSize(1);
  }

  @Test
  void fwmarkAndGroupServicesAndGroups() {
    LoadResult r =
        Cfg.load(
            """
            virtual_server_group web {
              192.0.2.10-20 80
              2001:db8::a-1f 80
              fwmark 7
            }
            virtual_server group web {
              lb_algo rr
              lb_kind DR
              real_server 198.51.100.2 80 {
              }
            }
            virtual_server fwmark 3 {
              lb_algo rr
              lb_kind DR
              protocol TCP
              real_server 198.51.100.2 0 {
              }
            }
            virtual_server group nosuch {
              lb_algo rr
              lb_kind DR
              real_server 198.51.100.2 80 {
              }
            }
            """);
    assertThat(Cfg.findings(r))
        .containsExactly(
            "9 warning: fwmark virtual server group web, real server 198.51.100.2:80 has port specified - port will be ignored",
            "12 warning: virtual server fwmark 3: protocol specified for fwmark - protocol will be ignored",
            "19 error: virtual server group nosuch is not defined - virtual server ignored");
    assertThat(r.config().virtualServers())
        .extracting(v -> v.key().toString())
        .containsExactly("group web", "fwmark 3");
    var g = r.config().serverGroups().get(0);
    assertThat(g.entries()).hasSize(3);
    assertThat(g.entries().get(0).rangeEnd()).isEqualTo(20);
    assertThat(g.entries().get(1).rangeEnd()).isEqualTo(0x1f);
    assertThat(g.entries().get(2).fwmark()).isEqualTo(7);
  }

  @Test
  void badGroupEntriesAreSkipped() {
    LoadResult r =
        Cfg.load(
            "virtual_server_group g {\n 192.0.2.10-5 80\n 192.0.2.x 80\n 192.0.2.1 99999\n}\n");
    assertThat(Cfg.findings(r))
        .containsExactly(
            "2 error: invalid address range '192.0.2.10-5' - skipping",
            "3 error: invalid virtual server group address '192.0.2.x' - skipping",
            "4 error: 192.0.2.1: number '99999' outside range [0, 65535]",
            "5 error: virtual server group g has no entries - removing");
    assertThat(r.config().serverGroups()).isEmpty();
  }

  @Test
  void familiesPortsQuorumAndDuplicatesAreChecked() {
    LoadResult r =
        Cfg.load(
            VS.replace("protocol TCP", "protocol TCP\nquorum 5\nhysteresis 9")
                .replace(
                    "real_server 198.51.100.2 80 {",
                    "real_server 2001:db8::1 80 {\n}\nreal_server 198.51.100.2 8080 {\n}\nreal_server 198.51.100.2 8080 {\n}\nreal_server 198.51.100.2 80 {"));
    assertThat(Cfg.findings(r))
        .containsExactly(
            "1 error: virtual server 192.0.2.10:80: quorum 5 exceeds total weight of real servers 1, reducing quorum to 1",
            "1 error: virtual server 192.0.2.10:80: hysteresis 9 >= quorum 1; setting hysteresis to 0",
            "7 error: real server [2001:db8::1]:80 address family differs from virtual server 192.0.2.10:80 - ignoring",
            "9 warning: virtual server 192.0.2.10:80 and real server 198.51.100.2:8080 ports don't match - resetting",
            "11 warning: virtual server 192.0.2.10:80 and real server 198.51.100.2:8080 ports don't match - resetting",
            "11 error: virtual server 192.0.2.10:80: real server 198.51.100.2:80 is duplicated - removing second rs",
            "13 error: virtual server 192.0.2.10:80: real server 198.51.100.2:80 is duplicated - removing second rs");
  }

  @Test
  void serverWithoutRealServersIsIgnoredAndZeroPortNeedsPersistence() {
    assertThat(
            Cfg.findings(
                Cfg.load(
                    "virtual_server 192.0.2.1 80 {\n lb_algo rr\n lb_kind NAT\n protocol UDP\n}\n")))
        .containsExactly("1 error: virtual server 192.0.2.1:80: has no real servers - ignoring");
    LoadResult zero =
        Cfg.load(
            VS.replace("192.0.2.10 80", "192.0.2.10 0")
                .replace("198.51.100.2 80", "198.51.100.2 0"));
    assertThat(Cfg.findings(zero))
        .containsExactly(
            "1 error: virtual server 192.0.2.10:0: zero port only valid for persistent services - setting persistence");
    assertThat(only(zero).persistenceTimeoutS()).isEqualTo(360);
  }

  @Test
  void unknownSchedulerMethodAndProtocolAreErrors() {
    LoadResult r =
        Cfg.load(
            VS.replace("wrr", "fastest")
                .replace("lb_kind DR", "lb_kind BRIDGE")
                .replace("protocol TCP", "protocol ICMP"));
    assertThat(Cfg.findings(r))
        .contains(
            "2 error: invalid lvs_scheduler 'fastest' - ignoring",
            "3 error: unknown routing method 'BRIDGE' for virtual server (NAT, DR or TUN)",
            "4 error: unknown protocol 'ICMP' (TCP, UDP or SCTP)");
  }

  @Test
  void realServerPortsFollowKeepalivedsRulesPerForwardingMethod() {
    String nat = VS.replace("lb_kind DR", "lb_kind NAT").replace("198.51.100.2 80", "198.51.100.2");
    assertThat(only(Cfg.load(nat)).realServers().get(0).endpoint().port()).isEqualTo(80);
    LoadResult fw =
        Cfg.load(
            VS.replace("192.0.2.10 80", "fwmark 4")
                .replace("protocol TCP", "sorry_server 198.51.100.9 80"));
    assertThat(Cfg.findings(fw))
        .containsExactly(
            "1 warning: fwmark virtual server fwmark 4, sorry server 198.51.100.9:80 has port specified - clearing",
            "5 warning: fwmark virtual server fwmark 4, real server 198.51.100.2:80 has port specified - clearing");
    assertThat(only(fw).realServers().get(0).endpoint().port()).isZero();
    assertThat(only(fw).realServers().get(0).checkers().get(0).common().connectPort()).isZero();
    LoadResult group =
        Cfg.load(
            "virtual_server_group g {\n 192.0.2.1 443\n fwmark 3\n}\n"
                + VS.replace("192.0.2.10 80", "group g"));
    assertThat(Cfg.findings(group))
        .containsExactly(
            "9 warning: fwmark virtual server group g, real server 198.51.100.2:80 has port specified - port will be ignored",
            "9 error: virtual server group g port 443 and real server 198.51.100.2:80 ports don't match");
  }

  @Test
  void udpPayloadsAreHexOctetsWithOptionalBlanks() {
    String udp =
        VS.replace("TCP_CHECK {", "UDP_CHECK {\npayload 1 23 456 ff\nrequire_reply 0X ff\n");
    LoadResult r = Cfg.load(udp);
    assertThat(Cfg.findings(r)).isEmpty();
    Checker.Udp c = (Checker.Udp) only(r).realServers().get(0).checkers().get(0);
    assertThat(c.payloadHex()).contains("01234506ff");
    assertThat(Cfg.findings(Cfg.load(udp.replace("456", "4g6"))))
        .containsExactly("7 error: payload: invalid hex string '1 23 4g6 ff'");
  }

  @Test
  void fileCheckCanOnlyNameATrackFileDefinedBeforeIt() {
    String vs = VS.replace("TCP_CHECK {", "FILE_CHECK {\ntrack_file tf\n}\nTCP_CHECK {");
    String def = "track_file tf {\n file /nonexistent/x\n}\n";
    LoadResult after = Cfg.load(vs + def);
    // keepalived: "track_file tf not found", then "FILE_CHECK has no track_file specified"
    assertThat(Cfg.findings(after))
        .containsExactly(
            "7 error: track_file tf not found",
            "8 error: FILE_CHECK has no track_file - checker ignored");
    assertThat(only(after).realServers().get(0).checkers()).hasSize(1);
    LoadResult before = Cfg.load(def + vs);
    assertThat(Cfg.findings(before)).isEmpty();
    assertThat(only(before).realServers().get(0).checkers()).hasSize(2);
  }

  @Test
  void bindIfIsTheCheckersDeviceAndANameTooLongForTheKernelIsAnError() {
    String conf = VS.replace("TCP_CHECK {", "TCP_CHECK {\nbind_if eth1\n");
    LoadResult r = Cfg.load(conf);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(only(r).realServers().get(0).checkers().get(0).common().bindIf()).contains("eth1");
    assertThat(Cfg.findings(Cfg.load(VS))).isEmpty(); // and without it, none
    assertThat(only(Cfg.load(VS)).realServers().get(0).checkers().get(0).common().bindIf())
        .isEmpty();
    assertThat(Cfg.findings(Cfg.load(conf.replace("eth1", "a-name-of-16-chr"))))
        .containsExactly(
            "7 error: bind_if 'a-name-of-16-chr' is not an interface name (at most 15 characters,"
                + " no '/')");
  }

  @Test
  void tunnelOptionsAreReadForVirtualRealAndSorryServersAndDumpedBack() {
    String text =
        """
        virtual_server 192.0.2.10 80 {
          lb_algo rr
          lb_kind TUN type gue port 6080 csum
          protocol TCP
          sorry_server 203.0.113.99 80
          sorry_server_lvs_method TUN type gre
          real_server 203.0.113.5 80 {
          }
          real_server 203.0.113.6 80 {
            lvs_method TUN type gre csum
          }
        }
        """;
    io.vigil.config.LoadResult r = io.vigil.config.Cfg.load(text);
    assertThat(io.vigil.config.Cfg.findings(r)).isEmpty();
    Lvs.VirtualServer vs = r.config().virtualServers().get(0);
    assertThat(vs.tunnel()).isEqualTo(new Lvs.Tunnel(Lvs.Tunnel.GUE, 6080, Lvs.Tunnel.CSUM));
    assertThat(vs.sorryServerTunnel()).isEqualTo(new Lvs.Tunnel(Lvs.Tunnel.GRE, 0, 0));
    assertThat(vs.realServers())
        .extracting(Lvs.RealServer::tunnel)
        .as("the first inherits the virtual server's")
        .containsExactly(
            new Lvs.Tunnel(Lvs.Tunnel.GUE, 6080, Lvs.Tunnel.CSUM),
            new Lvs.Tunnel(Lvs.Tunnel.GRE, 0, Lvs.Tunnel.CSUM));
    String dump = io.vigil.config.ConfigDump.dump(r.config());
    assertThat(dump)
        .contains("lvs_method TUN type gue port 6080 csum\n")
        .contains("sorry_server_lvs_method TUN type gre\n")
        .contains("lvs_method TUN type gre csum\n");
    assertThat(io.vigil.config.ConfigDump.dump(io.vigil.config.Cfg.load(dump).config()))
        .isEqualTo(dump);
  }

  @Test
  void smtpCheckHostBlocksAreCheckersOfTheirOwnAsKeepalivedMakesThem() {
    String text =
        """
        virtual_server 192.0.2.10 25 {
          lb_algo rr
          lb_kind NAT
          protocol TCP
          real_server 203.0.113.5 25 {
            SMTP_CHECK {
              helo_name lb.example.org
              retry 2
              host {
                connect_ip 203.0.113.50
                connect_timeout 7
              }
              host {
                connect_ip 198.51.100.5
                connect_port 587
                bindto 198.51.100.1
                delay_before_retry 9
              }
            }
          }
          real_server 203.0.113.6 25 {
            SMTP_CHECK {
              connect_port 2525
              host {
                connect_ip 198.51.100.6
              }
            }
          }
        }
        """;
    io.vigil.config.LoadResult r = io.vigil.config.Cfg.load(text);
    assertThat(io.vigil.config.Cfg.findings(r)).isEmpty();
    List<Lvs.RealServer> rss = r.config().virtualServers().get(0).realServers();
    // no connection option in the block: the first host is the first checker
    List<Checker> first = rss.get(0).checkers();
    assertThat(first).hasSize(2).allMatch(c -> c instanceof Checker.Smtp);
    assertThat(first)
        .extracting(c -> c.common().connectIp().map(Addresses::format).orElse("rs"))
        .containsExactly("203.0.113.50", "198.51.100.5");
    assertThat(first).extracting(c -> c.common().connectPort()).containsExactly(25, 587);
    assertThat(first)
        .extracting(c -> c.common().connectTimeoutUs())
        .as("a host's own, else the real or virtual server's (5 s)")
        .containsExactly(7_000_000L, 5_000_000L);
    assertThat(first.get(1).common().bindto().map(Addresses::format)).contains("198.51.100.1");
    assertThat(first)
        .as("retry and delay_before_retry, even written in a host, are the checker's")
        .allMatch(c -> c.common().retry() == 2 && c.common().delayBeforeRetryUs() == 9_000_000L);
    assertThat(first).allMatch(c -> ((Checker.Smtp) c).heloName().equals("lb.example.org"));
    // a connection option in the block: the block's own checker first, then each host
    List<Checker> second = rss.get(1).checkers();
    assertThat(second)
        .extracting(c -> c.common().connectIp().map(Addresses::format).orElse("rs"))
        .containsExactly("rs", "198.51.100.6");
    assertThat(second).extracting(c -> c.common().connectPort()).containsExactly(2525, 25);
  }
}
