package io.vigil.director.lvs;

import io.vigil.config.model.LvsTimeouts;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.Timeouts;
import java.util.Optional;

/**
 * {@code lvs_timeouts}: the kernel's IPVS connection timeouts (tcp, tcpfin, udp), set at start and
 * on every reload that changes them, as keepalived's checker process sets them. A timeout the
 * configuration leaves out, or no longer writes, is the one the kernel had before Vigil first set
 * any. Vigil leaves them as they are at stop (so does keepalived).
 */
public final class IpvsTimeouts {
  /** What it needs of the kernel: {@code ipvsadm -L --timeout} and {@code ipvsadm --set}. */
  public interface Kernel {
    Timeouts get();

    void set(Timeouts t);
  }

  /** The kernel through a netlink socket opened for each call (they are rare). */
  public static final Kernel NETLINK =
      new Kernel() {
        @Override
        public Timeouts get() {
          try (IpvsClient c = IpvsClient.open()) {
            return c.timeouts();
          }
        }

        @Override
        public void set(Timeouts t) {
          try (IpvsClient c = IpvsClient.open()) {
            c.setTimeouts(t);
          }
        }
      };

  private final Kernel kernel;
  private Timeouts before; // the kernel's before Vigil set any
  private Timeouts applied; // what Vigil set last

  public IpvsTimeouts(Kernel kernel) {
    this.kernel = kernel;
  }

  /**
   * Sets what {@code configured} asks for, if that is not what Vigil set last; returns what it set,
   * empty when nothing needed setting (no lvs_timeouts yet, or the same ones).
   */
  public Optional<Timeouts> apply(Optional<LvsTimeouts> configured) {
    if (configured.isEmpty() && applied == null) {
      return Optional.empty();
    }
    if (before == null) {
      before = kernel.get();
    }
    LvsTimeouts c = configured.orElse(new LvsTimeouts(0, 0, 0));
    Timeouts want =
        new Timeouts(
            c.tcpS() != 0 ? c.tcpS() : before.tcpS(),
            c.tcpFinS() != 0 ? c.tcpFinS() : before.tcpFinS(),
            c.udpS() != 0 ? c.udpS() : before.udpS());
    if (want.equals(applied) || (applied == null && want.equals(before))) {
      applied = want;
      return Optional.empty();
    }
    kernel.set(want);
    applied = want;
    return Optional.of(want);
  }

  /** The kernel's timeouts before Vigil set any (null until the first lvs_timeouts). */
  public Timeouts before() {
    return before;
  }
}
