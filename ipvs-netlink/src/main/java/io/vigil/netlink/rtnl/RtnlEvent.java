package io.vigil.netlink.rtnl;

import java.util.List;

/** A change the kernel announced on the link and address groups (and the route and rule ones). */
public sealed interface RtnlEvent {
  /** A link appeared or changed (state, flags, name, MAC...): its state now. */
  record LinkChanged(Link link) implements RtnlEvent {}

  /** A link went away. */
  record LinkRemoved(Link link) implements RtnlEvent {}

  /** An address was added (or changed: the kernel sends RTM_NEWADDR for both). */
  record AddressAdded(IfAddress address) implements RtnlEvent {}

  /** An address was deleted, by us or behind our back. */
  record AddressRemoved(IfAddress address) implements RtnlEvent {}

  /** A route was deleted, by us or behind our back ({@link RtnlEvents#ROUTE_GROUPS}). */
  record RouteRemoved(Route route) implements RtnlEvent {}

  /** A rule was deleted, by us or behind our back ({@link RtnlEvents#ROUTE_GROUPS}). */
  record RuleRemoved(Rule rule) implements RtnlEvent {}

  /**
   * The kernel dropped events (ENOBUFS: our socket's buffer overflowed), so the whole state was
   * dumped again: every link and address as they are now. Replace what you knew with this.
   */
  record Resynchronised(List<Link> links, List<IfAddress> addresses) implements RtnlEvent {}
}
