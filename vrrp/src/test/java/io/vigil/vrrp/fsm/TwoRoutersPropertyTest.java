package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.Fixtures.MS;
import static io.vigil.vrrp.fsm.Fixtures.S;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two simulated routers on a simulated wire, seeded Random: random versions, intervals, priorities
 * (ties included), preempt, start hints, restarts, and until the network heals random loss and
 * delays. Once healed (no loss, delay under a quarter interval), the two are never both master for
 * longer than one Master_Down_Interval; at the end exactly one is master, and with preempt on both
 * sides and different priorities it is the higher priority.
 */
class TwoRoutersPropertyTest {
  record Pending(long atNs, long seq, int router, Event event) {}

  static final class Sim {
    final Random r;
    final VrrpInstance[] routers = new VrrpInstance[2];
    final InetAddress[] addresses = {Fixtures.ip("192.0.2.1"), Fixtures.ip("192.0.2.2")};
    final PriorityQueue<Pending> queue =
        new PriorityQueue<>(
            (a, b) ->
                a.atNs() != b.atNs()
                    ? Long.compare(a.atNs(), b.atNs())
                    : Long.compare(a.seq(), b.seq()));
    long seq;
    long healNs;
    double loss;
    long maxDelayNs;
    long healedMaxDelayNs;
    long bothMasterSinceNs = -1;
    long worstOverlapAfterHealNs;

    Sim(long seed) {
      r = new Random(seed);
      int version = r.nextBoolean() ? 2 : 3;
      int[] intervals =
          version == 2 ? new int[] {100, 100} : new int[] {pick(10, 50, 100), pick(10, 50, 100)};
      for (int i = 0; i < 2; i++) {
        int priority = r.nextInt(4) == 0 ? 100 : 1 + r.nextInt(254);
        routers[i] =
            new VrrpInstance(
                InstanceConfig.builder("VI_" + i, 51, version, addresses[i], Fixtures.VIPS)
                    .priority(priority)
                    .advertIntervalCs(intervals[i])
                    .preempt(r.nextInt(4) != 0)
                    .startAsMaster(r.nextInt(3) == 0)
                    .lowerPrioNoAdvert(r.nextBoolean())
                    .higherPrioSendAdvert(r.nextBoolean())
                    .garpMaster(0, 1)
                    .build());
      }
      int minInterval = Math.min(intervals[0], intervals[1]);
      healNs = (long) r.nextInt(20_000) * MS;
      loss = r.nextDouble() * 0.9;
      maxDelayNs = (long) r.nextInt(3 * minInterval + 1) * 10 * MS;
      healedMaxDelayNs = minInterval * 10 * MS / 4;
      for (int i = 0; i < 2; i++) {
        push(r.nextInt(3_000) * MS, i, Event.STARTUP);
        if (r.nextInt(3) == 0) { // a restart before the network heals
          long down = r.nextInt((int) Math.max(1, healNs / MS)) * MS;
          push(down, i, Event.SHUTDOWN);
          push(down + r.nextInt(2_000) * MS, i, Event.STARTUP);
        }
      }
    }

    int pick(int... values) {
      return values[r.nextInt(values.length)];
    }

    void push(long atNs, int router, Event e) {
      queue.add(new Pending(atNs, seq++, router, e));
    }

    long downIntervalBoundNs() {
      return Math.max(routers[0].masterDownIntervalNs(), routers[1].masterDownIntervalNs());
    }

    void run(long endNs) {
      while (!queue.isEmpty() && queue.peek().atNs() <= endNs) {
        Pending p = queue.poll();
        Event e = p.event();
        // a restart scheduled before the start has run is a start
        if (e instanceof Event.Startup && routers[p.router()].state() != VrrpState.INITIALIZE) {
          continue;
        }
        for (Action a : routers[p.router()].handle(e, p.atNs())) {
          apply(p.router(), a, p.atNs());
        }
        observe(p.atNs());
      }
      observe(endNs);
    }

    void apply(int from, Action a, long nowNs) {
      if (a instanceof Action.ScheduleAt s) {
        push(s.deadlineNs() + r.nextInt(100_000), from, Event.TIMER); // scheduler jitter ≤ 100 µs
      } else if (a instanceof Action.SendAdvert s) {
        boolean healed = nowNs >= healNs;
        if (!healed && r.nextDouble() < loss) {
          return;
        }
        long delay =
            healed
                ? (long) (r.nextDouble() * healedMaxDelayNs)
                : (long) (r.nextDouble() * maxDelayNs);
        push(
            nowNs + delay,
            1 - from,
            new Event.AdvertReceived(s.priority(), s.advertIntervalCs(), addresses[from]));
      }
    }

    void observe(long nowNs) {
      boolean both =
          routers[0].state() == VrrpState.MASTER && routers[1].state() == VrrpState.MASTER;
      if (both && bothMasterSinceNs < 0) {
        bothMasterSinceNs = nowNs;
      }
      if (bothMasterSinceNs >= 0) {
        long overlap = nowNs - Math.max(bothMasterSinceNs, healNs);
        worstOverlapAfterHealNs = Math.max(worstOverlapAfterHealNs, overlap);
        if (!both) {
          bothMasterSinceNs = -1;
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 42, 0x5eed, 20261125})
  void healedNetworkNeverKeepsTwoMastersLongerThanOneDownInterval(long seed) {
    Random seeds = new Random(seed);
    for (int run = 0; run < 250; run++) {
      long runSeed = seeds.nextLong();
      Sim sim = new Sim(runSeed);
      long end = sim.healNs + 40 * S;
      sim.run(end);

      String why =
          "seed " + runSeed + " " + sim.routers[0].config() + " / " + sim.routers[1].config();
      assertThat(sim.worstOverlapAfterHealNs)
          .as(why)
          .isLessThanOrEqualTo(sim.downIntervalBoundNs());
      long masters =
          List.of(sim.routers).stream().filter(x -> x.state() == VrrpState.MASTER).count();
      assertThat(masters).as(why).isEqualTo(1);
      int p0 = sim.routers[0].effectivePriority();
      int p1 = sim.routers[1].effectivePriority();
      // a tie does not preempt (RFC 5798 §6.4.2: "greater than or equal" keeps a backup quiet)
      if (p0 != p1 && sim.routers[0].config().preempt() && sim.routers[1].config().preempt()) {
        assertThat(sim.routers[p0 > p1 ? 0 : 1].state()).as(why).isEqualTo(VrrpState.MASTER);
      }
    }
  }
}
