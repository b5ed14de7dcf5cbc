package io.vigil.netlink.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.netlink.Golden;
import io.vigil.netlink.KernelTwin;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.Wire;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our IPVS client against what ipvsadm 1.31 sent to a real kernel and what that kernel answered
 * (src/test/resources/golden/ipvsadm-*.hex, captured with strace in the lab VM). The twin answers a
 * request of ours only when the capture holds the same request, so each test proves the encoding
 * and decodes the kernel's real answer.
 */
class IpvsGoldenTest {
  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  static final ServiceKey WEB = ServiceKey.of(Protocol.TCP, ip("192.0.2.10"), 80);
  static final ServiceKey DNS = ServiceKey.of(Protocol.UDP, ip("192.0.2.10"), 53);
  static final ServiceKey V6 = ServiceKey.of(Protocol.TCP, ip("2001:db8::10"), 443);
  static final ServiceKey MARK = ServiceKey.fwmark(7, ServiceKey.AF_INET);

  static final ServiceSettings DNS_SETTINGS =
      new ServiceSettings("sh", ServiceSettings.F_SCHED1 | ServiceSettings.F_SCHED2, 0, 32, null)
          .withPersistence(300, 24);
  static final ServiceSettings V6_SETTINGS =
      ServiceSettings.of("mh", ServiceKey.AF_INET6).withPersistence(60, 64);

  /** Equal after reduction to what the kernel reads (see {@link IpvsCanonical}). */
  static boolean sameForTheKernel(byte[] ours, byte[] theirs) {
    List<Wire.Msg> a = Wire.split(ours);
    List<Wire.Msg> b = Wire.split(theirs);
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!IpvsCanonical.of(a.get(i).bytes()).equals(IpvsCanonical.of(b.get(i).bytes()))) {
        return false;
      }
    }
    return true;
  }

  static KernelTwin exact(String capture) {
    return new KernelTwin(Golden.load(capture).replayExact());
  }

  static KernelTwin canonical(String capture) {
    return new KernelTwin(
        withUnreadAcks(Golden.load(capture).replay(IpvsGoldenTest::sameForTheKernel)));
  }

  /**
   * ipvsadm asks GET_INFO with NLM_F_ACK but stops reading after the answer, so the ack the kernel
   * queued behind it never shows in the capture; the twin adds it (it is the same ack every other
   * request in the captures got).
   */
  static KernelTwin.Kernel withUnreadAcks(KernelTwin.Kernel replay) {
    return r -> {
      List<byte[]> answers = new java.util.ArrayList<>(replay.answer(r));
      boolean acked =
          answers.stream()
              .flatMap(d -> Wire.split(d).stream())
              .anyMatch(
                  m ->
                      m.type() == io.vigil.netlink.NlMsg.ERROR
                          || m.type() == io.vigil.netlink.NlMsg.DONE);
      if (!acked && (r.flags() & io.vigil.netlink.NlMsg.F_ACK) != 0) {
        answers.add(Wire.ack(r));
      }
      return answers;
    };
  }

  static Stream<Arguments> services() {
    return Stream.of(
        Arguments.of("ipvsadm-add-service", WEB, ServiceSettings.of("wrr", ServiceKey.AF_INET)),
        Arguments.of("ipvsadm-add-service-persistent", DNS, DNS_SETTINGS),
        Arguments.of("ipvsadm-add-service-v6", V6, V6_SETTINGS),
        Arguments.of(
            "ipvsadm-add-service-fwmark", MARK, ServiceSettings.of("lc", ServiceKey.AF_INET)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("services")
  void familyLookupAndAddServiceAreByteIdenticalToIpvsadm(
      String capture, ServiceKey key, ServiceSettings settings) {
    KernelTwin twin = exact(capture);
    try (IpvsClient c = new IpvsClient(twin, 1000)) {
      c.addService(key, settings);
    }
    // the family lookup and the add, both matched byte for byte and acked by the real answer
    assertThat(twin.requests).hasSize(2);
  }

  static Stream<Arguments> configurationOperations() {
    Consumer<IpvsClient> start =
        c -> c.startDaemon(new SyncDaemon(SyncDaemon.Role.MASTER, "sync0", 9, 0, null, 0, 0));
    Consumer<IpvsClient> timeouts = c -> c.setTimeouts(new Timeouts(901, 121, 301));
    Consumer<IpvsClient> zero = c -> c.zero(null);
    return Stream.of(
        Arguments.of("ipvsadm-start-daemon", start),
        Arguments.of("ipvsadm-set-timeouts", timeouts),
        Arguments.of("ipvsadm-zero", zero));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("configurationOperations")
  void syncDaemonTimeoutAndZeroRequestsAreByteIdenticalToIpvsadm(
      String capture, Consumer<IpvsClient> op) {
    KernelTwin twin = exact(capture);
    try (IpvsClient c = new IpvsClient(twin, 1000)) {
      op.accept(c);
    }
    assertThat(twin.requests).hasSize(2);
  }

  @Test
  void theKernelsDaemonAndTimeoutAnswersDecode() {
    try (IpvsClient c = new IpvsClient(canonical("ipvsadm-list-daemon"), 1000)) {
      assertThat(c.daemons())
          .containsExactly(
              new SyncDaemon(SyncDaemon.Role.MASTER, "sync0", 9, 1472, ip("224.0.0.81"), 8848, 1));
    }
    try (IpvsClient c = new IpvsClient(canonical("ipvsadm-list-timeouts"), 1000)) {
      assertThat(c.timeouts()).isEqualTo(new Timeouts(901, 121, 301));
    }
  }

  static Stream<Arguments> otherOperations() {
    Consumer<IpvsClient> masq =
        c ->
            c.addDest(
                WEB, new DestKey(ip("203.0.113.5"), 8080), DestSettings.of(Forwarding.MASQ, 3));
    Consumer<IpvsClient> droute =
        c ->
            c.addDest(
                WEB,
                new DestKey(ip("203.0.113.6"), 80),
                new DestSettings(Forwarding.DROUTE, 0, 100, 10, 0, 0, 0));
    Consumer<IpvsClient> tunnel =
        c ->
            c.addDest(
                DNS, new DestKey(ip("203.0.113.7"), 53), DestSettings.of(Forwarding.TUNNEL, 1));
    Consumer<IpvsClient> v6 =
        c ->
            c.addDest(V6, new DestKey(ip("2001:db8::5"), 443), DestSettings.of(Forwarding.MASQ, 2));
    Consumer<IpvsClient> edit =
        c ->
            c.editDest(
                WEB, new DestKey(ip("203.0.113.5"), 8080), DestSettings.of(Forwarding.MASQ, 5));
    Consumer<IpvsClient> delDest = c -> c.deleteDest(WEB, new DestKey(ip("203.0.113.6"), 80));
    Consumer<IpvsClient> delService = c -> c.deleteService(WEB);
    Consumer<IpvsClient> flush = IpvsClient::flush;
    return Stream.of(
        Arguments.of("ipvsadm-add-dest-masq", masq),
        Arguments.of("ipvsadm-add-dest-droute", droute),
        Arguments.of("ipvsadm-add-dest-tunnel", tunnel),
        Arguments.of("ipvsadm-add-dest-v6", v6),
        Arguments.of("ipvsadm-edit-dest", edit),
        Arguments.of("ipvsadm-delete-dest", delDest),
        Arguments.of("ipvsadm-delete-service", delService),
        Arguments.of(
            "ipvsadm-stop-daemon",
            (Consumer<IpvsClient>) c -> c.stopDaemon(SyncDaemon.Role.MASTER)),
        Arguments.of("ipvsadm-flush", flush));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherOperations")
  void destinationAndDeleteOperationsSayWhatIpvsadmSaysToTheKernel(
      String capture, Consumer<IpvsClient> op) {
    KernelTwin twin = canonical(capture);
    try (IpvsClient c = new IpvsClient(twin, 1000)) {
      op.accept(c);
    }
    assertThat(twin.requests).hasSize(2);
  }

  @Test
  void theCanonicalFormStillSeesEveryValueTheKernelReads() {
    byte[] theirs = Golden.load("ipvsadm-add-dest-masq").first(0x20, IpvsCodec.CMD_NEW_DEST).sent();
    try (IpvsClient c = new IpvsClient(exact("ipvsadm-add-service"), 1000)) {
      DestKey d = new DestKey(ip("203.0.113.5"), 8080);
      byte[] right = c.addDestRequest(WEB, d, DestSettings.of(Forwarding.MASQ, 3)).message();
      byte[] weight = c.addDestRequest(WEB, d, DestSettings.of(Forwarding.MASQ, 4)).message();
      byte[] method = c.addDestRequest(WEB, d, DestSettings.of(Forwarding.DROUTE, 3)).message();
      byte[] port =
          c.addDestRequest(
                  WEB, new DestKey(ip("203.0.113.5"), 8081), DestSettings.of(Forwarding.MASQ, 3))
              .message();
      byte[] service = c.addDestRequest(DNS, d, DestSettings.of(Forwarding.MASQ, 3)).message();
      assertThat(sameForTheKernel(stamp(right), Golden.normalise(theirs))).isTrue();
      for (byte[] wrong : List.of(weight, method, port, service)) {
        assertThat(sameForTheKernel(stamp(wrong), Golden.normalise(theirs))).isFalse();
      }
    }
  }

  /** Our request as it goes out (REQUEST|ACK set by the connection), seq and pid zero. */
  static byte[] stamp(byte[] message) {
    byte[] m = message.clone();
    java.nio.ByteBuffer.wrap(m)
        .order(java.nio.ByteOrder.nativeOrder())
        .putShort(
            io.vigil.netlink.NlMsg.FLAGS_OFFSET,
            (short) (io.vigil.netlink.NlMsg.F_REQUEST | io.vigil.netlink.NlMsg.F_ACK));
    return m;
  }

  @Test
  void theKernelsListAnswerDecodesToWhatIpvsadmPrinted() {
    KernelTwin twin = canonical("ipvsadm-list");
    try (IpvsClient c = new IpvsClient(twin, 1000)) {
      IpvsInfo info = c.info();
      assertThat(info.versionText()).isEqualTo("1.2.1");
      assertThat(info.connectionTableSize()).isEqualTo(4096);
      IpvsTable t = c.table();
      assertThat(t.services().keySet()).containsExactly(WEB, DNS, V6, MARK);
      assertThat(t.services().get(WEB).entry().settings())
          .isEqualTo(ServiceSettings.of("wrr", ServiceKey.AF_INET));
      assertThat(t.services().get(WEB).destinations())
          .extracting(DestEntry::key, DestEntry::settings)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(
                  new DestKey(ip("203.0.113.5"), 8080), DestSettings.of(Forwarding.MASQ, 5)),
              org.assertj.core.groups.Tuple.tuple(
                  new DestKey(ip("203.0.113.6"), 80),
                  new DestSettings(Forwarding.DROUTE, 0, 100, 10, 0, 0, 0)));
      assertThat(t.services().get(DNS).entry().settings()).isEqualTo(DNS_SETTINGS);
      assertThat(t.services().get(DNS).destinations().get(0).settings().forwarding())
          .isEqualTo(Forwarding.TUNNEL);
      assertThat(t.services().get(V6).entry().settings()).isEqualTo(V6_SETTINGS);
      assertThat(t.services().get(V6).destinations().get(0).key())
          .isEqualTo(new DestKey(ip("2001:db8::5"), 443));
      assertThat(t.services().get(MARK).destinations()).isEmpty();
      assertThat(t.destinationCount()).isEqualTo(4);
    }
  }

  static Stream<Arguments> errors() {
    Consumer<IpvsClient> exists =
        c -> c.addService(WEB, ServiceSettings.of("wrr", ServiceKey.AF_INET));
    Consumer<IpvsClient> noService =
        c -> c.deleteService(ServiceKey.of(Protocol.TCP, ip("192.0.2.99"), 80));
    Consumer<IpvsClient> noScheduler =
        c ->
            c.addService(
                ServiceKey.of(Protocol.TCP, ip("192.0.2.12"), 80),
                ServiceSettings.of("nosuch", ServiceKey.AF_INET));
    return Stream.of(
        Arguments.of("ipvsadm-error-exists", exists, "EEXIST", "add service TCP 192.0.2.10:80"),
        Arguments.of(
            "ipvsadm-error-no-service", noService, "ESRCH", "delete service TCP 192.0.2.99:80"),
        Arguments.of(
            "ipvsadm-error-no-scheduler", noScheduler, "ENOENT", "add service TCP 192.0.2.12:80"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errors")
  void theKernelsRefusalsBecomeTypedErrors(
      String capture, Consumer<IpvsClient> op, String errno, String request) {
    KernelTwin twin = canonical(capture);
    try (IpvsClient c = new IpvsClient(twin, 1000)) {
      assertThatThrownBy(() -> op.accept(c))
          .isInstanceOfSatisfying(
              NetlinkException.class,
              e -> {
                assertThat(e.errnoName()).isEqualTo(errno);
                assertThat(e.request()).isEqualTo(request);
                assertThat(e.getMessage()).startsWith(errno + ": " + request + ": ");
              });
    }
  }
}
