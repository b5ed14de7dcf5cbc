package io.vigil.netlink.rtnl;

import io.vigil.kernel.netlink.NetlinkSocket;
import io.vigil.kernel.netlink.NetlinkTransport;
import io.vigil.netlink.NetlinkConnection;
import io.vigil.netlink.NetlinkConnection.Message;
import io.vigil.netlink.NetlinkConnection.Request;
import io.vigil.netlink.NetlinkException;
import java.util.ArrayList;
import java.util.List;

/**
 * rtnetlink requests: addresses (add, delete, dump), links (dump, one by name), routes and rules
 * (add, delete, dump of every table, IPv4 and IPv6). Errors are {@link NetlinkException}s naming
 * the operation, e.g. {@code EEXIST: add address 192.0.2.1/24 on ifindex 3: ...}.
 */
public final class RtnlClient implements AutoCloseable {
  public static final long DEFAULT_TIMEOUT_MS = 5_000;

  private final NetlinkConnection conn;

  public RtnlClient(NetlinkTransport transport, long timeoutMs) {
    this.conn = new NetlinkConnection(transport, timeoutMs);
  }

  /** Sizes the socket's receive buffer ({@link NetlinkTransport#receiveBuffer}). */
  public int receiveBuffer(int bytes, boolean force) {
    return conn.receiveBuffer(bytes, force);
  }

  /** A client on a new NETLINK_ROUTE socket of this process's network namespace. */
  public static RtnlClient open() {
    return new RtnlClient(NetlinkSocket.open(NetlinkSocket.NETLINK_ROUTE), DEFAULT_TIMEOUT_MS);
  }

  public NetlinkConnection connection() {
    return conn;
  }

  public Request addAddressRequest(IfAddress a) {
    return new Request(RtnlCodec.addAddress(a), "add address " + a);
  }

  public Request deleteAddressRequest(IfAddress a) {
    return new Request(RtnlCodec.deleteAddress(a), "delete address " + a);
  }

  /** Adds an address; EEXIST when the interface has it already. */
  public void addAddress(IfAddress a) {
    conn.execute(addAddressRequest(a));
  }

  /** Deletes an address; EADDRNOTAVAIL when the interface does not have it. */
  public void deleteAddress(IfAddress a) {
    conn.execute(deleteAddressRequest(a));
  }

  /** Sends many address requests batched; null per success, the error per failure, in order. */
  public List<RuntimeException> apply(List<Request> requests) {
    return conn.batch(requests);
  }

  /** Every IPv4 and IPv6 address of every interface. */
  public List<IfAddress> addresses() {
    List<IfAddress> out = new ArrayList<>();
    for (Message m : conn.dump(new Request(RtnlCodec.dumpAddresses(), "list addresses"))) {
      if (m.type() == Rtnl.RTM_NEWADDR) {
        IfAddress a = RtnlCodec.decodeAddress(m);
        if (a != null) {
          out.add(a);
        }
      }
    }
    return out;
  }

  /** The addresses of one interface. */
  public List<IfAddress> addresses(int index) {
    return addresses().stream().filter(a -> a.index() == index).toList();
  }

  /**
   * Adds a route with NLM_F_CREATE and {@code modeFlags} (see {@link RouteCodec#newRoute}); EEXIST
   * when an identical route is there (or, with NLM_F_EXCL, any route of its key).
   */
  public void addRoute(Route r, int modeFlags) {
    String verb = (modeFlags & io.vigil.netlink.NlMsg.F_REPLACE) != 0 ? "replace" : "add";
    conn.execute(new Request(RouteCodec.newRoute(r, modeFlags), verb + " route " + r));
  }

  /** Deletes a route; ESRCH when there is no such route. */
  public void deleteRoute(Route r) {
    conn.execute(new Request(RouteCodec.deleteRoute(r), "delete route " + r));
  }

  /** Every IPv4 and IPv6 route of every table. */
  public List<Route> routes() {
    List<Route> out = new ArrayList<>();
    for (int family : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
      for (Message m : conn.dump(new Request(RouteCodec.dumpRoutes(family), "list routes"))) {
        if (m.type() == Rtnl.RTM_NEWROUTE) {
          Route r = RouteCodec.decodeRoute(m);
          if (r != null) {
            out.add(r);
          }
        }
      }
    }
    return out;
  }

  /** Adds a rule; EEXIST when the same rule is there. */
  public void addRule(Rule r) {
    conn.execute(new Request(RouteCodec.newRule(r), "add rule " + r));
  }

  /** Deletes a rule; ENOENT when there is no such rule. */
  public void deleteRule(Rule r) {
    conn.execute(new Request(RouteCodec.deleteRule(r), "delete rule " + r));
  }

  /** Every IPv4 and IPv6 rule. */
  public List<Rule> rules() {
    List<Rule> out = new ArrayList<>();
    for (int family : new int[] {Rtnl.AF_INET, Rtnl.AF_INET6}) {
      for (Message m : conn.dump(new Request(RouteCodec.dumpRules(family), "list rules"))) {
        if (m.type() == Rtnl.RTM_NEWRULE) {
          Rule r = RouteCodec.decodeRule(m);
          if (r != null) {
            out.add(r);
          }
        }
      }
    }
    return out;
  }

  /** Every link. */
  public List<Link> links() {
    List<Link> out = new ArrayList<>();
    for (Message m : conn.dump(new Request(RtnlCodec.dumpLinks(), "list links"))) {
      if (m.type() == Rtnl.RTM_NEWLINK) {
        out.add(RtnlCodec.decodeLink(m));
      }
    }
    return out;
  }

  /** One link by name; a {@link NetlinkException} ENODEV when there is none. */
  public Link link(String name) {
    for (Message m : conn.query(new Request(RtnlCodec.getLink(name), "get link " + name))) {
      if (m.type() == Rtnl.RTM_NEWLINK) {
        return RtnlCodec.decodeLink(m);
      }
    }
    throw new NetlinkException(io.vigil.kernel.Errno.ENODEV, null, "get link " + name);
  }

  /** The interface index of {@code name}. */
  public int indexOf(String name) {
    return link(name).index();
  }

  /** Sets one IPv4 devconf value of a link ({@link RtnlCodec#setInetDevconf}). */
  public void setInetDevconf(int ifindex, int param, int value) {
    conn.execute(
        new Request(
            RtnlCodec.setInetDevconf(ifindex, param, value),
            "set IPv4 devconf " + param + " = " + value + " on ifindex " + ifindex));
  }

  /** Sets several IPv4 devconf values of a link in one message. */
  public void setInetDevconf(int ifindex, java.util.Map<Integer, Integer> values) {
    conn.execute(
        new Request(
            RtnlCodec.setInetDevconf(ifindex, values),
            "set IPv4 devconf " + values + " on ifindex " + ifindex));
  }

  /**
   * Creates a macvlan link in private mode ({@link RtnlCodec#newMacvlan}); EEXIST when the name is
   * taken.
   */
  public void addMacvlan(String name, int lowerIndex, byte[] mac) {
    conn.execute(
        new Request(
            RtnlCodec.newMacvlan(name, lowerIndex, mac),
            "add macvlan " + name + " on ifindex " + lowerIndex));
  }

  /**
   * Creates an ipvlan link in L2 mode, up ({@link RtnlCodec#newIpvlan}); EEXIST when the name is
   * taken, EOPNOTSUPP when the kernel has no ipvlan driver.
   */
  public void addIpvlan(String name, int lowerIndex, int flags) {
    conn.execute(
        new Request(
            RtnlCodec.newIpvlan(name, lowerIndex, flags),
            "add ipvlan " + name + " on ifindex " + lowerIndex));
  }

  /** Adds the address an IPv6 VMAC sends from ({@link RtnlCodec#addVmacAddress}). */
  public void addVmacAddress(int ifindex, java.net.Inet6Address address) {
    conn.execute(
        new Request(
            RtnlCodec.addVmacAddress(ifindex, address),
            "add address " + address.getHostAddress() + "/64 on ifindex " + ifindex));
  }

  /** Sets a link's IPv6 address generation mode. */
  public void setAddrGenMode(int ifindex, int mode) {
    conn.execute(
        new Request(
            RtnlCodec.setAddrGenMode(ifindex, mode),
            "set addrgenmode " + mode + " on ifindex " + ifindex));
  }

  /** Sets a link administratively up. */
  public void setLinkUp(int ifindex) {
    conn.execute(new Request(RtnlCodec.setLinkUp(ifindex), "set link up ifindex " + ifindex));
  }

  /** Deletes a link. */
  public void deleteLink(int ifindex) {
    conn.execute(new Request(RtnlCodec.deleteLink(ifindex), "delete link ifindex " + ifindex));
  }

  @Override
  public void close() {
    conn.close();
  }
}
