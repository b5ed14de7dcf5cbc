package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.Fixtures.MS;
import static io.vigil.vrrp.fsm.Fixtures.S;
import static io.vigil.vrrp.fsm.Fixtures.T0;
import static io.vigil.vrrp.fsm.Fixtures.advert;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The FIFO lines of the state machine with {@code notify_priority_changes} against those Debian's
 * keepalived 2.2.7 wrote for the same story (golden/capture-keepalived-priority.sh): VRRPv2, advert
 * 1 s, priority 100 with a tracked file (weight 1) against a peer at 150; the file goes 20, 80 (it
 * preempts), 5 (the peer preempts back), -300 (FAULT), 0, 7.
 */
class NotifyPriorityGoldenTest {
  static final InetAddress PEER = Fixtures.ip("192.0.2.2");

  static List<String> golden() throws IOException {
    try (InputStream in =
        NotifyPriorityGoldenTest.class.getResourceAsStream(
            "/io/vigil/vrrp/golden/notify-fifo-priority.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    }
  }

  final List<String> lines = new ArrayList<>();
  final VrrpInstance me =
      new VrrpInstance(
          InstanceConfig.builder(
                  "VI_1", 51, 2, Fixtures.ip("192.0.2.1"), List.of(Fixtures.ip("192.0.2.100")))
              .notifyPriorityChanges(true)
              .track(Tracker.file("file:tf", 1))
              .build());

  void handle(Event e, long nowNs) {
    for (Action a : me.handle(e, nowNs)) {
      if (a instanceof Action.WriteFifo w) {
        lines.add(w.line());
      }
    }
  }

  /** The file holds {@code value} at {@code nowNs}. */
  void file(long value, long nowNs) {
    handle(new Event.TrackerValue("file:tf", value), nowNs);
  }

  /**
   * The peer (priority 150) adverts every second from {@code fromNs} until {@code untilNs}, our
   * timers firing in between; it goes quiet once we are master above it (it hears our advert).
   */
  long peerAdverts(long fromNs, long untilNs) {
    long t = fromNs;
    for (; t < untilNs; t += S) {
      while (me.nextDeadlineNs() != Long.MIN_VALUE && me.nextDeadlineNs() - t <= 0) {
        handle(Event.TIMER, me.nextDeadlineNs());
      }
      if (me.state() == VrrpState.MASTER && me.effectivePriority() > 150) {
        continue;
      }
      handle(advert(150, 100, PEER), t);
    }
    return t;
  }

  @Test
  void theSameLinesAsKeepalivedAsTheTrackedFileMoves() throws IOException {
    handle(Event.STARTUP, T0);
    long t = peerAdverts(T0 + 300 * MS, T0 + 3 * S);
    file(20, t);
    t = peerAdverts(t + 300 * MS, t + 2 * S);
    file(80, t);
    // the peer's adverts (150 < 180) are ignored now: the down timer makes it master
    t = peerAdverts(t + 300 * MS, t + 5 * S);
    assertThat(me.state()).isEqualTo(VrrpState.MASTER);
    file(5, t);
    // the peer, a backup at 150 above our 105, preempts: its first advert takes us to BACKUP
    t = peerAdverts(t + 3_800 * MS, t + 6 * S);
    assertThat(me.state()).isEqualTo(VrrpState.BACKUP);
    file(-300, t);
    file(0, t + S);
    t = peerAdverts(t + S + 300 * MS, t + 3 * S);
    file(7, t);
    assertThat(lines).containsExactlyElementsOf(golden());
  }
}
