package io.vigil.vrrp.fsm;

import static io.vigil.vrrp.fsm.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The FIFO lines of the state machine against those Debian's keepalived 2.2.7 wrote for the same
 * sync group (golden/capture-keepalived-fifo.sh): two instances of priority 150 alone on the link
 * start as BACKUP and become MASTER together when the first down timer fires.
 */
class NotifyFifoGoldenTest {
  static List<String> golden() throws IOException {
    try (InputStream in =
        NotifyFifoGoldenTest.class.getResourceAsStream(
            "/io/vigil/vrrp/golden/notify-fifo-sync-group.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
    }
  }

  static InstanceConfig instance(String name, int vrid, String vip) {
    return InstanceConfig.builder(name, vrid, 2, Fixtures.ME, List.of(Fixtures.ip(vip)))
        .priority(150)
        .build();
  }

  static List<String> fifo(List<SyncGroup.Tagged> out) {
    List<String> lines = new ArrayList<>();
    for (SyncGroup.Tagged t : out) {
      if (t.action() instanceof Action.WriteFifo w) {
        lines.add(w.line());
      }
    }
    return lines;
  }

  @Test
  void theSameLinesAsKeepalivedForASyncGroupComingUp() throws IOException {
    VrrpInstance a = new VrrpInstance(instance("VI_1", 51, "192.0.2.100"));
    VrrpInstance b = new VrrpInstance(instance("VI_2", 52, "192.0.2.101"));
    SyncGroup g = new SyncGroup("G1", List.of(a, b));
    List<String> startup = new ArrayList<>(fifo(g.handle(a, Event.STARTUP, T0)));
    startup.addAll(fifo(g.handle(b, Event.STARTUP, T0)));
    List<String> master = fifo(g.handle(b, Event.TIMER, T0 + b.masterDownIntervalNs()));

    List<String> golden = golden();
    assertThat(golden).hasSize(6);
    // keepalived writes the group's BACKUP line before its members' at start; the lines are equal
    assertThat(startup).containsExactlyInAnyOrderElementsOf(golden.subList(0, 3));
    // the member whose timer fired, the one that follows, then the group: in keepalived's order
    assertThat(master).containsExactlyElementsOf(golden.subList(3, 6));
  }
}
