package io.vigil.vrrp.bfd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The BFD codec and session against what two Debian keepalived 2.2.7 sent each other
 * (bfd-keepalived.txt, captured by capture-keepalived-bfd.sh): every packet decodes, is valid and
 * encodes to the same bytes; and a session configured as keepalived's first side, fed the second
 * side's packets in their order, sends the first side's packets byte for byte (Down, Init, the
 * final that answers the neighbour's poll at once, then Up at the agreed interval).
 */
class BfdSessionTest {
  record Line(String source, int ttl, byte[] bytes) {}

  static List<Line> golden() throws IOException {
    try (InputStream in =
        BfdSessionTest.class.getResourceAsStream("/io/vigil/vrrp/golden/bfd-keepalived.txt")) {
      List<Line> out = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (l.isBlank() || l.startsWith("#")) {
          continue;
        }
        String[] f = l.split(" ");
        out.add(new Line(f[0], Integer.parseInt(f[3]), HexFormat.of().parseHex(f[4])));
      }
      return out;
    }
  }

  static final BfdSession.Config A =
      new BfdSession.Config("bfd_a", 100_000, 100_000, 1_000_000, 3, false);

  @Test
  void keepalivedsPacketsDecodeAreValidAndEncodeToTheSameBytes() throws IOException {
    List<Line> lines = golden();
    assertThat(lines).hasSizeGreaterThan(20);
    for (Line l : lines) {
      assertThat(l.ttl()).isEqualTo(255);
      BfdControl c = BfdControl.decode(l.bytes(), 0, l.bytes().length);
      assertThat(c).isNotNull();
      assertThat(c.problem(l.bytes().length)).isNull();
      byte[] ours = new byte[BfdControl.LENGTH];
      c.encode(ours, 0);
      assertThat(ours).isEqualTo(l.bytes());
    }
  }

  @Test
  void aSessionAsKeepalivedsFirstSideSendsItsPacketsByteForByte() throws IOException {
    List<Line> lines = golden();
    long discr = BfdControl.decode(lines.get(0).bytes(), 0, 24).myDiscriminator();
    BfdSession s = new BfdSession(A, () -> discr, bound -> bound / 2);
    List<BfdSession.Effect> out = new ArrayList<>();
    long now = 1_000_000_000L;
    s.start(now, out);
    List<byte[]> pending = new ArrayList<>(sent(out));
    out.clear();
    List<String> changes = new ArrayList<>();
    int matched = 0;
    for (Line l : lines) {
      if (l.source().startsWith("192.0.2.2:")) {
        s.onPacket(BfdControl.decode(l.bytes(), 0, 24), now, out);
        pending.addAll(sent(out));
        changes.addAll(changed(out));
        out.clear();
        continue;
      }
      while (pending.isEmpty()) {
        now = s.nextDeadlineNs();
        s.onTimer(now, out);
        pending.addAll(sent(out));
        changes.addAll(changed(out));
        out.clear();
      }
      assertThat(HexFormat.of().formatHex(pending.remove(0)))
          .as("packet %d of the first side", matched)
          .isEqualTo(HexFormat.of().formatHex(l.bytes()));
      matched++;
    }
    assertThat(matched).isGreaterThan(10);
    assertThat(changes).containsExactly("up (bfd_a) Entering Up state");
    assertThat(s.up()).isTrue();
    // the neighbour's Up packets had desired min TX 150 ms and multiplier 4; ours min RX 100 ms
    assertThat(s.detectionTimeUs()).isEqualTo(600_000);
    assertThat(s.transmitIntervalUs()).isEqualTo(200_000);

    // silence: Down after the detection time, with keepalived's words
    long last = now;
    while (s.up()) {
      now = s.nextDeadlineNs();
      s.onTimer(now, out);
      changes.addAll(changed(out));
      out.clear();
    }
    assertThat(changes)
        .last()
        .isEqualTo(
            "down (bfd_a) Entering Down state (Local diagnostic - Control Detection Time Expired,"
                + " Remote diagnostic - No Diagnostic)");
    assertThat((now - last) / 1_000_000).isBetween(400L, 600L);
    assertThat(s.localDiscriminator()).isEqualTo(discr); // the supplier gives the same one here
    assertThat(s.transmitIntervalUs()).isEqualTo(1_000_000);
  }

  @Test
  void twoSessionsComeUpAndANeighboursAdminDownIsNotAFailure() {
    BfdSession a = new BfdSession(A, () -> 0x11, bound -> 0);
    BfdSession b =
        new BfdSession(
            new BfdSession.Config("bfd_b", 200_000, 150_000, 1_000_000, 4, true),
            () -> 0x22,
            bound -> bound);
    List<BfdSession.Effect> out = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    long now = 0;
    a.start(now, out);
    b.start(now, out);
    // b is passive: it sends nothing until a's first packet
    assertThat(sent(out)).hasSize(1);
    for (int i = 0; i < 200 && !(a.up() && b.up()); i++) {
      List<byte[]> fromA = new ArrayList<>();
      List<byte[]> fromB = new ArrayList<>();
      for (BfdSession.Effect e : out) {
        if (e instanceof BfdSession.Effect.Send send) {
          (send.packet().myDiscriminator() == 0x11 ? fromA : fromB).add(bytes(send.packet()));
        }
      }
      out.clear();
      fromA.forEach(p -> b.onPacket(BfdControl.decode(p, 0, 24), 0, out));
      fromB.forEach(p -> a.onPacket(BfdControl.decode(p, 0, 24), 0, out));
      changes.addAll(changed(out));
      if (out.stream().noneMatch(e -> e instanceof BfdSession.Effect.Send)) {
        now = Math.min(a.nextDeadlineNs(), b.nextDeadlineNs());
        a.onTimer(now, out);
        b.onTimer(now, out);
      }
    }
    assertThat(a.up()).isTrue();
    assertThat(b.up()).isTrue();
    out.clear();
    // b says AdminDown: a goes Down, but what tracks it is not told
    a.onPacket(
        BfdControl.of(7, BfdControl.ADMIN_DOWN, false, false, 4, 0x22, 0x11, 1_000_000, 200_000),
        now,
        out);
    assertThat(a.up()).isFalse();
    assertThat(changed(out)).isEmpty();
  }

  static byte[] bytes(BfdControl c) {
    byte[] b = new byte[24];
    c.encode(b, 0);
    return b;
  }

  static List<byte[]> sent(List<BfdSession.Effect> out) {
    return out.stream()
        .filter(e -> e instanceof BfdSession.Effect.Send)
        .map(e -> bytes(((BfdSession.Effect.Send) e).packet()))
        .toList();
  }

  static List<String> changed(List<BfdSession.Effect> out) {
    return out.stream()
        .filter(e -> e instanceof BfdSession.Effect.Changed)
        .map(e -> (BfdSession.Effect.Changed) e)
        .map(c -> (c.up() ? "up " : "down ") + c.log())
        .toList();
  }
}
