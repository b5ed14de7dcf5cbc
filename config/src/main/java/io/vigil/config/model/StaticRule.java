package io.vigil.config.model;

import io.vigil.config.Origin;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One line of {@code static_rules}, as keepalived 2.2.7's {@code alloc_rule} reads it. keepalived
 * invents a preference when none is written (and {@code keepalived -t} fails), so Vigil requires
 * one.
 *
 * @param ipv6 the rule's family (IPv4 unless an IPv6 prefix or {@code inet6} says otherwise)
 * @param from {@code from} (empty: any)
 * @param to {@code to} (empty: any)
 * @param not {@code not}: the selector is inverted
 * @param action what a match does
 * @param table the table of a {@link Action#TABLE} rule ({@code table} / {@code lookup})
 * @param gotoTarget the preference a {@link Action#GOTO} rule jumps to
 * @param priority {@code priority} / {@code preference} / {@code order}
 * @param tos {@code tos} / {@code dsfield}
 * @param fwmark {@code fwmark}; {@code fwmask} is the part after '/'
 * @param iif {@code iif} / {@code dev}
 * @param protocol rtnetlink's protocol number; 18 (keepalived) for a tracked rule
 * @param tracked false with {@code no_track}
 * @param sport {@code sport START-END}
 * @param dport {@code dport START-END}
 * @param ipProto {@code ipproto}: the IP protocol number
 * @param uidRange {@code uidrange START-END}
 * @param suppressPrefixLength {@code suppress_prefixlength} / {@code sup_pl}: a table rule's route
 *     of a prefix this long or shorter is not taken (the rule matches no more)
 * @param suppressIfgroup {@code suppress_ifgroup} / {@code sup_group}: likewise a route through a
 *     device of this group
 * @param l3mdev {@code l3mdev}: a {@link Action#TABLE} rule (table 0) looking up the table of the
 *     packet's VRF device
 * @param realms {@code realms [FROM/]TO} (IPv4 table rules): FROM in the high 16 bits, TO in the
 *     low ones, as FRA_FLOW carries them
 * @param tunnelId {@code tunnel-id}: the tunnel id of a packet's metadata, a u64 (0, as keepalived
 *     2.2.7 treats it, is none)
 * @param trackGroup {@code track_group} (static rules with an {@code iif} only): the group's VRRP
 *     instances are in FAULT while that interface is down or gone, and the rule is put back when
 *     deleted (keepalived 2.2.7)
 */
public record StaticRule(
    Origin origin,
    boolean ipv6,
    Optional<IpPrefix> from,
    Optional<IpPrefix> to,
    boolean not,
    Action action,
    long table,
    long gotoTarget,
    long priority,
    OptionalInt tos,
    OptionalLong fwmark,
    OptionalLong fwmask,
    Optional<String> iif,
    Optional<String> oif,
    OptionalInt protocol,
    boolean tracked,
    Optional<Range> sport,
    Optional<Range> dport,
    OptionalInt ipProto,
    Optional<Range> uidRange,
    OptionalInt suppressPrefixLength,
    OptionalLong suppressIfgroup,
    boolean l3mdev,
    OptionalLong realms,
    long tunnelId,
    Optional<String> trackGroup) {

  /** An inclusive range, written START-END. */
  /** The same rule without its {@code track_group}. */
  public StaticRule withoutTrackGroup() {
    return new StaticRule(
        origin,
        ipv6,
        from,
        to,
        not,
        action,
        table,
        gotoTarget,
        priority,
        tos,
        fwmark,
        fwmask,
        iif,
        oif,
        protocol,
        tracked,
        sport,
        dport,
        ipProto,
        uidRange,
        suppressPrefixLength,
        suppressIfgroup,
        l3mdev,
        realms,
        tunnelId,
        Optional.empty());
  }

  public record Range(long start, long end) {
    @Override
    public String toString() {
      return start + "-" + end;
    }
  }

  /** FR_ACT_*: what a matching rule does. */
  public enum Action {
    TABLE("table"),
    GOTO("goto"),
    NOP("nop"),
    BLACKHOLE("blackhole"),
    UNREACHABLE("unreachable"),
    PROHIBIT("prohibit");

    private final String word;

    Action(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }
}
