package io.vigil.director.statics;

import io.vigil.config.model.StaticAddress;
import io.vigil.netlink.rtnl.IfAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code static_ipaddress} in {@code vigil run}: added at start when missing, brought in step on
 * reload (new ones added, dropped ones deleted), put back when deleted behind our back (unless
 * {@code no_track}, as keepalived 2.2.7 restores them: {@link #removed}, fed by the daemon's
 * address events), left in place at stop. An address that cannot be added (its interface is gone,
 * the kernel refuses it) is logged with its line; the rest go on.
 */
public final class StaticAddresses implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StaticAddresses.class);

  private final Supplier<AddressKernel> kernels;
  private AddressKernel kernel;
  private List<StaticAddress> applied = List.of();

  public StaticAddresses(Supplier<AddressKernel> kernels) {
    this.kernels = kernels;
  }

  /**
   * Brings the kernel to {@code wanted}; returns the number of requests the kernel refused (each
   * logged).
   */
  public synchronized int apply(List<StaticAddress> wanted) {
    if (wanted.isEmpty() && applied.isEmpty()) {
      return 0;
    }
    if (kernel == null) {
      kernel = kernels.get();
    }
    int failed = 0;
    Map<StaticAddress, Integer> want = new LinkedHashMap<>();
    for (StaticAddress s : wanted) {
      try {
        want.put(s, kernel.indexOf(s.dev()));
      } catch (RuntimeException e) {
        log.error("{}: static_ipaddress {} not added: {}", s.origin(), s.prefix(), e.getMessage());
        failed++;
      }
    }
    Map<StaticAddress, Integer> dropped = new LinkedHashMap<>();
    for (StaticAddress s : applied) {
      if (!wanted.contains(s)) {
        try {
          dropped.put(s, kernel.indexOf(s.dev()));
        } catch (RuntimeException e) {
          // its interface is gone, and the address with it
        }
      }
    }
    for (StaticAddressPlan.Op op : StaticAddressPlan.plan(want, dropped, kernel.addresses())) {
      StaticAddress s = op.source();
      boolean add = op instanceof StaticAddressPlan.Op.Add;
      try {
        if (add) {
          kernel.add(op.address());
        } else {
          kernel.delete(op.address());
        }
        log.info(
            "static_ipaddress {} {} dev {} ({})",
            add ? "added" : "deleted",
            s.prefix(),
            s.dev(),
            s.origin());
      } catch (RuntimeException e) {
        log.error(
            "{}: static_ipaddress {} not {}: {}",
            s.origin(),
            s.prefix(),
            add ? "added" : "deleted",
            e.getMessage());
        failed++;
      }
    }
    applied = List.copyOf(wanted);
    return failed;
  }

  /**
   * An address was deleted (a kernel event): one of ours, not {@code no_track}, is added again.
   * Returns whether it was ours to put back.
   */
  public synchronized boolean removed(IfAddress gone) {
    if (kernel == null) {
      return false;
    }
    for (StaticAddress s : applied) {
      if (s.noTrack()
          || !s.prefix().address().equals(gone.address())
          || s.prefix().prefixLength() != gone.prefixLength()) {
        continue; // every address deleted on the host comes here: no kernel request for those
      }
      IfAddress a;
      try {
        a = StaticAddressPlan.toKernel(s, kernel.indexOf(s.dev()));
      } catch (RuntimeException e) {
        continue; // its interface is gone, and the address with it
      }
      if (StaticAddressPlan.sameKey(a, gone)) {
        put(s, a);
        return true;
      }
    }
    return false;
  }

  /**
   * After lost events: each of ours, not {@code no_track}, that the kernel does not have is added
   * again. Returns how many were.
   */
  public synchronized int repair() {
    if (kernel == null) {
      return 0;
    }
    List<IfAddress> current = kernel.addresses();
    int n = 0;
    for (StaticAddress s : applied) {
      if (s.noTrack()) {
        continue;
      }
      try {
        IfAddress a = StaticAddressPlan.toKernel(s, kernel.indexOf(s.dev()));
        if (current.stream().noneMatch(c -> StaticAddressPlan.sameKey(c, a)) && put(s, a)) {
          n++;
        }
      } catch (RuntimeException e) {
        // its interface is gone
      }
    }
    return n;
  }

  /**
   * A link was made or changed (a kernel event): when it is the interface of one of ours, not
   * {@code no_track}, a {@link #repair} adds again each of ours that the kernel lacks, as
   * keepalived 2.2.7 puts a static address back on an interface deleted and made again. Returns how
   * many.
   */
  public synchronized int linkChanged(String name) {
    if (kernel == null || applied.stream().noneMatch(s -> !s.noTrack() && s.dev().equals(name))) {
      return 0; // every link change on the host comes here: no kernel request for those
    }
    return repair();
  }

  /** Whether any of the addresses applied now is to be put back when deleted. */
  public synchronized boolean tracking() {
    return applied.stream().anyMatch(s -> !s.noTrack());
  }

  private boolean put(StaticAddress s, IfAddress a) {
    try {
      kernel.add(a);
      log.warn(
          "static_ipaddress {} dev {} was deleted behind our back: added again ({})",
          s.prefix(),
          s.dev(),
          s.origin());
      return true;
    } catch (RuntimeException e) {
      log.error(
          "{}: static_ipaddress {} deleted behind our back, not added again: {}",
          s.origin(),
          s.prefix(),
          e.getMessage());
      return false;
    }
  }

  /** Closes the kernel connection; the addresses stay. */
  @Override
  public synchronized void close() {
    if (kernel != null) {
      kernel.close();
      kernel = null;
    }
  }
}
