package io.vigil.director.reconcile;

import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import java.util.List;

/**
 * What the reconciler needs of the kernel's IPVS table: a dump and a batch of operations. The real
 * one is {@link NetlinkIpvsKernel}; tests use an in-memory twin with the kernel's error semantics.
 */
public interface IpvsKernel {
  /** The whole table as the kernel has it now. */
  IpvsTable dump();

  /**
   * Applies the operations in order, batched; returns, in the same order, null for each the kernel
   * accepted and the error for each it refused. A refusal does not stop the ones after it.
   */
  List<RuntimeException> apply(
      List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> ops);

  /**
   * Builds what {@link #apply} would send for {@code ops} and sends nothing: the start's rehearsal
   * of a verdict's pass, so that the first real write finds its encoding's code loaded and linked.
   * Nothing to do for a kernel without an encoding (a twin).
   */
  default void rehearse(
      List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> ops) {}

  /** Write requests sent to the kernel so far (a no-op reconcile must not add to it). */
  long writesSent();
}
