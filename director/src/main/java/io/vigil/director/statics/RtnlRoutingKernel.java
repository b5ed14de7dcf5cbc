package io.vigil.director.statics;

import io.vigil.netlink.rtnl.Route;
import io.vigil.netlink.rtnl.RtnlClient;
import io.vigil.netlink.rtnl.Rule;
import java.util.List;

/** {@link RoutingKernel} over rtnetlink. */
public final class RtnlRoutingKernel implements RoutingKernel {
  private final RtnlClient rtnl;

  public RtnlRoutingKernel(RtnlClient rtnl) {
    this.rtnl = rtnl;
  }

  @Override
  public int indexOf(String dev) {
    return rtnl.indexOf(dev);
  }

  @Override
  public long vrfTable(String dev) {
    io.vigil.netlink.rtnl.Link l = rtnl.link(dev);
    if (!"vrf".equals(l.kind())) {
      throw new IllegalArgumentException("route specified VRF " + dev + " is not a VRF");
    }
    return l.vrfTable();
  }

  @Override
  public void addRoute(Route r, int modeFlags) {
    rtnl.addRoute(r, modeFlags);
  }

  @Override
  public void deleteRoute(Route r) {
    rtnl.deleteRoute(r);
  }

  @Override
  public List<Route> routes() {
    return rtnl.routes();
  }

  @Override
  public void addRule(Rule r) {
    rtnl.addRule(r);
  }

  @Override
  public void deleteRule(Rule r) {
    rtnl.deleteRule(r);
  }

  @Override
  public List<Rule> rules() {
    return rtnl.rules();
  }

  @Override
  public void close() {
    rtnl.close();
  }
}
