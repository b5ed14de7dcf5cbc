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
}
