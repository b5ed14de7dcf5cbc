package io.vigil.vrrp.fsm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An instance's effective priority and fault status from its {@link Tracker}s (keepalived's rules,
 * see {@link Tracker}). The owner (255) keeps 255 whatever the weights; anyone else is clamped to
 * 1..254.
 */
final class TrackedPriority {
  private final int basePriority;
  private final List<Tracker> trackers;
  private final Map<String, Integer> index = new HashMap<>();
  private final boolean[] up;
  private final long[] value;

  TrackedPriority(int basePriority, List<Tracker> trackers) {
    this.basePriority = basePriority;
    this.trackers = trackers;
    this.up = new boolean[trackers.size()];
    this.value = new long[trackers.size()];
    for (int i = 0; i < trackers.size(); i++) {
      Tracker t = trackers.get(i);
      if (index.put(t.name(), i) != null) {
        throw new IllegalArgumentException("tracker " + t.name() + " listed twice");
      }
      up[i] = t.initiallyUp();
      value[i] = 0;
    }
  }

  /** Records a status; false when the tracker is unknown. */
  boolean setUp(String name, boolean isUp) {
    Integer i = index.get(name);
    if (i == null) {
      return false;
    }
    up[i] = isUp;
    return true;
  }

  /** Records a file value; false when the tracker is unknown. */
  boolean setValue(String name, long v) {
    Integer i = index.get(name);
    if (i == null) {
      return false;
    }
    value[i] = v;
    return true;
  }

  boolean fault() {
    for (int i = 0; i < trackers.size(); i++) {
      Tracker t = trackers.get(i);
      if (t.kind() == Tracker.Kind.FILE) {
        long v = fileValue(i, t);
        if ((t.weight() == 0 && v != 0) || v * t.weight() <= -254) {
          return true;
        }
      } else if (t.weight() == 0 && up[i] == t.reverse()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The file's number, negated when reversed, bounded so the product with a weight cannot overflow.
   */
  private long fileValue(int i, Tracker t) {
    long v = Math.max(-1_000_000L, Math.min(1_000_000L, value[i]));
    return t.reverse() ? -v : v;
  }

  int effectivePriority() {
    if (basePriority == InstanceConfig.PRIORITY_OWNER) {
      return basePriority;
    }
    long p = basePriority;
    for (int i = 0; i < trackers.size(); i++) {
      Tracker t = trackers.get(i);
      if (t.kind() == Tracker.Kind.FILE) {
        long v = fileValue(i, t);
        p += Math.max(-1000, Math.min(1000, v * t.weight()));
      } else if ((t.weight() > 0 && up[i]) || (t.weight() < 0 && !up[i])) {
        p += t.reverse() ? -t.weight() : t.weight();
      }
    }
    return (int) Math.max(1, Math.min(254, p));
  }
}
