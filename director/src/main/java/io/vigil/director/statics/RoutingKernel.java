package io.vigil.director.statics;

import io.vigil.netlink.rtnl.Route;
import io.vigil.netlink.rtnl.Rule;
import java.util.List;

/**
 * What static routes and rules need of the kernel. The real one is {@link RtnlRoutingKernel}; tests
 * use an in-memory twin. Refusals are {@link io.vigil.netlink.NetlinkException}s carrying the
 * kernel's errno.
 */
public interface RoutingKernel extends AutoCloseable {
  /** The interface's index; an error when there is no such interface. */
  int indexOf(String dev);

  /** The routing table of the VRF device {@code dev}; an error when it is none or not a VRF. */
  long vrfTable(String dev);

  /**
   * Adds a route with NLM_F_CREATE and {@code modeFlags} (0: prepend, NLM_F_EXCL, NLM_F_APPEND or
   * NLM_F_REPLACE); EEXIST when an identical route is there.
   */
  void addRoute(Route r, int modeFlags);

  /** Deletes a route; ESRCH when there is none. */
  void deleteRoute(Route r);

  /** Every IPv4 and IPv6 route of every table. */
  List<Route> routes();

  /** Adds a rule; EEXIST when the same rule is there. */
  void addRule(Rule r);

  /** Deletes a rule; ENOENT when there is none. */
  void deleteRule(Rule r);

  /** Every IPv4 and IPv6 rule. */
  List<Rule> rules();

  @Override
  void close();
}
