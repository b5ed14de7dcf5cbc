package io.vigil.netlink.rtnl;

import static io.vigil.netlink.rtnl.RtnlCodecTest.only;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.netlink.NetlinkDecodeException;
import io.vigil.netlink.NlMsg;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Round trips through the route and rule codec with every field varied (seeded). */
class RouteCodecTest {
  static InetAddress address(Random r, boolean v6) throws Exception {
    byte[] raw = new byte[v6 ? 16 : 4];
    r.nextBytes(raw);
    return InetAddress.getByAddress(raw);
  }

  static long u32(Random r) {
    return r.nextInt() & 0xffffffffL;
  }

  static Route randomRoute(Random r) throws Exception {
    boolean v6 = r.nextBoolean();
    int max = v6 ? 128 : 32;
    InetAddress from = r.nextBoolean() ? address(r, v6) : null;
    TreeMap<Integer, Long> metrics = new TreeMap<>();
    int lock = 0;
    for (int rtax = Rtnl.RTAX_MTU; rtax <= Rtnl.RTAX_FASTOPEN_NO_COOKIE; rtax++) {
      if (rtax != Rtnl.RTAX_CC_ALGO && r.nextInt(3) == 0) {
        metrics.put(rtax, u32(r));
        if (r.nextBoolean()) {
          lock |= 1 << rtax;
        }
      }
    }
    String congctl = r.nextInt(3) == 0 ? "cc" + "x".repeat(r.nextInt(12)) : null;
    if (congctl != null && r.nextBoolean()) {
      lock |= 1 << Rtnl.RTAX_CC_ALGO;
    }
    if (metrics.isEmpty() && congctl == null) {
      lock = 0;
    }
    return new Route(
        v6 ? Rtnl.AF_INET6 : Rtnl.AF_INET,
        1 + r.nextInt(11),
        address(r, v6),
        r.nextInt(max + 1),
        from,
        from == null ? 0 : r.nextInt(max + 1),
        r.nextBoolean() ? address(r, v6) : null,
        r.nextBoolean() ? address(r, r.nextInt(4) == 0 != v6) : null, // sometimes RTA_VIA
        r.nextBoolean() ? 1 + r.nextInt(100_000) : 0,
        r.nextBoolean() ? 1 + r.nextInt(255) : 256 + u32(r) % (0xffffffffL - 256),
        r.nextInt(256),
        r.nextInt(256),
        r.nextInt(256),
        r.nextBoolean() ? u32(r) : -1,
        r.nextInt(2) * Rtnl.RTNH_F_ONLINK,
        metrics,
        lock,
        v6 && r.nextBoolean() ? r.nextInt(256) : -1,
        v6 && r.nextBoolean() ? u32(r) : -1,
        r.nextBoolean() ? u32(r) : -1,
        congctl,
        nexthops(r, v6),
        r.nextInt(4) == 0 ? encap(r, v6) : null);
  }

  static Route.Encap encap(Random r, boolean v6) throws Exception {
    return new Route.Encap(
        v6 ? Rtnl.LWTUNNEL_ENCAP_IP6 : Rtnl.LWTUNNEL_ENCAP_IP,
        r.nextBoolean() ? r.nextLong() : null,
        r.nextBoolean() ? address(r, v6) : null,
        r.nextBoolean() ? address(r, v6) : null,
        r.nextBoolean() ? r.nextInt(256) : -1,
        r.nextBoolean() ? r.nextInt(256) : -1);
  }

  static List<Route.Nexthop> nexthops(Random r, boolean v6) throws Exception {
    List<Route.Nexthop> hops = new ArrayList<>();
    for (int i = r.nextInt(4) == 0 ? 1 + r.nextInt(4) : 0; i > 0; i--) {
      hops.add(
          new Route.Nexthop(
              r.nextBoolean() ? address(r, r.nextInt(4) == 0 != v6) : null, // sometimes RTA_VIA
              r.nextBoolean() ? 1 + r.nextInt(100_000) : 0,
              1 + r.nextInt(256),
              r.nextInt(256),
              r.nextBoolean() ? u32(r) : -1));
    }
    return hops;
  }

  @RepeatedTest(300)
  void aRouteDecodesToWhatWasEncoded(RepetitionInfo info) throws Exception {
    Random r = new Random(info.getCurrentRepetition());
    Route route = randomRoute(r);
    int mode = new int[] {0, NlMsg.F_EXCL, NlMsg.F_APPEND, NlMsg.F_REPLACE}[r.nextInt(4)];
    byte[] add = RouteCodec.newRoute(route, mode);
    assertThat(RouteCodec.decodeRoute(only(add))).isEqualTo(route);
    short flags = ByteBuffer.wrap(add).order(ByteOrder.nativeOrder()).getShort(NlMsg.FLAGS_OFFSET);
    assertThat(flags).isEqualTo((short) (NlMsg.F_CREATE | mode));
    // a delete names the same route (realms too), scope nowhere (IPv4), no metrics
    Route deleted = RouteCodec.decodeRoute(only(RouteCodec.deleteRoute(route)));
    assertThat(deleted.scope())
        .isEqualTo(route.family() == Rtnl.AF_INET ? Rtnl.RT_SCOPE_NOWHERE : 0);
    assertThat(deleted.type()).isEqualTo(route.type() == Rtnl.RTN_UNICAST ? 0 : route.type());
    assertThat(deleted.metrics()).isEmpty();
    assertThat(deleted)
        .usingRecursiveComparison()
        .ignoringFields("scope", "type", "metrics", "lock", "pref", "expires", "congctl")
        .isEqualTo(route);
  }

  static Rule.Range range(Random r, int bits) {
    long a = r.nextLong() & ((1L << bits) - 1);
    long b = r.nextLong() & ((1L << bits) - 1);
    return new Rule.Range(Math.min(a, b), Math.max(a, b));
  }

  static Rule randomRule(Random r) throws Exception {
    boolean v6 = r.nextBoolean();
    int max = v6 ? 128 : 32;
    int action =
        new int[] {
              Rtnl.FR_ACT_TO_TBL,
              Rtnl.FR_ACT_GOTO,
              Rtnl.FR_ACT_NOP,
              Rtnl.FR_ACT_BLACKHOLE,
              Rtnl.FR_ACT_UNREACHABLE,
              Rtnl.FR_ACT_PROHIBIT
            }
            [r.nextInt(6)];
    InetAddress src = r.nextBoolean() ? address(r, v6) : null;
    InetAddress dst = r.nextBoolean() ? address(r, v6) : null;
    long fwmark = r.nextBoolean() ? u32(r) : -1;
    return new Rule(
            v6 ? Rtnl.AF_INET6 : Rtnl.AF_INET,
            action,
            action != Rtnl.FR_ACT_TO_TBL
                ? 0
                : r.nextBoolean() ? 1 + r.nextInt(255) : 256 + u32(r) % 1_000_000,
            u32(r),
            src,
            src == null ? 0 : r.nextInt(max + 1),
            dst,
            dst == null ? 0 : r.nextInt(max + 1),
            r.nextBoolean(),
            r.nextInt(256),
            fwmark,
            fwmark >= 0 && r.nextBoolean() ? u32(r) : -1,
            r.nextBoolean() ? "eth" + r.nextInt(1000) : null,
            r.nextBoolean() ? "veth" + r.nextInt(1000) : null,
            r.nextBoolean() ? r.nextInt(256) : -1,
            r.nextBoolean() ? r.nextInt(256) : -1,
            r.nextBoolean() ? range(r, 16) : null,
            r.nextBoolean() ? range(r, 16) : null,
            r.nextBoolean() ? range(r, 32) : null,
            action == Rtnl.FR_ACT_GOTO ? u32(r) : -1)
        .withTunnelId(r.nextBoolean() ? r.nextLong() : 0);
  }

  @RepeatedTest(300)
  void aRuleDecodesToWhatWasEncoded(RepetitionInfo info) throws Exception {
    Rule rule = randomRule(new Random(info.getCurrentRepetition()));
    assertThat(RouteCodec.decodeRule(only(RouteCodec.newRule(rule)))).isEqualTo(rule);
    // a delete sends the action unspecified: it decodes with action 0 and otherwise the same
    Rule deleted = RouteCodec.decodeRule(only(RouteCodec.deleteRule(rule)));
    assertThat(deleted.action()).isEqualTo(Rtnl.FR_ACT_UNSPEC);
    assertThat(deleted)
        .usingRecursiveComparison()
        .ignoringFields("action", "table")
        .isEqualTo(rule);
  }

  @Test
  void aTruncatedHeaderOrABadRangeIsADecodeError() throws Exception {
    byte[] m = RouteCodec.newRoute(Route.to(InetAddress.getByName("192.0.2.0"), 24), 0);
    ByteBuffer.wrap(m).order(ByteOrder.nativeOrder()).putInt(0, NlMsg.HEADER_LENGTH + 8);
    assertThatThrownBy(() -> RouteCodec.decodeRoute(only(java.util.Arrays.copyOf(m, 24))))
        .isInstanceOf(NetlinkDecodeException.class)
        .hasMessageContaining("rtmsg needs 12");
    Rule bad =
        new Rule(
            Rtnl.AF_INET,
            Rtnl.FR_ACT_NOP,
            0,
            1,
            null,
            0,
            null,
            0,
            false,
            0,
            -1,
            -1,
            null,
            null,
            -1,
            -1,
            new Rule.Range(1, 2),
            null,
            null,
            -1);
    byte[] r = RouteCodec.newRule(bad);
    // FRA_SPORT_RANGE's length says 3 bytes of value instead of 4
    int at = NlMsg.HEADER_LENGTH + FibRuleHdr.LENGTH;
    ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.nativeOrder());
    assertThat(b.getShort(at + 2)).isEqualTo((short) Rtnl.FRA_SPORT_RANGE);
    b.putShort(at, (short) 7);
    assertThatThrownBy(() -> RouteCodec.decodeRule(only(r)))
        .isInstanceOf(NetlinkDecodeException.class);
  }
}
