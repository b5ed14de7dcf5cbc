package io.vigil.netlink.rtnl;

import io.vigil.kernel.Errno;
import io.vigil.kernel.KernelException;
import io.vigil.kernel.netlink.NetlinkSocket;
import io.vigil.kernel.netlink.NetlinkTimeoutException;
import io.vigil.kernel.netlink.NetlinkTransport;
import io.vigil.netlink.NetlinkConnection;
import io.vigil.netlink.NetlinkConnection.Message;
import io.vigil.netlink.NetlinkDecodeException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A subscription to link and address events (RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR,
 * RTNLGRP_IPV6_IFADDR), delivered as typed {@link RtnlEvent}s. When the kernel drops events because
 * the socket's buffer overflowed (recv fails with ENOBUFS), the state is dumped again on a separate
 * request socket and delivered as one {@link RtnlEvent.Resynchronised}, so nothing is missed
 * silently. Malformed event messages are counted and skipped, never thrown. One owner thread.
 */
public final class RtnlEvents implements AutoCloseable {
  /** The groups joined. */
  public static final int[] GROUPS = {
    Rtnl.RTNLGRP_LINK, Rtnl.RTNLGRP_IPV4_IFADDR, Rtnl.RTNLGRP_IPV6_IFADDR
  };

  /**
   * The route and rule groups, joined on request ({@link #joinRouteGroups}): their deletions come
   * as {@link RtnlEvent.RouteRemoved} and {@link RtnlEvent.RuleRemoved}; additions are not
   * delivered. After an overrun, {@link RtnlEvent.Resynchronised} does not list routes and rules:
   * check yours.
   */
  public static final int[] ROUTE_GROUPS = {
    Rtnl.RTNLGRP_IPV4_ROUTE, Rtnl.RTNLGRP_IPV6_ROUTE, Rtnl.RTNLGRP_IPV4_RULE, Rtnl.RTNLGRP_IPV6_RULE
  };

  private final NetlinkTransport events;
  private final RtnlClient dumps;
  private long overruns;
  private long malformed;

  /**
   * How long a thread looping on {@link #pollOrRest} rests after a failure, so that a socket
   * failing at once cannot spin it.
   */
  public static final long REST_MS = 500;

  /** A {@link #pollOrRest} failed: the next starts from a dump. */
  private boolean resynchroniseFirst;

  /**
   * Events from {@code events} (already joined to the groups; its wake-up enabled here, for {@link
   * #wakeUp}); dumps through {@code dumps}.
   */
  public RtnlEvents(NetlinkTransport events, RtnlClient dumps) {
    events.enableWakeUp();
    this.events = events;
    this.dumps = dumps;
  }

  /** Sizes the event socket's receive buffer ({@link NetlinkTransport#receiveBuffer}). */
  public int receiveBuffer(int bytes, boolean force) {
    return events.receiveBuffer(bytes, force);
  }

  /** A subscription in this process's network namespace: two new NETLINK_ROUTE sockets. */
  public static RtnlEvents open() {
    return subscribe(NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE), RtnlClient.open());
  }

  /**
   * From now on, route and rule deletions too ({@link #ROUTE_GROUPS}); from any thread. Only for a
   * subscription on a socket ({@link #open}, {@link #subscribe}). Joined only by those who need
   * them: a host running a routing daemon sees many route changes.
   */
  public void joinRouteGroups() {
    if (!(events instanceof NetlinkSocket socket)) {
      throw new IllegalStateException("not a subscription on a netlink socket");
    }
    for (int g : ROUTE_GROUPS) {
      socket.joinGroup(g);
    }
  }

  /** Joins {@link #GROUPS} on {@code socket} and subscribes through it. */
  public static RtnlEvents subscribe(NetlinkSocket socket, RtnlClient dumps) {
    try {
      for (int g : GROUPS) {
        socket.joinGroup(g);
      }
      return new RtnlEvents(socket, dumps);
    } catch (RuntimeException e) {
      socket.close();
      dumps.close();
      throw e;
    }
  }

  /** Times the kernel dropped events and we resynchronised. */
  public long overruns() {
    return overruns;
  }

  /** Event messages that did not decode (skipped). */
  public long malformed() {
    return malformed;
  }

  /**
   * Waits at most {@code timeoutMs} for the next batch of events: empty when nothing happened in
   * time or when {@link #wakeUp woken up}, one {@link RtnlEvent.Resynchronised} after the kernel
   * dropped events.
   */
  public List<RtnlEvent> poll(long timeoutMs) {
    ByteBuffer d;
    try {
      d = events.receive(timeoutMs);
    } catch (NetlinkTimeoutException e) {
      return List.of();
    } catch (KernelException e) {
      if (e.errno() != Errno.ENOBUFS) {
        throw e;
      }
      overruns++;
      return List.of(resynchronise());
    }
    List<RtnlEvent> out = new ArrayList<>();
    List<Message> messages;
    try {
      messages = NetlinkConnection.split(d);
    } catch (NetlinkDecodeException e) {
      malformed++;
      return out;
    }
    for (Message m : messages) {
      try {
        RtnlEvent e = decode(m);
        if (e != null) {
          out.add(e);
        }
      } catch (NetlinkDecodeException e) {
        malformed++;
      }
    }
    return out;
  }

  /**
   * {@link #poll} for a thread that loops on it: a failure (of the socket, or of the dump after an
   * overrun) goes to {@code failed}, then the thread rests {@link #REST_MS} and gets no events, so
   * that a socket failing at once cannot spin it; the next call begins with a {@link
   * RtnlEvent.Resynchronised} (its dump's failure is one more), as nothing says what the failure
   * let pass.
   */
  public List<RtnlEvent> pollOrRest(
      long timeoutMs, java.util.function.Consumer<RuntimeException> failed) {
    return pollOrRest(timeoutMs, REST_MS, failed);
  }

  /** {@link #pollOrRest(long, java.util.function.Consumer)} resting {@code restMs}. */
  List<RtnlEvent> pollOrRest(
      long timeoutMs, long restMs, java.util.function.Consumer<RuntimeException> failed) {
    try {
      if (resynchroniseFirst) {
        List<RtnlEvent> again = List.of(resynchronise());
        resynchroniseFirst = false;
        return again;
      }
      return poll(timeoutMs);
    } catch (RuntimeException e) {
      resynchroniseFirst = true;
      failed.accept(e);
      try {
        Thread.sleep(restMs);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      return List.of();
    }
  }

  /**
   * Ends the wait of a {@link #poll} in progress, or of the next one, with no events; from any
   * thread (the owner's, stopping, waits for none).
   */
  public void wakeUp() {
    events.wakeUp();
  }

  /** The whole state, dumped now. */
  public RtnlEvent.Resynchronised resynchronise() {
    return new RtnlEvent.Resynchronised(dumps.links(), dumps.addresses());
  }

  static RtnlEvent decode(Message m) {
    return switch (m.type()) {
      case Rtnl.RTM_NEWLINK -> new RtnlEvent.LinkChanged(RtnlCodec.decodeLink(m));
      case Rtnl.RTM_DELLINK -> new RtnlEvent.LinkRemoved(RtnlCodec.decodeLink(m));
      case Rtnl.RTM_NEWADDR -> {
        IfAddress a = RtnlCodec.decodeAddress(m);
        yield a == null ? null : new RtnlEvent.AddressAdded(a);
      }
      case Rtnl.RTM_DELADDR -> {
        IfAddress a = RtnlCodec.decodeAddress(m);
        yield a == null ? null : new RtnlEvent.AddressRemoved(a);
      }
      case Rtnl.RTM_DELROUTE -> {
        Route r = RouteCodec.decodeRoute(m);
        yield r == null ? null : new RtnlEvent.RouteRemoved(r);
      }
      case Rtnl.RTM_DELRULE -> {
        Rule r = RouteCodec.decodeRule(m);
        yield r == null ? null : new RtnlEvent.RuleRemoved(r);
      }
      default -> null;
    };
  }

  @Override
  public void close() {
    events.close();
    dumps.close();
  }
}
