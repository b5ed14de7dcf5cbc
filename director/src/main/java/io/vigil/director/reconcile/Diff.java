package io.vigil.director.reconcile;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The difference between two keyed collections, by identity: what to add, what to remove, what
 * changed (same key, different value) and what stays. Both reloads (old config vs new) and the
 * reconciler (desired table vs kernel) are built on it, so "unchanged" means the same thing in both
 * places.
 *
 * @param <K> the identity
 * @param <V> the value compared with {@link Objects#equals}
 */
public record Diff<K, V>(
    Map<K, V> added, Map<K, V> removed, Map<K, Change<V>> changed, Map<K, V> unchanged) {

  /** An old and a new value under one key. */
  public record Change<V>(V before, V after) {}

  /**
   * Compares {@code before} with {@code after}; results keep {@code after}'s order, then before's.
   */
  public static <K, V> Diff<K, V> of(Map<K, V> before, Map<K, V> after) {
    Map<K, V> added = new LinkedHashMap<>();
    Map<K, V> removed = new LinkedHashMap<>();
    Map<K, Change<V>> changed = new LinkedHashMap<>();
    Map<K, V> unchanged = new LinkedHashMap<>();
    for (Map.Entry<K, V> e : after.entrySet()) {
      V old = before.get(e.getKey());
      if (old == null && !before.containsKey(e.getKey())) {
        added.put(e.getKey(), e.getValue());
      } else {
        if (Objects.equals(old, e.getValue())) {
          unchanged.put(e.getKey(), e.getValue());
        } else {
          changed.put(e.getKey(), new Change<>(old, e.getValue()));
        }
      }
    }
    for (Map.Entry<K, V> e : before.entrySet()) {
      if (!after.containsKey(e.getKey())) {
        removed.put(e.getKey(), e.getValue());
      }
    }
    // read-only views, not copies: a copy would lose the order, and the drift repair diffs every
    // destination every few seconds
    return new Diff<>(
        Collections.unmodifiableMap(added),
        Collections.unmodifiableMap(removed),
        Collections.unmodifiableMap(changed),
        Collections.unmodifiableMap(unchanged));
  }

  /** True when nothing was added, removed or changed. */
  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
  }

  /** The keys that differ, for log lines. */
  public List<K> differingKeys() {
    List<K> out = new ArrayList<>(added.keySet());
    out.addAll(removed.keySet());
    out.addAll(changed.keySet());
    return out;
  }
}
