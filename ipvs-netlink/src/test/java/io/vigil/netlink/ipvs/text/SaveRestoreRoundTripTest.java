package io.vigil.netlink.ipvs.text;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.netlink.ipvs.DestEntry;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceEntry;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import io.vigil.netlink.ipvs.Stats;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the table, what we save parses back to the same table (every field varied:
 * protocols, families, fwmarks up to 2^32-1, schedulers and flags, persistence, masks, engines,
 * forwarding, weights, tunnel types, ports and checksum flags).
 */
class SaveRestoreRoundTripTest {
  private static final String[] SCHEDULERS = {"rr", "wrr", "wlc", "sh", "mh", "lblcr", "fo"};

  @RepeatedTest(200)
  void savedTextParsesBackToTheSameTable(RepetitionInfo info) {
    Random rnd = new Random(0xC0FFEEL + info.getCurrentRepetition());
    IpvsTable t = table(rnd);
    String saved = new TableText(ListFormat.save(true), Names.NUMERIC).all(null, t);
    RuleParser.Result parsed = RuleParser.parse(saved, Names.NUMERIC);
    assertThat(parsed.errors()).as(saved).isEmpty();
    RuleTable.Result back = RuleTable.of(parsed.rules());
    assertThat(back.errors()).isEmpty();
    assertThat(back.services().keySet())
        .as(saved)
        .containsExactlyInAnyOrderElementsOf(t.services().keySet());
    t.services()
        .forEach(
            (k, s) -> {
              RuleTable.Service b = back.services().get(k);
              assertThat(b.settings()).as(saved).isEqualTo(s.entry().settings());
              Map<DestKey, DestSettings> want = new LinkedHashMap<>();
              s.destinations().forEach(d -> want.put(d.key(), d.settings()));
              assertThat(b.destinations()).as(saved).isEqualTo(want);
            });
    // and saving the parsed table again gives the same text
    assertThat(new TableText(ListFormat.save(true), Names.NUMERIC).all(null, t)).isEqualTo(saved);
  }

  @Test
  void sortWrapsAroundLikeIpvsadm() {
    // ntohl(a) - ntohl(b) in an int: 192.0.2.1 - 10.0.0.1 overflows negative, so 192 comes first
    ServiceKey high = ServiceKey.of(Protocol.TCP, ip("192.0.2.1"), 80);
    ServiceKey low = ServiceKey.of(Protocol.TCP, ip("10.0.0.1"), 80);
    assertThat(KernelOrder.sort(List.of(low, high), KernelOrder::compareServices))
        .containsExactly(high, low);
  }

  @Test
  void largeCountersScaleLikeIpvsadm() {
    // print_largenum: %9llu below 100 million, then %8llu with K, M, G, T; --exact in full
    assertThat(TableText.largenum(99_999_999L, false)).isEqualTo(" 99999999");
    assertThat(TableText.largenum(100_000_000L, false)).isEqualTo("  100000K");
    assertThat(TableText.largenum(99_999_999_999L, false)).isEqualTo("   99999M");
    assertThat(TableText.largenum(123_456_789_012L, false)).isEqualTo("     123G");
    assertThat(TableText.largenum(123_456_789_012_345L, false)).isEqualTo("     123T");
    assertThat(TableText.largenum(123_456_789_012L, true)).isEqualTo(" 123456789012");
    assertThat(TableText.largenum(5, true)).isEqualTo("        5");
  }

  @Test
  void ipv6TextIsGlibcsInetNtop() {
    assertThat(AddressText.ntop(ip("2001:db8:0:1:0:0:0:5"))).isEqualTo("2001:db8:0:1::5");
    assertThat(AddressText.ntop(ip("1:0:0:1:1:0:0:1"))).isEqualTo("1::1:1:0:0:1");
    assertThat(AddressText.ntop(ip("2001:db8:1:1:1:1:0:1"))).isEqualTo("2001:db8:1:1:1:1:0:1");
    assertThat(AddressText.ntop(ip("::"))).isEqualTo("::");
    assertThat(AddressText.ntop(ip("::1"))).isEqualTo("::1");
    assertThat(AddressText.ntop(ip("1::"))).isEqualTo("1::");
    assertThat(AddressText.ntop(ip("::102:304"))).isEqualTo("::1.2.3.4");
    assertThat(AddressText.aton("10.1")).isEqualTo(ip("10.0.0.1"));
    assertThat(AddressText.aton("0x7f.1")).isEqualTo(ip("127.0.0.1"));
    assertThat(AddressText.aton("256.1.1.1")).isNull();
    assertThat(AddressText.pton6("2001:db8::1.2.3.4")).isEqualTo(ip("2001:db8::102:304"));
    assertThat(AddressText.pton6("::")).isEqualTo(ip("::"));
    assertThat(AddressText.pton6("1:2:3:4:5:6:7:8")).isEqualTo(ip("1:2:3:4:5:6:7:8"));
    // never a name lookup: an address with its port, or a name, is simply not IPv6
    assertThat(AddressText.pton6("192.0.2.1:80")).isNull();
    assertThat(AddressText.pton6("web.example")).isNull();
    assertThat(AddressText.pton6("1::2::3")).isNull();
    assertThat(AddressText.pton6("1:2:3:4:5:6:7")).isNull();
    assertThat(AddressText.pton6("12345::")).isNull();
  }

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static IpvsTable table(Random rnd) {
    Map<ServiceKey, IpvsTable.Service> out = new LinkedHashMap<>();
    int n = rnd.nextInt(12);
    for (int i = 0; i < n; i++) {
      boolean v6 = rnd.nextBoolean();
      ServiceKey k;
      if (rnd.nextInt(4) == 0) {
        k = ServiceKey.fwmark(rnd.nextInt() | 1, v6 ? ServiceKey.AF_INET6 : ServiceKey.AF_INET);
      } else {
        Protocol p = Protocol.values()[rnd.nextInt(3)];
        k = ServiceKey.of(p, address(rnd, v6), 1 + rnd.nextInt(65535));
      }
      String sched = SCHEDULERS[rnd.nextInt(SCHEDULERS.length)];
      int flags = rnd.nextInt(4) == 0 ? ServiceSettings.F_SCHED1 | ServiceSettings.F_SCHED2 : 0;
      if (!sched.equals("sh") && !sched.equals("mh") && rnd.nextBoolean()) {
        flags |= ServiceSettings.F_SCHED3;
      }
      if ((k.isFwmark() || k.protocol() == Protocol.UDP) && rnd.nextBoolean()) {
        flags |= ServiceSettings.F_ONEPACKET;
      }
      int prefix = v6 ? 128 : 32;
      int timeout = 0;
      if (rnd.nextBoolean()) {
        flags |= ServiceSettings.F_PERSISTENT;
        timeout = 1 + rnd.nextInt(86400 * 31);
        prefix = v6 ? 1 + rnd.nextInt(128) : rnd.nextInt(33);
      }
      String pe = rnd.nextInt(4) == 0 ? "sip" : null;
      List<DestEntry> dests = new ArrayList<>();
      Map<DestKey, Boolean> seen = new LinkedHashMap<>();
      for (int d = rnd.nextInt(6); d > 0; d--) {
        Forwarding f = Forwarding.values()[rnd.nextInt(4)];
        if (f == Forwarding.LOCAL) {
          f = Forwarding.MASQ; // Local saves as -g: it does not round-trip, in ipvsadm either
        }
        boolean destV6 = f == Forwarding.TUNNEL && rnd.nextBoolean() ? !v6 : v6;
        int port = f == Forwarding.MASQ || k.isFwmark() ? rnd.nextInt(65536) : k.port();
        DestKey dk = new DestKey(address(rnd, destV6), port);
        if (seen.put(dk, true) != null) {
          continue;
        }
        int type = f == Forwarding.TUNNEL ? rnd.nextInt(3) : 0;
        int tunPort = type == DestSettings.TUN_GUE ? 1 + rnd.nextInt(65535) : 0;
        int tunFlags =
            type == DestSettings.TUN_GUE
                ? rnd.nextInt(3)
                : type == DestSettings.TUN_GRE ? rnd.nextInt(2) : 0;
        dests.add(
            new DestEntry(
                dk,
                new DestSettings(f, rnd.nextInt(65536), 0, 0, type, tunPort, tunFlags),
                0,
                0,
                0,
                Stats.ZERO));
      }
      out.put(
          k,
          new IpvsTable.Service(
              new ServiceEntry(
                  k, new ServiceSettings(sched, flags, timeout, prefix, pe), Stats.ZERO),
              dests));
    }
    return new IpvsTable(out);
  }

  private static InetAddress address(Random rnd, boolean v6) {
    byte[] b = new byte[v6 ? 16 : 4];
    rnd.nextBytes(b);
    if (v6) {
      b[0] = 0x20;
      b[1] = 0x01;
      b[2] = 0x0d;
      b[3] = (byte) 0xb8;
      for (int i = 4; i < 16; i++) {
        if (rnd.nextInt(3) == 0) {
          b[i] = 0; // runs of zero words, so "::" lands everywhere
        }
      }
    }
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
