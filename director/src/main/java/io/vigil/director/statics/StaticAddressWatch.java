package io.vigil.director.statics;

import io.vigil.netlink.rtnl.RtnlEvent;
import io.vigil.netlink.rtnl.RtnlEvents;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the kernel's address events for {@link StaticAddresses}: a deleted address is handed to
 * {@link StaticAddresses#removed}, and after lost events (the socket overran) {@link
 * StaticAddresses#repair} looks for every missing one. One daemon thread, started while static
 * addresses are configured.
 */
public final class StaticAddressWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StaticAddressWatch.class);
  private static final long POLL_MS = 500;

  private final RtnlEvents events;
  private final StaticAddresses statics;
  private final Thread thread;
  private volatile boolean closing;

  private StaticAddressWatch(RtnlEvents events, StaticAddresses statics) {
    this.events = events;
    this.statics = statics;
    this.thread = new Thread(this::watch, "static-addresses");
    thread.setDaemon(true);
  }

  /** Subscribes to the kernel's address events and starts following them. */
  public static StaticAddressWatch start(StaticAddresses statics) {
    StaticAddressWatch w = new StaticAddressWatch(RtnlEvents.open(), statics);
    w.thread.start();
    return w;
  }

  private void watch() {
    while (!closing) {
      List<RtnlEvent> batch;
      try {
        batch = events.poll(POLL_MS);
      } catch (RuntimeException e) {
        if (!closing) {
          log.warn("static addresses: rtnetlink events: {}", e.getMessage());
        }
        continue;
      }
      for (RtnlEvent e : batch) {
        if (e instanceof RtnlEvent.AddressRemoved a) {
          statics.removed(a.address());
        } else if (e instanceof RtnlEvent.Resynchronised) {
          statics.repair();
        }
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      thread.join(2 * POLL_MS + 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.close();
  }
}
