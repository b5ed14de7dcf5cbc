package io.vigil.director.vrrp;

import static io.vigil.director.vrrp.LinkDebounce.Outcome.HELD;
import static io.vigil.director.vrrp.LinkDebounce.Outcome.NOTHING;
import static io.vigil.director.vrrp.LinkDebounce.Outcome.TELL;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** interface_up_down_delays, as keepalived 2.2.7 debounces link changes. */
class LinkDebounceTest {
  static final long MS = 1_000_000L;

  static LinkDebounce withDelays(long downMs, long upMs) {
    LinkDebounce d = new LinkDebounce();
    d.delays(Map.of("eth0", new long[] {downMs * MS, upMs * MS}));
    return d;
  }

  @Test
  void withoutADelayEveryChangeIsToldAtOnce() {
    LinkDebounce d = new LinkDebounce();
    d.known("eth0", true);
    assertThat(d.changed("eth0", true, 0)).isEqualTo(NOTHING);
    assertThat(d.changed("eth0", false, 0)).isEqualTo(TELL);
    assertThat(d.changed("eth0", false, 1)).isEqualTo(NOTHING);
    assertThat(d.changed("eth0", true, 2)).isEqualTo(TELL);
    assertThat(d.nextDueNs()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aFlapShorterThanTheDelayIsNeverTold() {
    LinkDebounce d = withDelays(500, 0);
    d.known("eth0", true);
    assertThat(d.changed("eth0", false, 1_000 * MS)).isEqualTo(HELD);
    assertThat(d.nextDueNs()).isEqualTo(1_500 * MS);
    assertThat(d.changed("eth0", false, 1_200 * MS)).isEqualTo(NOTHING); // still on its way
    assertThat(d.nextDueNs()).isEqualTo(1_500 * MS);
    assertThat(d.changed("eth0", true, 1_300 * MS)).isEqualTo(NOTHING); // back in time
    assertThat(d.holding("eth0")).isFalse();
    assertThat(d.due(2_000 * MS)).isEmpty();
  }

  @Test
  void aChangeThatLastsIsToldWhenItsDelayIsOver() {
    LinkDebounce d = withDelays(500, 200);
    d.known("eth0", true);
    assertThat(d.changed("eth0", false, 0)).isEqualTo(HELD);
    assertThat(d.due(499 * MS)).isEmpty();
    assertThat(d.due(500 * MS)).containsExactly(new LinkDebounce.Change("eth0", false));
    assertThat(d.due(600 * MS)).isEmpty();
    // coming back up is held for the up delay
    assertThat(d.changed("eth0", true, 1_000 * MS)).isEqualTo(HELD);
    assertThat(d.nextDueNs()).isEqualTo(1_200 * MS);
    assertThat(d.due(1_200 * MS)).containsExactly(new LinkDebounce.Change("eth0", true));
  }

  @Test
  void aLinkNeverSeenUpIsNotDelayedAndNorIsAnUnknownOne() {
    LinkDebounce d = withDelays(500, 500);
    d.known("eth0", false); // down when its instance started
    assertThat(d.changed("eth0", true, 0)).isEqualTo(TELL); // first up: at once
    assertThat(d.changed("eth0", false, 10)).isEqualTo(HELD); // seen up now
    LinkDebounce fresh = withDelays(500, 500);
    assertThat(fresh.changed("eth0", false, 0)).isEqualTo(TELL); // nothing known yet
  }

  @Test
  void aRemovedLinkIsDownAtOnceWhateverWasHeld() {
    LinkDebounce d = withDelays(0, 500);
    d.known("eth0", true);
    assertThat(d.changed("eth0", false, 0)).isEqualTo(TELL);
    assertThat(d.changed("eth0", true, 10)).isEqualTo(HELD);
    d.removed("eth0");
    assertThat(d.holding("eth0")).isFalse();
    assertThat(d.due(Long.MAX_VALUE / 2)).isEmpty();
    assertThat(d.changed("eth0", false, 20)).isEqualTo(NOTHING);
  }

  @Test
  void otherInterfacesKeepTheirOwnDelays() {
    LinkDebounce d = withDelays(500, 0);
    d.known("eth0", true);
    d.known("eth1", true);
    assertThat(d.changed("eth1", false, 0)).isEqualTo(TELL);
    assertThat(d.changed("eth0", false, 0)).isEqualTo(HELD);
  }
}
