package io.vigil.vrrp.fsm;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An instance's effective priority and fault status from its {@link Tracker}s (keepalived's rules,
 * see {@link Tracker}). The owner (255) keeps 255 whatever the weights; anyone else is clamped to
 * 1..254. A weighted file at FAULT (-254) counts 0, and the move into that FAULT leaves the
 * effective priority as it was until the next change recomputes it: keepalived's {@code
 * process_update_vrrp_track_file_status} takes the file's share out of the total without calling
 * {@code vrrp_set_effective_priority}, so its FAULT line carries the priority the instance had.
 */
final class TrackedPriority {
  private final int basePriority;
  private final List<Tracker> trackers;
  private final Map<String, Integer> index = new HashMap<>();
  private final boolean[] up;
  private final long[] value;
  private int effective;

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
    effective = compute();
  }

  /**
   * The same trackers' statuses under a new configuration (a reload): a tracker with the same name
   * keeps what was reported for it (link state, script result, file value), whatever its new
   * weight; a new one starts from its configured start; a removed one is forgotten.
   */
  TrackedPriority reconfigured(int newBasePriority, List<Tracker> newTrackers) {
    TrackedPriority next = new TrackedPriority(newBasePriority, newTrackers);
    for (int i = 0; i < newTrackers.size(); i++) {
      Integer old = index.get(newTrackers.get(i).name());
      if (old != null) {
        next.up[i] = up[old];
        next.value[i] = value[old];
      }
    }
    next.effective = next.compute();
    return next;
  }

  /** Records a status; false when the tracker is unknown. */
  boolean setUp(String name, boolean isUp) {
    Integer i = index.get(name);
    if (i == null) {
      return false;
    }
    up[i] = isUp;
    effective = compute();
    return true;
  }

  /** Records a file value; false when the tracker is unknown. */
  boolean setValue(String name, long v) {
    Integer i = index.get(name);
    if (i == null) {
      return false;
    }
    Tracker t = trackers.get(i);
    boolean wasAtFault = t.weight() != 0 && fileAdjustment(i, t) == -254;
    value[i] = Math.max(Integer.MIN_VALUE, Math.min(1L + Integer.MAX_VALUE, v)); // keepalived's
    boolean atFault = t.weight() != 0 && fileAdjustment(i, t) == -254;
    if (!atFault || wasAtFault) {
      effective = compute();
    }
    return true;
  }

  /** How many weighted files are at FAULT (-254): a change in it is a move into or out of FAULT. */
  int weightedFilesAtFault() {
    int n = 0;
    for (int i = 0; i < trackers.size(); i++) {
      Tracker t = trackers.get(i);
      if (t.kind() == Tracker.Kind.FILE && t.weight() != 0 && fileAdjustment(i, t) == -254) {
        n++;
      }
    }
    return n;
  }

  boolean fault() {
    for (int i = 0; i < trackers.size(); i++) {
      Tracker t = trackers.get(i);
      if (t.kind() == Tracker.Kind.FILE) {
        if (t.weight() == 0 ? (value[i] != 0) != t.reverse() : fileAdjustment(i, t) == -254) {
          return true;
        }
      } else if (t.weight() == 0 && up[i] == t.reverse()) {
        return true;
      }
    }
    return false;
  }

  /**
   * keepalived's {@code value × weight × (reverse ? -1 : 1)}, bounded to -254..253 (-254 is FAULT).
   */
  private long fileAdjustment(int i, Tracker t) {
    long v = value[i] * t.weight() * (t.reverse() ? -1L : 1L);
    return Math.max(-254, Math.min(253, v));
  }

  int effectivePriority() {
    return effective;
  }

  private int compute() {
    if (basePriority == InstanceConfig.PRIORITY_OWNER) {
      return basePriority;
    }
    long p = basePriority;
    for (int i = 0; i < trackers.size(); i++) {
      Tracker t = trackers.get(i);
      if (t.kind() == Tracker.Kind.FILE) {
        long adjustment = t.weight() == 0 ? 0 : fileAdjustment(i, t);
        if (adjustment != -254) {
          p += adjustment;
        }
      } else if ((t.weight() > 0 && up[i]) || (t.weight() < 0 && !up[i])) {
        p += t.reverse() ? -t.weight() : t.weight();
      }
    }
    return (int) Math.max(1, Math.min(254, p));
  }
}
