package io.vigil.director.lvs;

import io.vigil.netlink.rtnl.IfAddress;
import io.vigil.netlink.rtnl.RtnlEvent;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The host's addresses in memory, as {@link AddressWatch} shows them: a test adds and deletes
 * addresses and each change reaches the subscriber at once, on the test's thread, as the kernel's
 * RTM_NEWADDR / RTM_DELADDR would. Counts how often it was opened and closed.
 */
final class InMemoryAddressWatch {
  private final List<IfAddress> addresses = new ArrayList<>();
  private Consumer<RtnlEvent> sink;
  int opened;
  int closed;

  /** A factory for {@link LvsRuntime#addressWatch}: each call is one subscription. */
  AddressWatch open() {
    opened++;
    return new AddressWatch() {
      private boolean live = true;

      @Override
      public List<IfAddress> start(Consumer<RtnlEvent> events) {
        sink =
            e -> {
              if (live) {
                events.accept(e);
              }
            };
        return List.copyOf(addresses);
      }

      @Override
      public void close() {
        live = false;
        closed++;
      }
    };
  }

  /** {@code ip addr add ADDRESS dev (ifindex)}. */
  void add(int index, String address) {
    IfAddress a = of(index, address);
    addresses.add(a);
    send(new RtnlEvent.AddressAdded(a));
  }

  /** {@code ip addr del ADDRESS dev (ifindex)}. */
  void remove(int index, String address) {
    IfAddress a = of(index, address);
    addresses.removeIf(x -> x.sameAs(a));
    send(new RtnlEvent.AddressRemoved(a));
  }

  /** The kernel dropped events: the whole list again. */
  void resynchronise() {
    send(new RtnlEvent.Resynchronised(List.of(), List.copyOf(addresses)));
  }

  private void send(RtnlEvent e) {
    if (sink != null) {
      sink.accept(e);
    }
  }

  static IfAddress of(int index, String address) {
    try {
      InetAddress a = InetAddress.getByName(address); // a literal: no lookup
      return IfAddress.of(index, a, a.getAddress().length * 8);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
