package io.vigil.vrrp.fsm;

import java.net.InetAddress;
import java.util.List;

/** What a {@link VrrpInstance} asks its edge to do, in order. */
public sealed interface Action {
  /** Send one advert with this priority (0 when leaving) and interval. */
  record SendAdvert(int priority, int advertIntervalCs) implements Action {}

  /**
   * Add the virtual addresses (and {@code virtual_ipaddress_excluded}). {@code accept} false is
   * keepalived's {@code no_accept}: the addresses route but do not accept packets to themselves.
   */
  record AddVips(List<InetAddress> vips, List<InetAddress> excluded, boolean accept)
      implements Action {}

  /** Remove the virtual addresses (and excluded ones). */
  record RemoveVips(List<InetAddress> vips, List<InetAddress> excluded) implements Action {}

  /**
   * Send {@code repeat} gratuitous ARPs (IPv4) / unsolicited neighbour adverts (IPv6) per address.
   */
  record SendGarp(List<InetAddress> addresses, int repeat) implements Action {}

  /**
   * Announce the addresses on the devices other than the instance's own, one gratuitous ARP /
   * neighbour advert per device (keepalived's {@code garp_extra_if}: the switches there keep their
   * MAC).
   */
  record AnnounceElsewhere() implements Action {}

  /**
   * Run the notify scripts with keepalived's arguments: {@code $1} INSTANCE or GROUP, {@code $2}
   * the name, {@code $3} the state word, {@code $4} the priority.
   */
  record RunNotify(String kind, String name, String state, int priority) implements Action {}

  /**
   * A master heard an advert of lower priority than its own ({@code priority}): run the instance's
   * {@code notify_master_rx_lower_pri} script, as keepalived does each time.
   */
  record RunLowerPriorityNotify(String name, int priority) implements Action {}

  /** Write this line (keepalived's format, e.g. {@code INSTANCE "VI_1" MASTER 100}) to the FIFO. */
  record WriteFifo(String line) implements Action {}

  /** Call back with {@link Event.Timer} at (or after) this time. Replaces any earlier request. */
  record ScheduleAt(long deadlineNs) implements Action {}
}
