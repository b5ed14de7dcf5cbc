package io.vigil.director.lvs;

import io.vigil.director.lvs.LvsModel.Backend;
import io.vigil.director.lvs.LvsModel.VirtualService;
import io.vigil.netlink.ipvs.Endpoints;
import io.vigil.netlink.ipvs.ServiceKey;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * The lines keepalived's checker writes to {@code notify_fifo} and {@code lvs_notify_fifo}, where
 * it runs a real server's {@code notify_up|down} ({@code RS [198.51.100.2]:tcp:8080
 * [192.0.2.10]:tcp:80 DOWN}) and a virtual server's {@code quorum_up|down} ({@code VS
 * [192.0.2.10]:tcp:80 UP}), whether or not those scripts are configured. A virtual server is {@code
 * [ADDRESS]:PROTO:PORT}, {@code FWM N}, or {@code [GROUP]:0}; a real server is {@code
 * [ADDRESS]:PROTO:PORT} with its virtual server's protocol ({@code none:0} under a fwmark, whose
 * real servers keepalived keeps without a port).
 */
final class LvsFifoLines {
  private LvsFifoLines() {}

  static String virtualServer(VirtualService vs, boolean up) {
    return "VS " + name(vs) + " " + state(up);
  }

  static String realServer(VirtualService vs, Backend b, boolean up) {
    return "RS " + name(vs, b) + " " + name(vs) + " " + state(up);
  }

  /** keepalived's name of a real server of {@code vs} (its {@code FMT_RS}). */
  static String name(VirtualService vs, Backend b) {
    ServiceKey k = vs.keys().get(0);
    return k.isFwmark()
        ? trio(text(b.destination().address()), "none", 0)
        : trio(
            text(b.destination().address()),
            k.protocol().name().toLowerCase(Locale.ROOT),
            b.destination().port());
  }

  /** keepalived's name of a virtual server in these lines. */
  static String name(VirtualService vs) {
    if (vs.name().startsWith("group ")) {
      return "[" + vs.name().substring("group ".length()) + "]:0";
    }
    ServiceKey k = vs.keys().get(0);
    if (k.isFwmark()) {
      return "FWM " + Integer.toUnsignedString(k.fwmark());
    }
    return trio(text(k.address()), k.protocol().name().toLowerCase(Locale.ROOT), k.port());
  }

  static String text(InetAddress a) {
    return a instanceof Inet6Address ? Endpoints.compress(a.getHostAddress()) : a.getHostAddress();
  }

  private static String trio(String host, String proto, int port) {
    return "[" + host + "]:" + proto + ":" + port;
  }

  private static String state(boolean up) {
    return up ? "UP" : "DOWN";
  }
}
