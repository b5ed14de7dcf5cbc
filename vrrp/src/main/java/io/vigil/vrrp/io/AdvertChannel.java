package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.wire.ReceiveRules;

/** One instance's sockets for one address family: adverts in and out, GARP / NA out. */
interface AdvertChannel extends AutoCloseable {
  /**
   * Waits up to {@code timeoutNs} (to the nanosecond: the runner waits for a deadline) for a
   * datagram; returns the validated advert as an event, or null on timeout or when the datagram was
   * dropped (and counted).
   */
  Event.AdvertReceived receive(long timeoutNs);

  /**
   * Ends the {@link #receive} waiting now, or the next one, as a timeout; from any thread: the
   * runner's other threads hand it work this way. Nothing once closed; nothing for a twin whose
   * receive does not wait.
   */
  default void wakeUp() {}

  /**
   * Reads, without waiting, the datagrams the socket already holds (at most {@code limit}) and
   * hands each valid advert to {@code sink} in order; returns how many it handed over.
   */
  int receiveQueued(int limit, java.util.function.Consumer<Event.AdvertReceived> sink);

  /**
   * {@link #receiveQueued} over a channel's two steps: {@code readNow} reads one datagram without
   * waiting and gives its length (0 or less: the socket held none), {@code validate} turns the
   * datagram of that length into an advert, or null when it was dropped (and counted).
   */
  static int drain(
      int limit,
      java.util.function.IntSupplier readNow,
      java.util.function.IntFunction<Event.AdvertReceived> validate,
      java.util.function.Consumer<Event.AdvertReceived> sink) {
    int handed = 0;
    for (int i = 0; i < limit; i++) {
      int n = readNow.getAsInt();
      if (n <= 0) {
        break;
      }
      Event.AdvertReceived a = validate.apply(n);
      if (a != null) {
        sink.accept(a);
        handed++;
      }
    }
    return handed;
  }

  /** Sends the advert to the group or to every unicast peer. */
  void send(Action.SendAdvert advert);

  /** Sends gratuitous ARPs (IPv4) or unsolicited neighbour adverts (IPv6). */
  void announce(Action.SendGarp garp);

  /**
   * A reload in place: adverts are sent with the new configuration's addresses and received under
   * the new rules from now on. The sockets (interface, VRID, family, peers) stay as they are.
   */
  void reconfigure(InstanceConfig config, ReceiveRules rules);

  String ifname();

  /**
   * Sizes the receive socket's buffer per {@code b} (nothing for the kernel's default); returns the
   * size the kernel gave it, or 0 when it was left alone.
   */
  default int receiveBuffer(ReceiveBuffer b) {
    return 0;
  }

  @Override
  void close();
}
