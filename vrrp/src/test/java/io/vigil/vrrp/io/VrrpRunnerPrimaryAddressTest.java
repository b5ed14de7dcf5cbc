package io.vigil.vrrp.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.wire.DropCounters;
import io.vigil.vrrp.wire.ReceiveRules;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The interface's primary address changes under a running instance: the runner opens its sockets
 * again from the new one on its own thread, closes the old ones, and the state machine breaks ties
 * with it from then on; a reload must then name the new address. Sockets that cannot be opened
 * again leave the instance as it was.
 */
class VrrpRunnerPrimaryAddressTest {
  private static final InetAddress NONE = ip("0.0.0.0");
  private static final InetAddress FIRST = ip("192.0.2.1");
  private static final InetAddress SECOND = ip("192.0.2.3");

  private final List<Twin> opened = new ArrayList<>();
  private final List<Action> effects = new ArrayList<>();
  private RuntimeException refuse;
  private long now = 1_000_000_000L;

  private final InstanceConfig config =
      InstanceConfig.builder("VI_1", 51, 3, NONE, List.of(ip("192.0.2.100"))).build();
  private final ReceiveRules rules = ReceiveRules.of(51, 3, 100, List.of(ip("192.0.2.100")));

  private VrrpRunner runner(List<Consumer<VrrpRunner>> turns) {
    VrrpRunner[] self = new VrrpRunner[1];
    self[0] =
        new VrrpRunner(
            config,
            rules,
            (c, r) -> {
              if (refuse != null) {
                throw refuse;
              }
              Twin t = new Twin(c, r, turns, self);
              opened.add(t);
              return t;
            },
            new DropCounters(),
            effects::add,
            () -> now);
    return self[0];
  }

  @Test
  void aNewPrimaryAddressOpensTheSocketsAgainFromIt() {
    VrrpRunner r =
        runner(
            List.of(
                x -> x.changePrimaryAddress(SECOND), // while running
                VrrpRunner::stop));
    r.changePrimaryAddress(FIRST); // before it runs: an address came before the thread started
    r.run();
    assertThat(opened)
        .extracting(t -> t.config.primaryAddress())
        .containsExactly(NONE, FIRST, SECOND);
    assertThat(opened).extracting(t -> t.rules).containsOnly(rules);
    assertThat(opened).extracting(t -> t.closed).containsExactly(true, true, false);
    assertThat(r.instance().config().primaryAddress()).isEqualTo(SECOND);
    // a reload names the new address; one with the old is refused
    r.reconfigure(config.withPrimaryAddress(SECOND), rules, () -> {});
    assertThatThrownBy(() -> r.reconfigure(config.withPrimaryAddress(FIRST), rules, () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void socketsThatCannotBeOpenedAgainKeepTheOldOnes() {
    VrrpRunner r =
        runner(
            List.of(
                x -> {
                  refuse = new IllegalStateException("EADDRNOTAVAIL");
                  x.changePrimaryAddress(FIRST);
                },
                VrrpRunner::stop));
    r.run();
    assertThat(opened).hasSize(1);
    assertThat(opened.get(0).closed).isFalse();
    assertThat(r.instance().config().primaryAddress()).isEqualTo(NONE);
    r.reconfigure(config, rules, () -> {}); // still the old address
  }

  @Test
  void theStateMachineBreaksTiesWithTheNewAddress() {
    // a master hears an equal priority: the higher primary address wins. From 192.0.2.1 a peer at
    // 192.0.2.2 is higher (it steps down); from 192.0.2.3 it is lower (it stays master)
    InetAddress peer = ip("192.0.2.2");
    InstanceConfig c = config.withPrimaryAddress(FIRST);
    assertThat(masterAfterEqualAdvert(c, peer, null)).isFalse();
    assertThat(masterAfterEqualAdvert(c, peer, SECOND)).isTrue();
  }

  /** Whether a master that hears an equal-priority advert from {@code peer} stays master. */
  private static boolean masterAfterEqualAdvert(
      InstanceConfig c, InetAddress peer, InetAddress newPrimary) {
    io.vigil.vrrp.fsm.VrrpInstance i = new io.vigil.vrrp.fsm.VrrpInstance(c);
    i.handle(Event.STARTUP, 0);
    i.handle(Event.TIMER, 60_000_000_000L); // no master heard: it takes over
    assertThat(i.state()).isEqualTo(io.vigil.vrrp.fsm.VrrpState.MASTER);
    if (newPrimary != null) {
      i.handle(new Event.PrimaryAddress(newPrimary), 60_000_000_000L);
    }
    i.handle(new Event.AdvertReceived(100, 100, peer), 60_001_000_000L);
    return i.state() == io.vigil.vrrp.fsm.VrrpState.MASTER;
  }

  /** Sockets that run one scripted step per wait. */
  private class Twin extends QuietChannel {
    final InstanceConfig config;
    final ReceiveRules rules;
    final List<Consumer<VrrpRunner>> turns;
    final VrrpRunner[] runner;
    boolean closed;

    Twin(
        InstanceConfig config,
        ReceiveRules rules,
        List<Consumer<VrrpRunner>> turns,
        VrrpRunner[] runner) {
      this.config = config;
      this.rules = rules;
      this.turns = turns;
      this.runner = runner;
    }

    @Override
    public Event.AdvertReceived receive(long timeoutNs) {
      now += 1_000_000L;
      int step = waits++;
      if (step < turns.size()) {
        turns.get(step).accept(runner[0]);
      } else {
        runner[0].stop();
      }
      return null;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private int waits;

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }
}
