package io.vigil.director.daemon;

import io.vigil.director.lvs.AddressWatch;
import io.vigil.netlink.ipvs.text.AddressText;
import io.vigil.netlink.rtnl.IfAddress;
import io.vigil.netlink.rtnl.RtnlEvent;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's {@code -a} ({@code --address-monitoring}): every address added to or removed from an
 * interface of the namespace, as rtnetlink reports it, logged in keepalived 2.2.7's words
 * (keepalived_netlink.c), on a watch of its own.
 */
final class AddressMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AddressMonitor.class);

  private final AddressWatch watch;

  private AddressMonitor(AddressWatch watch) {
    this.watch = watch;
  }

  /** Subscribes and logs from now on. */
  static AddressMonitor start(AddressWatch watch) {
    AddressMonitor m = new AddressMonitor(watch);
    watch.start(
        e -> {
          String line = line(e, AddressMonitor::interfaceName);
          if (line != null) {
            log.info(line);
          }
        });
    return m;
  }

  /** The line for an address event, null for another event. */
  static String line(RtnlEvent e, IntFunction<String> names) {
    IfAddress a;
    String how;
    if (e instanceof RtnlEvent.AddressAdded add) {
      a = add.address();
      how = "added to";
    } else if (e instanceof RtnlEvent.AddressRemoved rm) {
      a = rm.address();
      how = "removed from";
    } else {
      return null;
    }
    return "Netlink reflector reports IP "
        + AddressText.ntop(a.address())
        + " "
        + how
        + " "
        + names.apply(a.index());
  }

  /** The interface's name, or "if#N" for one that is gone already. */
  private static String interfaceName(int index) {
    try {
      java.net.NetworkInterface n = java.net.NetworkInterface.getByIndex(index);
      return n != null ? n.getName() : "if#" + index;
    } catch (java.net.SocketException ex) {
      return "if#" + index;
    }
  }

  @Override
  public void close() {
    watch.close();
  }
}
