package io.vigil.vrrp.wire;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A counter per {@link DropReason}: incremented by the receiving thread, read by anyone (metrics,
 * status, a periodic rate-limited log line). No allocation on increment.
 */
public final class DropCounters {
  private static final DropReason[] REASONS = DropReason.values();
  private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);
  private volatile UnknownVrids unknownVrids;

  /**
   * Hears of each advert dropped for a VRID this receiver does not serve (keepalived's {@code
   * log_unknown_vrids}), on the receiving thread.
   */
  @FunctionalInterface
  public interface UnknownVrids {
    void received(int vrid, InetAddress source);
  }

  public void increment(DropReason reason) {
    counts.getAndIncrement(reason.ordinal());
  }

  /** Counts a {@link DropReason#VRID} drop and tells the listener, if there is one. */
  public void unknownVrid(int vrid, InetAddress source) {
    increment(DropReason.VRID);
    UnknownVrids l = unknownVrids;
    if (l != null) {
      l.received(vrid, source);
    }
  }

  /** Who hears of the {@link DropReason#VRID} drops from now on (null: nobody). */
  public void listen(UnknownVrids listener) {
    this.unknownVrids = listener;
  }

  public long count(DropReason reason) {
    return counts.get(reason.ordinal());
  }

  public long total() {
    long total = 0;
    for (int i = 0; i < REASONS.length; i++) {
      total += counts.get(i);
    }
    return total;
  }

  /** Every reason with its count, zeros included, in declaration order. */
  public Map<DropReason, Long> snapshot() {
    Map<DropReason, Long> map = new EnumMap<>(DropReason.class);
    for (DropReason r : REASONS) {
      map.put(r, counts.get(r.ordinal()));
    }
    return map;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("DropCounters[");
    snapshot()
        .forEach(
            (r, n) -> {
              if (n != 0) {
                sb.append(' ').append(r.metricLabel()).append('=').append(n);
              }
            });
    return sb.append(" ]").toString();
  }
}
