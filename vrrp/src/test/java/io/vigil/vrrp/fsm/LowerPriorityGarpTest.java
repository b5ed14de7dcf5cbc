package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.Fixtures.HIGHER;
import static io.vigil.vrrp.fsm.Fixtures.LOWER;
import static io.vigil.vrrp.fsm.Fixtures.MS;
import static io.vigil.vrrp.fsm.Fixtures.S;
import static io.vigil.vrrp.fsm.Fixtures.T0;
import static io.vigil.vrrp.fsm.Fixtures.VIPS;
import static io.vigil.vrrp.fsm.Fixtures.advert;
import static io.vigil.vrrp.fsm.Fixtures.only;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.vrrp.fsm.Action.ScheduleAt;
import io.vigil.vrrp.fsm.Action.SendGarp;
import io.vigil.vrrp.fsm.Action.WriteFifo;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A master hearing a lower priority advert (keepalived's {@code vrrp_state_master_rx}): {@code
 * garp_lower_prio_repeat} announcements at once, the same again {@code garp_lower_prio_delay} later
 * while still master, and the FIFO line {@code INSTANCE "VI_1" MASTER_RX_LOWER_PRI 100}.
 */
class LowerPriorityGarpTest {
  static final long DELAY = 5 * S;

  /** Master at {@code T0 + down}, with the post-master GARP burst and refresh out of the way. */
  static VrrpInstance master(InstanceConfig c) {
    VrrpInstance i = new VrrpInstance(c);
    i.handle(Event.STARTUP, T0);
    i.handle(Event.TIMER, T0 + i.masterDownIntervalNs());
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    return i;
  }

  static InstanceConfig.Builder lowerGarp(int repeat, long delayNs) {
    return Fixtures.v3().garpMaster(0, 1).garpLowerPrioRepeat(repeat).garpLowerPrioDelayNs(delayNs);
  }

  @Test
  void announcesAtOnceAndAgainAfterTheDelay() {
    VrrpInstance i = master(lowerGarp(3, DELAY).build());
    long heard = T0 + 10 * S + 250 * MS;
    List<Action> now = i.handle(advert(90, 100, HIGHER), heard);
    assertThat(only(now, SendGarp.class)).containsExactly(new SendGarp(VIPS, 3));
    assertThat(i.state()).isEqualTo(VrrpState.MASTER);
    // the advert timer (every second) comes first; the delayed burst is armed all the same
    long due = heard + DELAY;
    for (long t = i.nextDeadlineNs(); t - due < 0; t = i.nextDeadlineNs()) {
      assertThat(only(i.handle(Event.TIMER, t), SendGarp.class)).as("at %d", t - heard).isEmpty();
    }
    assertThat(i.nextDeadlineNs()).isEqualTo(due);
    assertThat(only(i.handle(Event.TIMER, due - 1), SendGarp.class)).isEmpty();
    assertThat(only(i.handle(Event.TIMER, due), SendGarp.class))
        .containsExactly(new SendGarp(VIPS, 3));
    assertThat(only(i.handle(Event.TIMER, due + 1), SendGarp.class)).as("once").isEmpty();
  }

  @Test
  void eachLowerAdvertArmsItsOwnDelayedBurst() {
    VrrpInstance i = master(lowerGarp(1, DELAY).lowerPrioNoAdvert(true).build());
    long first = T0 + 10 * S;
    i.handle(advert(90, 100, HIGHER), first);
    i.handle(advert(90, 100, HIGHER), first + 1 * S);
    assertThat(only(i.handle(Event.TIMER, first + DELAY), SendGarp.class)).hasSize(1);
    assertThat(only(i.handle(Event.TIMER, first + DELAY + S - 1), SendGarp.class)).isEmpty();
    assertThat(only(i.handle(Event.TIMER, first + DELAY + S), SendGarp.class)).hasSize(1);
  }

  @Test
  void noDelayMeansOnlyTheImmediateBurstAndNoRepeatMeansNone() {
    VrrpInstance once = master(lowerGarp(2, 0).build());
    long advertDue = T0 + VrrpInstanceTest.DOWN_V3 + S; // master at T0 + 3.609 s, + 1 s
    long heard = advertDue - 100 * MS;
    assertThat(only(once.handle(advert(90, 100, HIGHER), heard), SendGarp.class)).hasSize(1);
    assertThat(once.nextDeadlineNs()).as("only the advert timer").isEqualTo(advertDue);

    VrrpInstance none = master(lowerGarp(0, DELAY).build());
    List<Action> a = none.handle(advert(90, 100, HIGHER), heard);
    assertThat(only(a, SendGarp.class)).isEmpty();
    assertThat(only(a, ScheduleAt.class)).containsExactly(new ScheduleAt(advertDue));
  }

  @Test
  void leavingMasterCancelsTheDelayedBurst() {
    VrrpInstance i = master(lowerGarp(2, DELAY).build());
    long heard = T0 + 10 * S;
    i.handle(advert(90, 100, HIGHER), heard);
    i.handle(advert(200, 100, HIGHER), heard + S); // a higher master: we step down
    assertThat(i.state()).isEqualTo(VrrpState.BACKUP);
    assertThat(i.nextDeadlineNs())
        .as("only the down timer")
        .isEqualTo(heard + S + VrrpInstanceTest.DOWN_V3);
  }

  @Test
  void aReloadToRepeatZeroSilencesABurstAlreadyArmed() {
    VrrpInstance i = master(lowerGarp(2, DELAY).build());
    long heard = T0 + 10 * S;
    i.handle(advert(90, 100, HIGHER), heard);
    i.handle(new Event.Reconfigure(lowerGarp(0, DELAY).build()), heard + 1);
    assertThat(only(i.handle(Event.TIMER, heard + DELAY), SendGarp.class)).isEmpty();
  }

  @Test
  void aFloodOfLowerAdvertsArmsABoundedNumberOfBursts() {
    VrrpInstance i = master(lowerGarp(1, DELAY).lowerPrioNoAdvert(true).build());
    long heard = T0 + 10 * S;
    for (int n = 0; n < 1_000; n++) {
      i.handle(advert(90, 100, HIGHER), heard + n);
    }
    int delayed = 0;
    for (long t = heard + DELAY; t < heard + DELAY + 1_000; t++) {
      delayed += only(i.handle(Event.TIMER, t), SendGarp.class).size();
    }
    assertThat(delayed).isEqualTo(VrrpInstance.LOWER_GARP_PENDING_MAX);
  }

  @Test
  void writesMasterRxLowerPriWithOurPriorityAsKeepalived() {
    VrrpInstance i = master(Fixtures.v3().priority(150).build());
    long heard = T0 + 10 * S;
    assertThat(only(i.handle(advert(90, 100, HIGHER), heard), WriteFifo.class))
        .containsExactly(new WriteFifo("INSTANCE \"VI_1\" MASTER_RX_LOWER_PRI 150"));
    // equal priority from a lower address is a lower advert too; priority 0 is not
    assertThat(only(i.handle(advert(150, 100, LOWER), heard + 1), WriteFifo.class)).hasSize(1);
    assertThat(only(i.handle(advert(0, 100, HIGHER), heard + 2), WriteFifo.class)).isEmpty();
  }

  @Test
  void inASyncGroupTheOtherMastersAnnounceToo() {
    VrrpInstance a = new VrrpInstance(lowerGarp(1, DELAY).build());
    VrrpInstance b =
        new VrrpInstance(
            InstanceConfig.builder("VI_2", 52, 3, Fixtures.ME, List.of(Fixtures.ip("192.0.2.101")))
                .garpMaster(0, 1)
                .garpLowerPrioRepeat(4)
                .garpLowerPrioDelayNs(2 * S)
                .build());
    SyncGroup g = new SyncGroup("G1", List.of(a, b));
    g.handle(a, Event.STARTUP, T0);
    g.handle(b, Event.STARTUP, T0);
    g.handle(a, Event.TIMER, T0 + a.masterDownIntervalNs());
    assertThat(b.state()).isEqualTo(VrrpState.MASTER);
    long heard = T0 + 10 * S;
    List<SyncGroup.Tagged> out = g.handle(a, advert(90, 100, HIGHER), heard);
    assertThat(out)
        .contains(
            new SyncGroup.Tagged("VI_1", new SendGarp(VIPS, 1)),
            new SyncGroup.Tagged("VI_2", new SendGarp(List.of(Fixtures.ip("192.0.2.101")), 4)),
            new SyncGroup.Tagged("VI_2", new ScheduleAt(b.nextDeadlineNs())));
    assertThat(only(b.handle(Event.TIMER, heard + 2 * S), SendGarp.class))
        .containsExactly(new SendGarp(List.of(Fixtures.ip("192.0.2.101")), 4));
  }
}
