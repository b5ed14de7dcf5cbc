package io.vigil.director.vrrp;

import io.vigil.lab.Bridge;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;

/**
 * The LAN of the VRRP ITs of {@code vigil run}: directors {@code a} (192.0.2.1) and {@code b}
 * (192.0.2.2) and a client (192.0.2.3), each with {@code eth0} on one bridge.
 */
record DirectorLan(Netns a, Netns b, Netns client) {
  static DirectorLan on(NetLab lab) {
    Bridge lan = lab.bridge("lan");
    return new DirectorLan(
        lab.netns("a").attach(lan, "eth0", "192.0.2.1/24"),
        lab.netns("b").attach(lan, "eth0", "192.0.2.2/24"),
        lab.netns("client").attach(lan, "eth0", "192.0.2.3/24"));
  }

  /**
   * A configuration of {@code globals} (lines of {@code global_defs}) and one instance, {@code
   * VI_1} on {@code eth0} (VRID 51, priority 150, advert_int 1) with {@code vip}/24: what the ITs
   * of a global keyword run.
   */
  static String withGlobals(String globals, String vip) {
    return "global_defs {\n"
        + globals.strip().indent(2)
        + "}\n"
        + """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          priority 150
          advert_int 1
          virtual_ipaddress {
            %s/24
          }
        }
        """
            .formatted(vip);
  }
}
