package io.vigil.director.statics;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Bridge;
import io.vigil.lab.Keepalived;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Vigil ({@code vigil run --vrrp-only} in namespace a) and keepalived 2.2.7 (in b) side by side on
 * one LAN, each master of its own VRID (VI_1, VRRPv3 advert 0.1 s), with an interface d0 (a veth,
 * up) for the static entries of a {@code track_group G} whose member is VI_1.
 *
 * @param a Vigil's namespace (its VRID and address byte {@link #VIGIL})
 * @param b keepalived's ({@link #KEEPALIVED})
 */
record TrackGroupPair(Netns a, Netns b, NsProcess vigil, NsProcess keepalived) {
  static final Duration WAIT = Duration.ofSeconds(60);
  static final String VIGIL = "86";
  static final String KEEPALIVED = "85";

  /**
   * Starts both, once {@code d0} (more commands for d0, or "") has run in each namespace, with the
   * configuration's {@code statics} blocks (N: each side's number), and waits for both masters.
   */
  static TrackGroupPair start(NetLab lab, String statics, String d0) throws IOException {
    Bridge lan = lab.bridge("lan");
    Netns a = lab.netns("a").attach(lan, "eth0", "192.0.2.1/24");
    Netns b = lab.netns("b").attach(lan, "eth0", "192.0.2.2/24");
    for (Netns ns : List.of(a, b)) {
      ns.sh("ip link add d0 type veth peer name d1 && ip link set d1 up && ip link set d0 up" + d0);
    }
    String conf =
        """
        track_group G {
          group {
            VI_1
          }
        }
        %s
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id N
          priority 100
          advert_int 0.1
          version 3
          virtual_ipaddress {
            192.0.2.N/24
          }
        }
        """
            .formatted(statics);
    Path dir = Files.createTempDirectory("vigil-track-group");
    Path kc = Files.writeString(dir.resolve("keepalived.conf"), conf.replace("N", KEEPALIVED));
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    Path vc = Files.writeString(dir.resolve("vigil.conf"), conf.replace("N", VIGIL));
    NsProcess vigil =
        a.start(VigilJvm.argv("run", "--vrrp-only", "--status-port", "0", "-f", vc.toString()));
    keepalived.awaitOutput(Pattern.compile("Entering MASTER STATE"), WAIT);
    vigil.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    return new TrackGroupPair(a, b, vigil, keepalived);
  }

  List<Netns> both() {
    return List.of(a, b);
  }

  /** The daemon in {@code ns}. */
  NsProcess in(Netns ns) {
    return ns == a ? vigil : keepalived;
  }

  /** SIGTERM to both; Vigil must exit 0. */
  int stop() {
    keepalived.signal("TERM");
    keepalived.waitFor(WAIT);
    vigil.signal("TERM");
    return vigil.waitFor(WAIT);
  }
}
