package io.vigil.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.kernel.Errno;
import io.vigil.kernel.netlink.NetlinkTimeoutException;
import io.vigil.netlink.NetlinkConnection.Message;
import io.vigil.netlink.NetlinkConnection.Request;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The request/reply exchange against the in-memory kernel twin. */
class NetlinkConnectionTest {
  static final int TYPE = 0x30;
  static final long TIMEOUT_MS = 1234;

  static Request request(String what) {
    return new Request(new AttrWriter(TYPE, 0).u32(1, what.hashCode()).finish(), what);
  }

  static Request dumpRequest() {
    return new Request(new AttrWriter(TYPE, 0).finish(), "dump things");
  }

  static byte[] thing(int seq, int n, int flags) {
    return Wire.part(TYPE, seq, flags, Wire.attr(1, Wire.le32(n)));
  }

  static int valueOf(Message m) {
    Attrs a = m.attrs(0);
    int v = -1;
    while (a.next()) {
      v = a.u32();
    }
    a.check();
    return v;
  }

  @Test
  void executeStampsTheRequestAndMatchesItsAckBySequenceAndPort() {
    KernelTwin twin =
        new KernelTwin(
            r ->
                List.of(
                    // a reply to an earlier request that timed out: stale, dropped
                    Wire.ack(new Wire.Msg(TYPE, 0, r.seq() - 1, r.pid(), r.bytes())),
                    // the right seq, but another socket's port id: not ours, dropped
                    Wire.message(
                        NlMsg.ERROR, 0, r.seq(), 77, Wire.concat(Wire.le32(-1), r.bytes())),
                    Wire.ack(r)));
    NetlinkConnection c = new NetlinkConnection(twin, TIMEOUT_MS, 100);
    c.execute(request("add a thing"));
    Wire.Msg sent = twin.requests.get(0);
    assertThat(sent.seq()).isEqualTo(101);
    assertThat(sent.pid()).isEqualTo(KernelTwin.PORT_ID);
    assertThat(sent.flags()).isEqualTo(NlMsg.F_REQUEST | NlMsg.F_ACK);
    assertThat(twin.queued()).isZero();
    c.execute(request("add another"));
    assertThat(twin.requests.get(1).seq()).isEqualTo(102);
  }

  @Test
  void queryReturnsTheAnswerAndStopsAtTheAck() {
    KernelTwin twin = new KernelTwin(r -> List.of(thing(r.seq(), 7, 0), Wire.ack(r)));
    List<Message> got = new NetlinkConnection(twin, TIMEOUT_MS).query(request("get a thing"));
    assertThat(got).hasSize(1);
    assertThat(valueOf(got.get(0))).isEqualTo(7);
  }

  @Test
  void dumpReadsEveryPartOverManyDatagramsUntilDone() {
    KernelTwin twin =
        new KernelTwin(
            r ->
                List.of(
                    Wire.datagram(thing(r.seq(), 1, 0), thing(r.seq(), 2, 0)),
                    Wire.datagram(thing(r.seq(), 3, 0)),
                    Wire.datagram(thing(r.seq(), 4, 0), thing(r.seq(), 5, 0), Wire.done(r.seq()))));
    List<Message> got = new NetlinkConnection(twin, TIMEOUT_MS).dump(dumpRequest());
    assertThat(got.stream().map(NetlinkConnectionTest::valueOf)).containsExactly(1, 2, 3, 4, 5);
    assertThat(twin.requests.get(0).flags()).isEqualTo(NlMsg.F_REQUEST | NlMsg.F_DUMP);
  }

  @Test
  void anInterruptedDumpIsRetriedAndOnlyTheCleanAttemptCounts() {
    int[] attempts = {0};
    KernelTwin twin =
        new KernelTwin(
            r -> {
              attempts[0]++;
              if (attempts[0] == 1) {
                return List.of(
                    Wire.datagram(thing(r.seq(), 1, 0), thing(r.seq(), 2, NlMsg.F_DUMP_INTR)),
                    Wire.datagram(Wire.done(r.seq(), NlMsg.F_DUMP_INTR)));
              }
              return List.of(Wire.datagram(thing(r.seq(), 1, 0), Wire.done(r.seq())));
            });
    List<Message> got = new NetlinkConnection(twin, TIMEOUT_MS).dump(dumpRequest());
    assertThat(got.stream().map(NetlinkConnectionTest::valueOf)).containsExactly(1);
    assertThat(twin.requests).hasSize(2);
    assertThat(twin.requests.get(1).seq()).isNotEqualTo(twin.requests.get(0).seq());
  }

  @Test
  void aDumpThatIsAlwaysInterruptedGivesUpWithATypedErrorAfterTheRetries() {
    KernelTwin twin =
        new KernelTwin(
            r -> List.of(Wire.datagram(thing(r.seq(), 1, NlMsg.F_DUMP_INTR), Wire.done(r.seq()))));
    assertThatThrownBy(() -> new NetlinkConnection(twin, TIMEOUT_MS).dump(dumpRequest()))
        .isInstanceOfSatisfying(
            NetlinkException.class,
            e -> {
              assertThat(e.errno()).isEqualTo(Errno.EBUSY);
              assertThat(e.request()).isEqualTo("dump things");
              assertThat(e.getMessage()).contains("kept changing");
            });
    assertThat(twin.requests).hasSize(NetlinkConnection.DUMP_RETRIES);
  }

  @Test
  void aDumpTheKernelEndsWithAnErrorThrowsIt() {
    KernelTwin twin =
        new KernelTwin(
            r ->
                List.of(Wire.message(NlMsg.DONE, NlMsg.F_MULTI, r.seq(), Wire.le32(-Errno.EINTR))));
    assertThatThrownBy(() -> new NetlinkConnection(twin, TIMEOUT_MS).dump(dumpRequest()))
        .isInstanceOfSatisfying(
            NetlinkException.class, e -> assertThat(e.errnoName()).isEqualTo("EINTR"));
  }

  @Test
  void aDumpRefusedInItsDoneCarriesTheExtendedAck() {
    KernelTwin twin =
        new KernelTwin(
            r ->
                List.of(
                    Wire.message(
                        NlMsg.DONE,
                        NlMsg.F_MULTI | NlMsg.F_ACK_TLVS,
                        r.seq(),
                        Wire.concat(
                            Wire.le32(-Errno.EINVAL),
                            Wire.attr(NlMsg.ERR_ATTR_MSG, Wire.cstring("Invalid dump filter"))))));
    assertThatThrownBy(() -> new NetlinkConnection(twin, TIMEOUT_MS).dump(dumpRequest()))
        .isInstanceOfSatisfying(
            NetlinkException.class,
            e -> {
              assertThat(e.errnoName()).isEqualTo("EINVAL");
              assertThat(e.extAck()).isEqualTo("Invalid dump filter");
              assertThat(e.getMessage()).isEqualTo("EINVAL: dump things: Invalid dump filter");
            });
  }

  @ParameterizedTest(name = "capped={0}")
  @ValueSource(booleans = {true, false})
  void aRefusalCarriesErrnoItsNameTheExtendedAckAndTheRequest(boolean capped) {
    KernelTwin twin =
        new KernelTwin(
            r -> List.of(Wire.error(r, Errno.EEXIST, "Service already exists here", capped)));
    assertThatThrownBy(
            () ->
                new NetlinkConnection(twin, TIMEOUT_MS)
                    .execute(request("add service TCP 192.0.2.10:80")))
        .isInstanceOfSatisfying(
            NetlinkException.class,
            e -> {
              assertThat(e.errno()).isEqualTo(Errno.EEXIST);
              assertThat(e.errnoName()).isEqualTo("EEXIST");
              assertThat(e.extAck()).isEqualTo("Service already exists here");
              assertThat(e.request()).isEqualTo("add service TCP 192.0.2.10:80");
              assertThat(e.getMessage())
                  .isEqualTo("EEXIST: add service TCP 192.0.2.10:80: Service already exists here");
            });
  }

  @Test
  void aRefusalWithoutExtendedAckStillNamesErrnoAndRequest() {
    KernelTwin twin = new KernelTwin(r -> List.of(Wire.error(r, Errno.ESRCH, null, false)));
    assertThatThrownBy(
            () -> new NetlinkConnection(twin, TIMEOUT_MS).execute(request("delete service X")))
        .isInstanceOfSatisfying(
            NetlinkException.class,
            e -> {
              assertThat(e.extAck()).isNull();
              assertThat(e.getMessage()).startsWith("ESRCH: delete service X: ");
            });
  }

  @Test
  void aBatchGoesInOneDatagramAndEachAckFindsItsRequestEvenOutOfOrder() {
    List<Request> reqs = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      reqs.add(request("op " + i));
    }
    List<Wire.Msg> seen = new ArrayList<>();
    KernelTwin twin =
        new KernelTwin(
            r -> {
              seen.add(r);
              if (seen.size() < 100) {
                return List.of();
              }
              // the kernel answers the whole datagram: refusals at 37 and 80; deliver the acks in
              // three datagrams, in reverse order, to prove matching is by sequence number
              List<byte[]> acks = new ArrayList<>();
              for (int i = 0; i < seen.size(); i++) {
                Wire.Msg m = seen.get(i);
                acks.add(
                    i == 37
                        ? Wire.error(m, Errno.EEXIST, "exists", true)
                        : i == 80 ? Wire.error(m, Errno.ENOENT, null, false) : Wire.ack(m));
              }
              Collections.reverse(acks);
              return List.of(
                  Wire.datagram(acks.subList(0, 30).toArray(byte[][]::new)),
                  Wire.datagram(acks.subList(30, 31).toArray(byte[][]::new)),
                  Wire.datagram(acks.subList(31, 100).toArray(byte[][]::new)));
            });
    NetlinkConnection c = new NetlinkConnection(twin, TIMEOUT_MS);
    List<RuntimeException> out = c.batch(reqs);
    assertThat(twin.sentDatagrams).hasSize(1);
    assertThat(c.requestsSent()).isEqualTo(100);
    assertThat(c.datagramsSent()).isEqualTo(1);
    assertThat(out).hasSize(100);
    for (int i = 0; i < 100; i++) {
      if (i == 37) {
        assertThat(out.get(i)).hasMessage("EEXIST: op 37: exists");
      } else if (i == 80) {
        assertThat(((NetlinkException) out.get(i)).errnoName()).isEqualTo("ENOENT");
        assertThat(((NetlinkException) out.get(i)).request()).isEqualTo("op 80");
      } else {
        assertThat(out.get(i)).as("request %d", i).isNull();
      }
    }
  }

  @Test
  void aBigBatchIsSplitIntoDatagramsOfBoundedSize() {
    KernelTwin twin = KernelTwin.acking();
    byte[] filler = new byte[1000];
    List<Request> reqs =
        IntStream.range(0, 600)
            .mapToObj(i -> new Request(new AttrWriter(TYPE, 0).bytes(1, filler).finish(), "r" + i))
            .toList();
    List<RuntimeException> out = new NetlinkConnection(twin, TIMEOUT_MS).batch(reqs);
    assertThat(out).hasSize(600).containsOnlyNulls();
    assertThat(twin.sentDatagrams).hasSizeGreaterThan(1);
    assertThat(twin.sentDatagrams)
        .allSatisfy(
            d -> assertThat(d.length).isLessThanOrEqualTo(NetlinkConnection.BATCH_DATAGRAM_BYTES));
    assertThat(twin.requests).hasSize(600);
  }

  @Test
  void sequenceNumbersWrapWithoutLosingAcks() {
    KernelTwin twin = KernelTwin.acking();
    NetlinkConnection c = new NetlinkConnection(twin, TIMEOUT_MS, Integer.MAX_VALUE - 2);
    List<RuntimeException> out =
        c.batch(IntStream.range(0, 6).mapToObj(i -> request("w" + i)).toList());
    assertThat(out).hasSize(6).containsOnlyNulls();
    assertThat(twin.requests.stream().map(Wire.Msg::seq))
        .containsExactly(
            Integer.MAX_VALUE - 1,
            Integer.MAX_VALUE,
            Integer.MIN_VALUE,
            Integer.MIN_VALUE + 1,
            Integer.MIN_VALUE + 2,
            Integer.MIN_VALUE + 3);
    c.execute(request("after the wrap"));
  }

  @Test
  void aSilentKernelIsATimeoutErrorForEveryKindOfExchange() {
    KernelTwin twin = new KernelTwin(r -> List.of());
    NetlinkConnection c = new NetlinkConnection(twin, TIMEOUT_MS);
    assertThatThrownBy(() -> c.execute(request("x"))).isInstanceOf(NetlinkTimeoutException.class);
    assertThatThrownBy(() -> c.query(request("x"))).isInstanceOf(NetlinkTimeoutException.class);
    assertThatThrownBy(() -> c.dump(dumpRequest())).isInstanceOf(NetlinkTimeoutException.class);
    assertThatThrownBy(() -> c.batch(List.of(request("a"), request("b"))))
        .isInstanceOf(NetlinkTimeoutException.class);
    assertThat(twin.receiveTimeoutsMs).allSatisfy(t -> assertThat(t).isBetween(0L, TIMEOUT_MS));
  }

  @Test
  void aKernelThatStopsHalfwayThroughADumpOrBatchIsATimeoutNotAHang() {
    KernelTwin dumpTwin = new KernelTwin(r -> List.of(thing(r.seq(), 1, 0)));
    assertThatThrownBy(() -> new NetlinkConnection(dumpTwin, TIMEOUT_MS).dump(dumpRequest()))
        .isInstanceOf(NetlinkTimeoutException.class);
    int[] n = {0};
    KernelTwin batchTwin = new KernelTwin(r -> n[0]++ == 0 ? List.of(Wire.ack(r)) : List.of());
    assertThatThrownBy(
            () ->
                new NetlinkConnection(batchTwin, TIMEOUT_MS)
                    .batch(List.of(request("a"), request("b"))))
        .isInstanceOf(NetlinkTimeoutException.class);
  }

  @Test
  void onlyStaleRepliesAreStillATimeout() {
    KernelTwin twin =
        new KernelTwin(
            r ->
                IntStream.range(0, 50)
                    .mapToObj(i -> Wire.ack(new Wire.Msg(TYPE, 0, r.seq() - 1 - i, 0, r.bytes())))
                    .toList());
    assertThatThrownBy(() -> new NetlinkConnection(twin, TIMEOUT_MS).execute(request("x")))
        .isInstanceOf(NetlinkTimeoutException.class);
  }

  @Test
  void aMessageLengthPastTheDatagramIsADecodeError() {
    KernelTwin twin =
        new KernelTwin(
            r -> {
              byte[] ack = Wire.ack(r);
              ack[0] = (byte) 0xff; // nlmsg_len 255 in a 36-byte datagram
              return List.of(ack);
            });
    assertThatThrownBy(() -> new NetlinkConnection(twin, TIMEOUT_MS).execute(request("x")))
        .isInstanceOf(NetlinkDecodeException.class)
        .hasMessageContaining("netlink message length 255");
  }

  @Test
  void closeClosesTheTransport() {
    KernelTwin twin = KernelTwin.acking();
    new NetlinkConnection(twin, TIMEOUT_MS).close();
    assertThat(twin.closed).isTrue();
  }
}
