package io.vigil.director.lvs;

import io.vigil.netlink.rtnl.IfAddress;
import io.vigil.netlink.rtnl.RtnlEvent;
import io.vigil.netlink.rtnl.RtnlEvents;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AddressWatch} over rtnetlink: its own subscription to the address groups (as keepalived's
 * checker process has its own netlink reflector, apart from the VRRP process's), the list dumped
 * once subscribed, and one daemon thread ({@code vigil-lvs-rtnl} for ha_suspend) that delivers the
 * events.
 */
public final class RtnlAddressWatch implements AddressWatch {
  private static final Logger log = LoggerFactory.getLogger(RtnlAddressWatch.class);

  /** How long a wait for events lasts at most: {@link #close} wakes it up, so only a safety net. */
  private static final long WAIT_MS = 60_000;

  private static final long JOIN_MS = 2_000;

  private final RtnlEvents events;
  private final String threadName;
  private volatile boolean closing;
  private Thread thread;

  private RtnlAddressWatch(RtnlEvents events, String threadName) {
    this.events = events;
    this.threadName = threadName;
  }

  /** Sizes the event socket's receive buffer; returns the size the kernel gave. */
  public int receiveBuffer(int bytes, boolean force) {
    return events.receiveBuffer(bytes, force);
  }

  /** A watch of this process's network namespace, for ha_suspend. */
  public static RtnlAddressWatch open() {
    return open("vigil-lvs-rtnl");
  }

  /** A watch of this process's network namespace whose thread has this name. */
  public static RtnlAddressWatch open(String threadName) {
    return new RtnlAddressWatch(RtnlEvents.open(), threadName);
  }

  /**
   * From now on, route and rule deletions too ({@link RtnlEvent.RouteRemoved}, {@link
   * RtnlEvent.RuleRemoved}): for static routes and rules with a {@code track_group}. From any
   * thread.
   */
  public void joinRouteGroups() {
    events.joinRouteGroups();
  }

  @Override
  public synchronized List<IfAddress> start(Consumer<RtnlEvent> sink) {
    if (thread != null) {
      throw new IllegalStateException("already started");
    }
    List<IfAddress> now = events.resynchronise().addresses(); // after joining: nothing missed
    thread =
        new Thread(
            () -> {
              while (!closing) {
                List<RtnlEvent> batch = events.pollOrRest(WAIT_MS, this::failed);
                for (RtnlEvent e : batch) {
                  if (closing) {
                    break;
                  }
                  if (!(e instanceof RtnlEvent.LinkRemoved)) {
                    try {
                      sink.accept(e);
                    } catch (RuntimeException ex) {
                      log.warn("{}: address event {} not applied", threadName, e, ex);
                    }
                  }
                }
              }
            },
            threadName);
    thread.setDaemon(true);
    thread.start();
    return now;
  }

  private void failed(RuntimeException e) {
    if (!closing) {
      log.warn("rtnetlink address events: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    closing = true;
    events.wakeUp();
    Thread t;
    synchronized (this) {
      t = thread;
    }
    if (t != null) {
      try {
        t.join(JOIN_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    events.close();
  }
}
