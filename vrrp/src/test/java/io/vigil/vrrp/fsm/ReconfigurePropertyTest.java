package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.Fixtures.MS;
import static io.vigil.vrrp.fsm.Fixtures.T0;
import static io.vigil.vrrp.fsm.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.vrrp.fsm.Action.AddVips;
import io.vigil.vrrp.fsm.Action.RemoveVips;
import io.vigil.vrrp.fsm.Action.SendAdvert;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random reloads of a master (priority, interval, addresses, preempt, GARP timers, trackers with
 * non-zero weights) interleaved with its timers and trackers' reports: it stays master, never says
 * goodbye (priority 0), never removes an address it keeps, never adds one it already holds, and the
 * addresses it holds are always exactly the configured ones.
 */
class ReconfigurePropertyTest {
  static final List<InetAddress> POOL =
      IntStream.range(100, 108).mapToObj(n -> ip("192.0.2." + n)).toList();
  static final List<String> LINKS = List.of("eth1", "eth2", "eth3");

  static Stream<Long> seeds() {
    return java.util.stream.LongStream.rangeClosed(1, 300).boxed();
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void randomReloadsOfAMasterNeverSayGoodbyeNorTouchUnchangedAddresses(long seed) {
    Random rnd = new Random(seed);
    InstanceConfig c = random(rnd);
    VrrpInstance i = new VrrpInstance(c);
    long now = T0;
    Set<InetAddress> held = new HashSet<>();
    apply(i.handle(Event.STARTUP, now), held); // the owner (255) is master at once
    now += i.masterDownIntervalNs();
    apply(i.handle(Event.TIMER, now), held);
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    for (int step = 0; step < 40; step++) {
      now += rnd.nextInt(3_000) * MS;
      List<Action> out;
      int what = rnd.nextInt(4);
      InstanceConfig before = c;
      if (what == 0) {
        out = i.handle(Event.TIMER, now);
      } else if (what == 1) {
        out =
            i.handle(
                new Event.TrackerStatus(LINKS.get(rnd.nextInt(LINKS.size())), rnd.nextBoolean()),
                now);
      } else {
        c = random(rnd);
        out = i.handle(new Event.Reconfigure(c), now);
        Set<InetAddress> kept = new HashSet<>(all(before));
        kept.retainAll(all(c));
        for (RemoveVips r : Fixtures.only(out, RemoveVips.class)) {
          assertThat(r.vips()).as("seed %d step %d", seed, step).noneMatch(kept::contains);
          assertThat(r.excluded()).as("seed %d step %d", seed, step).noneMatch(kept::contains);
        }
      }
      String at = "seed " + seed + " step " + step + " " + out;
      for (SendAdvert s : Fixtures.only(out, SendAdvert.class)) {
        assertThat(s.priority()).as(at).isPositive();
        assertThat(s.priority()).as(at).isEqualTo(i.effectivePriority());
      }
      for (AddVips a : Fixtures.only(out, AddVips.class)) {
        assertThat(a.vips()).as(at).noneMatch(held::contains);
        assertThat(a.excluded()).as(at).noneMatch(held::contains);
      }
      apply(out, held);
      assertThat(i.state()).as(at).isEqualTo(VrrpState.MASTER);
      assertThat(held).as(at).containsExactlyInAnyOrderElementsOf(all(c));
    }
  }

  private static void apply(List<Action> out, Set<InetAddress> held) {
    for (Action a : out) {
      if (a instanceof AddVips add) {
        held.addAll(add.vips());
        held.addAll(add.excluded());
      } else if (a instanceof RemoveVips rm) {
        held.removeAll(rm.vips());
        held.removeAll(rm.excluded());
      }
    }
  }

  private static List<InetAddress> all(InstanceConfig c) {
    List<InetAddress> l = new ArrayList<>(c.vips());
    l.addAll(c.excludedVips());
    return l;
  }

  private static InstanceConfig random(Random rnd) {
    List<InetAddress> shuffled = new ArrayList<>(POOL);
    java.util.Collections.shuffle(shuffled, rnd);
    int n = 1 + rnd.nextInt(4);
    int excluded = rnd.nextInt(3);
    InstanceConfig.Builder b =
        InstanceConfig.builder("VI_1", 51, 3, Fixtures.ME, shuffled.subList(0, n))
            .excludedVips(shuffled.subList(n, n + excluded))
            .priority(rnd.nextInt(10) == 0 ? 255 : 1 + rnd.nextInt(254))
            .advertIntervalCs(1 + rnd.nextInt(300))
            .preempt(rnd.nextBoolean())
            .preemptDelayNs(rnd.nextInt(3) * 1_000 * MS)
            .garpMaster(rnd.nextInt(3) * 1_000 * MS, 1 + rnd.nextInt(5))
            .garpMasterRefresh(rnd.nextInt(3) * 5_000 * MS, 1 + rnd.nextInt(3))
            .downTimerAdverts(1 + rnd.nextInt(5));
    for (String link : LINKS) {
      if (rnd.nextBoolean()) {
        int w = (1 + rnd.nextInt(254)) * (rnd.nextBoolean() ? 1 : -1);
        Tracker t = Tracker.iface(link, w);
        b.track(rnd.nextBoolean() ? t.reversed() : t);
      }
    }
    return b.build();
  }
}
