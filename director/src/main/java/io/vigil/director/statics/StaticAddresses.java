package io.vigil.director.statics;

import io.vigil.config.model.StaticAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code static_ipaddress} in {@code vigil run}: added at start when missing, brought in step on
 * reload (new ones added, dropped ones deleted), left in place at stop. An address that cannot be
 * added (its interface is gone, the kernel refuses it) is logged with its line; the rest go on.
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

  /** Closes the kernel connection; the addresses stay. */
  @Override
  public synchronized void close() {
    if (kernel != null) {
      kernel.close();
      kernel = null;
    }
  }
}
