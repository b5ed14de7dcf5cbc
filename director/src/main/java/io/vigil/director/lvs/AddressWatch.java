package io.vigil.director.lvs;

import io.vigil.netlink.rtnl.IfAddress;
import io.vigil.netlink.rtnl.RtnlEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * The host's addresses as the IPVS half follows them for {@code ha_suspend} (and the daemon for
 * {@code static_ipaddress}): the whole list once, then every change. Over rtnetlink in the daemon
 * ({@link RtnlAddressWatch}); an in-memory twin in tests.
 */
public interface AddressWatch extends AutoCloseable {
  /**
   * Subscribes, then reads every address of every interface and returns them; from then on each
   * {@link RtnlEvent.AddressAdded}, {@link RtnlEvent.AddressRemoved}, {@link RtnlEvent.LinkChanged}
   * (a link made or changed: static addresses are put back on an interface made again; followers of
   * addresses alone ignore it) or {@link RtnlEvent.Resynchronised} goes to {@code events}, on the
   * watch's own thread. Events that raced the list may repeat what it says; applied in order they
   * end in the same state.
   */
  List<IfAddress> start(Consumer<RtnlEvent> events);

  /** Stops delivering events and releases the subscription. */
  @Override
  void close();
}
