package io.vigil.director.vrrp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code interface_up_down_delays}: the link state the VRRP instances are told, per interface, with
 * a change held back for the interface's delay and dropped if the link changes back meanwhile, as
 * keepalived 2.2.7 debounces it (keepalived_netlink.c, update_interface_flags): a change is delayed
 * only once the interface has been seen up, and only when it has a delay for that direction. Pure:
 * link reports and a clock in, what to tell out; the caller's thread asks {@link #due} at {@link
 * #nextDueNs}.
 */
final class LinkDebounce {
  /** What to do with a link report. */
  enum Outcome {
    /** Tell the instances now. */
    TELL,
    /** Held back until {@link #nextDueNs}; told then unless the link changes back first. */
    HELD,
    /** Nothing to tell: no change, or a held change the link took back (then it is dropped). */
    NOTHING
  }

  /** A held change now due: tell the instances that {@code ifname} is {@code up}. */
  record Change(String ifname, boolean up) {}

  private static final class Link {
    Boolean told; // what the instances were told; null before anything
    boolean seenUp;
    Boolean held; // the change held back, or null
    long dueNs;
  }

  private final Map<String, Link> links = new HashMap<>();
  private Map<String, long[]> delaysNs = Map.of(); // {down, up}

  /** The delays from now on, per interface: {down, up} in nanoseconds. */
  synchronized void delays(Map<String, long[]> delaysNs) {
    this.delaysNs = Map.copyOf(delaysNs);
  }

  /** The delays of {@code ifname} now ({down, up} ns), or null. */
  synchronized long[] delaysOf(String ifname) {
    long[] d = delaysNs.get(ifname);
    return d == null ? null : d.clone();
  }

  /**
   * The state read from the kernel when an instance starts tracking {@code ifname}: what the
   * instances are told from then on, unless a change is held back already.
   */
  synchronized void known(String ifname, boolean up) {
    Link l = link(ifname);
    if (l.held == null) {
      l.told = up;
    }
    l.seenUp |= up;
  }

  /** A link event saying {@code ifname} is {@code up} (or not), at {@code nowNs}. */
  synchronized Outcome changed(String ifname, boolean up, long nowNs) {
    Link l = link(ifname);
    if (l.held != null) {
      if (l.held == up) {
        return Outcome.NOTHING; // still on its way
      }
      l.held = null; // changed back in time: the instances never see it
      return l.told != null && l.told == up ? Outcome.NOTHING : tell(l, up);
    }
    if (l.told != null && l.told == up) {
      return Outcome.NOTHING;
    }
    long[] d = delaysNs.get(ifname);
    long delay = d == null ? 0 : up ? d[1] : d[0];
    if (l.told != null && l.seenUp && delay > 0) {
      l.held = up;
      l.dueNs = nowNs + delay;
      return Outcome.HELD;
    }
    return tell(l, up);
  }

  /** {@code ifname} is gone: the instances are told at once, whatever was held. */
  synchronized void removed(String ifname) {
    Link l = link(ifname);
    l.held = null;
    l.told = false;
  }

  /**
   * {@code ifname}'s record, made on first use. Not {@code computeIfAbsent} with a lambda: its call
   * site would be linked (a class spun) at a link's first change, on the way to the instances'
   * FAULT.
   */
  private Link link(String ifname) {
    Link l = links.get(ifname);
    if (l == null) {
      l = new Link();
      links.put(ifname, l);
    }
    return l;
  }

  /** Whether a change of {@code ifname} is held back now. */
  synchronized boolean holding(String ifname) {
    Link l = links.get(ifname);
    return l != null && l.held != null;
  }

  /** When the first held change is due, or {@link Long#MAX_VALUE} when none is held. */
  synchronized long nextDueNs() {
    long next = Long.MAX_VALUE;
    for (Link l : links.values()) {
      if (l.held != null && l.dueNs - next < 0) {
        next = l.dueNs;
      }
    }
    return next;
  }

  /** The held changes due at {@code nowNs}, now told. */
  synchronized List<Change> due(long nowNs) {
    List<Change> out = new ArrayList<>();
    for (Map.Entry<String, Link> e : links.entrySet()) {
      Link l = e.getValue();
      if (l.held != null && nowNs - l.dueNs >= 0) {
        boolean up = l.held;
        l.held = null;
        tell(l, up);
        out.add(new Change(e.getKey(), up));
      }
    }
    return out;
  }

  private static Outcome tell(Link l, boolean up) {
    l.told = up;
    l.seenUp |= up;
    return Outcome.TELL;
  }
}
