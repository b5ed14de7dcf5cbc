package io.vigil.vrrp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property tests with a seeded Random: every field varied, encode then receive gives the same
 * advert; any single corrupted byte is dropped and counted, never delivered.
 */
class AdvertRoundTripTest {
  static InetAddress random(Random r, boolean v6) {
    byte[] b = new byte[v6 ? 16 : 4];
    r.nextBytes(b);
    try {
      return v6 ? java.net.Inet6Address.getByAddress(null, b, -1) : InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  record Sample(
      Advert advert, InetAddress src, InetAddress dst, ReceiveRules rules, ChecksumMode mode) {}

  static Sample sample(Random r) {
    int version = r.nextBoolean() ? 2 : 3;
    boolean v6 = version == 3 && r.nextBoolean();
    int count = r.nextInt(r.nextInt(10) == 0 ? 256 : 5);
    List<InetAddress> addrs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      addrs.add(random(r, v6));
    }
    int vrid = 1 + r.nextInt(255);
    int prio = r.nextInt(256);
    Advert a;
    ReceiveRules rules;
    if (version == 2) {
      int s = 1 + r.nextInt(255);
      if (r.nextBoolean()) {
        byte[] pw = new byte[1 + r.nextInt(8)];
        r.nextBytes(pw);
        a = Advert.v2Pass(vrid, prio, s, pw, addrs);
        rules = ReceiveRules.of(vrid, 2, s * 100, addrs).withPassword(pw);
      } else {
        a = Advert.v2(vrid, prio, s, addrs);
        rules = ReceiveRules.of(vrid, 2, s * 100, addrs);
      }
    } else {
      int cs = 1 + r.nextInt(4095);
      a = Advert.v3(vrid, prio, cs, addrs);
      rules =
          new ReceiveRules(
              vrid,
              3,
              v6,
              false,
              0,
              null,
              1 + r.nextInt(4095),
              addrs,
              ReceiveRules.AddressCheck.EVERY_ADVERT,
              java.util.Map.of(),
              255,
              255,
              Set.of(ChecksumMode.values()),
              Set.of());
    }
    ChecksumMode mode = ChecksumMode.values()[r.nextInt(3)];
    return new Sample(a, random(r, v6), random(r, v6), rules, mode);
  }

  static byte[] encode(Sample s) {
    byte[] b = new byte[8 + 255 * 16 + 8];
    int n =
        s.advert().version() == 2
            ? VrrpV2Packet.encode(s.advert(), b, 0)
            : VrrpV3Packet.encode(s.advert(), b, 0, s.src(), s.dst(), s.mode());
    return java.util.Arrays.copyOf(b, n);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 0x5eed, 20261125})
  void encodeThenReceiveGivesTheSameAdvert(long seed) {
    Random r = new Random(seed);
    for (int run = 0; run < 2000; run++) {
      Sample s = sample(r);
      byte[] b = encode(s);
      DropCounters drops = new DropCounters();
      AdvertReceiver rx = new AdvertReceiver(s.rules().ipv6(), List.of(s.rules()), Set.of(), drops);
      Advert got = rx.receive(s.src(), s.dst(), 255, b, 0, b.length);
      assertThat(got).as("seed %d run %d %s %s", seed, run, s, drops).isEqualTo(s.advert());
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 8, 9, 0xbad, 1125})
  void anySingleCorruptedByteIsDroppedAndCountedOnce(long seed) {
    Random r = new Random(seed);
    for (int run = 0; run < 2000; run++) {
      Sample s = sample(r);
      byte[] b = encode(s);
      int at = r.nextInt(b.length);
      b[at] ^= (byte) (1 + r.nextInt(255));
      DropCounters drops = new DropCounters();
      AdvertReceiver rx = new AdvertReceiver(s.rules().ipv6(), List.of(s.rules()), Set.of(), drops);
      Advert got = rx.receive(s.src(), s.dst(), 255, b, 0, b.length);
      assertThat(got).as("seed %d run %d byte %d %s", seed, run, at, s).isNull();
      assertThat(drops.total()).isEqualTo(1);
    }
  }
}
