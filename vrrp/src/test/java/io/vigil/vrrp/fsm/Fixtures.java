package io.vigil.vrrp.fsm;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

final class Fixtures {
  static final long MS = 1_000_000L;
  static final long S = 1_000_000_000L;

  /** An arbitrary start, far from zero, so nothing depends on nowNs being small. */
  static final long T0 = 7_000 * S;

  static final InetAddress ME = ip("192.0.2.10");
  static final InetAddress LOWER = ip("192.0.2.5");
  static final InetAddress HIGHER = ip("192.0.2.20");
  static final List<InetAddress> VIPS = List.of(ip("192.0.2.100"));

  private Fixtures() {}

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  static InstanceConfig.Builder v3() {
    return InstanceConfig.builder("VI_1", 51, 3, ME, VIPS);
  }

  static InstanceConfig.Builder v2() {
    return InstanceConfig.builder("VI_1", 51, 2, ME, VIPS);
  }

  static Event.AdvertReceived advert(int priority, int intervalCs, InetAddress from) {
    return new Event.AdvertReceived(priority, intervalCs, from);
  }

  static <T extends Action> List<T> only(List<Action> actions, Class<T> type) {
    return actions.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static boolean has(List<Action> actions, Class<? extends Action> type) {
    return actions.stream().anyMatch(type::isInstance);
  }
}
