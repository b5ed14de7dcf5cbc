package io.vigil.healthcheck.net;

import static io.vigil.healthcheck.net.Checks.once;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.DnsCheckSpec;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DnsCheckerTest {
  private static Transport transport;

  @BeforeAll
  static void group() {
    transport = Transport.create(1);
  }

  @AfterAll
  static void closeGroup() {
    transport.close();
  }

  /** A DNS responder: for the first query, sends whatever {@code replies} makes of it. */
  private static final class Responder implements AutoCloseable {
    final DatagramSocket socket;
    final List<byte[]> queries = new CopyOnWriteArrayList<>();

    Responder(Function<byte[], List<byte[]>> replies) throws Exception {
      socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
      Thread t =
          new Thread(
              () -> {
                try {
                  byte[] buf = new byte[512];
                  DatagramPacket p = new DatagramPacket(buf, buf.length);
                  socket.receive(p);
                  byte[] q = Arrays.copyOf(buf, p.getLength());
                  queries.add(q);
                  for (byte[] r : replies.apply(q)) {
                    socket.send(new DatagramPacket(r, r.length, p.getSocketAddress()));
                  }
                } catch (java.io.IOException ignored) {
                  // closed by the test
                }
              });
      t.setDaemon(true);
      t.start();
    }

    DnsCheckSpec spec(int type, String name, long timeoutMs) {
      return new DnsCheckSpec(
          ConnectSpec.to((InetSocketAddress) socket.getLocalSocketAddress()),
          Checks.timing(CheckerKind.DNS_CHECK, timeoutMs),
          type,
          name);
    }

    @Override
    public void close() {
      socket.close();
    }
  }

  /** The query turned into a response with this rcode (and optionally another id). */
  private static byte[] answer(byte[] q, int rcode, int idDelta, boolean qr) {
    byte[] r = q.clone();
    int id = ((r[0] & 0xFF) << 8 | (r[1] & 0xFF)) + idDelta;
    r[0] = (byte) (id >>> 8);
    r[1] = (byte) id;
    r[2] = (byte) ((qr ? 0x80 : 0) | (r[2] & 0x7F));
    r[3] = (byte) (0x80 | rcode);
    return r;
  }

  @Test
  void theQueryIsKeepalivedsSoaForTheRootWithRecursionDesired() throws Exception {
    try (Responder r = new Responder(q -> List.of(answer(q, 0, 0, true)))) {
      assertThat(once(new DnsChecker(r.spec(6, DnsCheckSpec.ROOT, 3000), transport)))
          .isEqualTo(CheckResult.up("DNS answer, rcode 0"));
      // everything after the random id: RD, one question, root name, SOA, IN
      assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(r.queries.get(0), 2, 17)))
          .isEqualTo("0100" + "0001" + "0000" + "0000" + "0000" + "00" + "0006" + "0001");
    }
  }

  @Test
  void namesAreLengthPrefixedLabels() throws Exception {
    try (Responder r = new Responder(q -> List.of(answer(q, 0, 0, true)))) {
      assertThat(
              once(new DnsChecker(
                      r.spec(DnsCheckSpec.parseType("aaaa"), "www.example.test.", 3000), transport))
                  .up())
          .isTrue();
      byte[] q = r.queries.get(0);
      assertThat(new String(q, 12, q.length - 12 - 4, java.nio.charset.StandardCharsets.ISO_8859_1))
          .isEqualTo("\u0003www\u0007example\u0004test\u0000");
      assertThat(q[q.length - 3]).isEqualTo((byte) 28);
    }
  }

  @Test
  void anErrorRcodeIsDown() throws Exception {
    try (Responder r = new Responder(q -> List.of(answer(q, 2, 0, true)))) {
      assertThat(once(new DnsChecker(r.spec(6, ".", 3000), transport)))
          .isEqualTo(CheckResult.down("DNS error, rcode 2"));
    }
  }

  @Test
  void answersForAnotherIdOrNotResponsesAreSkipped() throws Exception {
    try (Responder r =
        new Responder(
            q ->
                List.of(
                    answer(q, 0, 1, true),
                    answer(q, 0, 0, false),
                    new byte[3],
                    answer(q, 0, 0, true)))) {
      assertThat(once(new DnsChecker(r.spec(6, ".", 3000), transport)).up()).isTrue();
    }
  }

  @Test
  void silenceAndAClosedPortAreDown() throws Exception {
    try (Responder r = new Responder(q -> List.of())) {
      long t0 = System.nanoTime();
      assertThat(once(new DnsChecker(r.spec(6, ".", 300), transport)))
          .isEqualTo(CheckResult.down("no DNS answer within 300 ms"));
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
    }
    Responder closed = new Responder(q -> List.of());
    DnsCheckSpec spec = closed.spec(6, ".", 3000);
    closed.close();
    assertThat(once(new DnsChecker(spec, transport)))
        .isEqualTo(CheckResult.down("ICMP port unreachable"));
  }

  @Test
  void aFloodOfStrangersEndsTheCheck() throws Exception {
    try (Responder r =
        new Responder(
            q -> {
              byte[][] junk = new byte[20][];
              Arrays.fill(junk, answer(q, 0, 7, true));
              return List.of(junk);
            })) {
      assertThat(once(new DnsChecker(r.spec(6, ".", 3000), transport)).reason())
          .isEqualTo("garbage: 16 datagrams, none our DNS answer");
    }
  }
}
