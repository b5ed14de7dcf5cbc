package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dynamic_interfaces}, as keepalived 2.2.7 runs it (its log lines checked by hand in a
 * namespace): an instance whose interface does not exist at start waits in FAULT ("will use if
 * created"), becomes master once the interface is created with an address, goes to FAULT when it is
 * deleted and is master again on the one made in its place. Without the keyword the configuration
 * is refused.
 */
class VigilRunDynamicInterfacesIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static final int STATUS_PORT = 9190;

  static final String CONF =
      """
      global_defs {
        dynamic_interfaces
      }
      vrrp_instance VI_1 {
        interface eth5
        state BACKUP
        virtual_router_id 51
        priority 100
        advert_int 1
        virtual_ipaddress {
          192.0.2.10/24
        }
      }
      """;

  static void create(Netns ns) {
    ns.sh(
        "ip link add eth5 type veth peer name eth6 && ip addr add 192.0.2.1/24 dev eth5"
            + " && ip link set eth6 up && ip link set eth5 up");
  }

  static String status(Netns ns) {
    return ns.exec(VigilJvm.argv("status", "--json", "-s", "127.0.0.1:" + STATUS_PORT)).stdout();
  }

  @Test
  void anInstanceWaitsForItsInterfaceAndFollowsItWhenItIsMadeAgain() throws Exception {
    Netns a = lab.netns("a");
    a.sh("ip link set lo up");
    Path conf = Files.writeString(dir.resolve("vigil.conf"), CONF);
    Path refused =
        Files.writeString(dir.resolve("refused.conf"), CONF.replace("dynamic_interfaces", ""));
    NsProcess no = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", refused.toString()));
    assertThat(no.waitFor(Duration.ofSeconds(30))).isNotZero();
    assertThat(no.output()).contains("interface eth5 for vrrp_instance doesn't exist");

    NsProcess v =
        a.start(
            VigilJvm.argv(
                "run",
                "--vrrp-only",
                "-f",
                conf.toString(),
                "--status-port",
                Integer.toString(STATUS_PORT)));
    v.awaitOutput(
        Pattern.compile(
            "Configuration specifies interface eth5 which doesn't currently exist - will use if"
                + " created"),
        Duration.ofSeconds(30));
    v.awaitThat(
        () -> status(a).contains("\"name\":\"VI_1\",\"state\":\"FAULT\""), Duration.ofSeconds(20));
    assertThat(status(a)).contains("interface eth5 doesn't exist");
    assertThat(a.exec("curl", "-s", "http://127.0.0.1:" + STATUS_PORT + "/metrics").stdout())
        .contains("vigil_vrrp_state{instance=\"VI_1\",state=\"FAULT\"} 1");

    create(a);
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    assertThat(a.sh("ip -4 addr show dev eth5")).contains("192.0.2.10/24");

    a.sh("ip link del eth5");
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: FAULT"), Duration.ofSeconds(30));
    int masters = v.count("INSTANCE VI_1: MASTER");
    create(a);
    v.awaitOutput(
        Pattern.compile("Interface eth5 was created again: restarting \\[VI_1\\] on it"),
        Duration.ofSeconds(30));
    v.awaitThat(() -> v.count("INSTANCE VI_1: MASTER") > masters, Duration.ofSeconds(30));
    assertThat(a.sh("ip -4 addr show dev eth5")).contains("192.0.2.10/24");
    System.out.println("dynamic_interfaces: FAULT, MASTER once eth5 exists, FAULT, MASTER again");

    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
  }

  /** A sync group waits as a whole: its member on an existing interface does not start alone. */
  @Test
  void aSyncGroupWaitsForItsLastInterface() throws Exception {
    Netns a = lab.netns("g");
    a.sh(
        "ip link set lo up && ip link add eth0 type veth peer name eth1"
            + " && ip addr add 198.51.100.1/24 dev eth0 && ip link set eth1 up"
            + " && ip link set eth0 up");
    Path conf =
        Files.writeString(
            dir.resolve("group.conf"),
            CONF
                + """
                vrrp_instance VI_2 {
                  interface eth0
                  state BACKUP
                  virtual_router_id 52
                  priority 100
                  advert_int 1
                  virtual_ipaddress {
                    198.51.100.10/24
                  }
                }
                vrrp_sync_group G1 {
                  group {
                    VI_1
                    VI_2
                  }
                }
                """);
    NsProcess v =
        a.start(
            VigilJvm.argv(
                "run",
                "--vrrp-only",
                "-f",
                conf.toString(),
                "--status-port",
                Integer.toString(STATUS_PORT)));
    v.awaitOutput(
        Pattern.compile("\\(VI_2\\) entering FAULT state \\(interface eth5 doesn't exist\\)"),
        Duration.ofSeconds(30));
    v.awaitThat(
        () -> status(a).contains("\"name\":\"VI_2\",\"state\":\"FAULT\""), Duration.ofSeconds(20));
    assertThat(v.output()).doesNotContain("vrrp_instance VI_2 started");

    create(a);
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    v.awaitOutput(Pattern.compile("INSTANCE VI_2: MASTER"), Duration.ofSeconds(30));
    assertThat(v.output()).contains("Interface eth5 added: starting [VI_1, VI_2]");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
  }
}
