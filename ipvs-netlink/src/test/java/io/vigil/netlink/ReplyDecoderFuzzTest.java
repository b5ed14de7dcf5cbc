package io.vigil.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.vigil.kernel.netlink.NetlinkTimeoutException;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.IpvsCodec;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import io.vigil.netlink.rtnl.IfAddress;
import io.vigil.netlink.rtnl.RtnlClient;
import io.vigil.netlink.rtnl.RtnlEvents;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random and mutated kernel answers (seeded, bounded) fed to every reply decoder: the exchange
 * (split, acks, errors, dumps), generic netlink, IPVS and rtnetlink. Nothing but {@link
 * NetlinkDecodeException} or {@link NetlinkException} may come out; {@link NetlinkTimeoutException}
 * is allowed too, and only when the twin has nothing left to say (a mutated sequence number or a
 * lost NLMSG_DONE leaves the exchange waiting for an answer the kernel would never send: it ends
 * with the deadline, not a hang). Each run is bounded in time.
 */
class ReplyDecoderFuzzTest {
  static final int ROUNDS = 1500;
  static final Duration BOUND = Duration.ofSeconds(60);

  static final List<String> CAPTURES =
      Stream.of(
              "ipvsadm-add-service",
              "ipvsadm-add-dest-masq",
              "ipvsadm-list",
              "ipvsadm-list-daemon",
              "ipvsadm-list-timeouts",
              "ipvsadm-error-exists",
              "ipvsadm-error-no-service",
              "ip-addr-show",
              "ip-link-show",
              "ip-addr-error-exists",
              "ip-addr-error-scope",
              "ip-addr-add-v6")
          .toList();

  static final List<byte[]> CORPUS =
      CAPTURES.stream().flatMap(c -> Golden.load(c).answers().stream()).toList();

  /** What escaped, by class name, with one example each: must stay empty. */
  final Map<String, Throwable> escaped = new TreeMap<>();

  long outcomes;

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  /** 1 to 4 mutations of a copy of {@code in}: byte flips, lengths, truncation, insertion. */
  static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    int n = 1 + r.nextInt(4);
    for (int i = 0; i < n && b.length > 0; i++) {
      switch (r.nextInt(6)) {
        case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b[r.nextInt(b.length)] = (byte) (r.nextBoolean() ? 0 : 0xff);
        case 2 -> {
          // a length field (nlmsg_len or nla_len) at an aligned offset gets a random value
          int off = r.nextInt(Math.max(1, b.length / 4)) * 4;
          if (off + 2 <= b.length) {
            int v = r.nextInt(3) == 0 ? r.nextInt(65536) : r.nextInt(64);
            b[off] = (byte) v;
            b[off + 1] = (byte) (v >> 8);
          }
        }
        case 3 -> b = Arrays.copyOf(b, r.nextInt(b.length + 1));
        case 4 -> {
          int at = r.nextInt(b.length + 1);
          byte[] junk = new byte[1 + r.nextInt(16)];
          r.nextBytes(junk);
          byte[] out = new byte[b.length + junk.length];
          System.arraycopy(b, 0, out, 0, at);
          System.arraycopy(junk, 0, out, at, junk.length);
          System.arraycopy(b, at, out, at + junk.length, b.length - at);
          b = out;
        }
        default -> {
          int from = r.nextInt(b.length);
          int len = Math.min(b.length - from, 1 + r.nextInt(8));
          byte[] noise = new byte[len];
          r.nextBytes(noise);
          System.arraycopy(noise, 0, b, from, len);
        }
      }
    }
    return b;
  }

  /** Random bytes, half of them behind a plausible netlink header. */
  static byte[] random(Random r) {
    byte[] b = new byte[r.nextInt(600)];
    r.nextBytes(b);
    if (b.length >= NlMsg.HEADER_LENGTH && r.nextBoolean()) {
      ByteBuffer.wrap(b)
          .order(ByteOrder.nativeOrder())
          .putInt(0, b.length - r.nextInt(Math.min(b.length, 8) + 1))
          .putShort(4, (short) r.nextInt(40));
    }
    return b;
  }

  void run(Runnable r) {
    try {
      r.run();
    } catch (NetlinkDecodeException | NetlinkException | NetlinkTimeoutException e) {
      outcomes++;
    } catch (RuntimeException | StackOverflowError e) {
      escaped.putIfAbsent(e.getClass().getName(), e);
    }
    outcomes++;
  }

  /**
   * A twin that answers generic netlink family lookups truthfully and everything else with {@code
   * next}'s datagrams, restamped to the request before they are mutated (so the mutations reach the
   * decoders, and sometimes the sequence number too).
   */
  static KernelTwin twin(Random r, boolean mutateAll) {
    Golden family = Golden.load("ipvsadm-add-service");
    return new KernelTwin(
        req -> {
          if (req.type() == io.vigil.netlink.genl.GenericNetlink.GENL_ID_CTRL && !mutateAll) {
            return family.exchanges().get(0).answers().stream()
                .map(a -> Golden.restamp(a, req.seq(), KernelTwin.PORT_ID))
                .toList();
          }
          List<byte[]> out = new ArrayList<>();
          int parts = 1 + r.nextInt(3);
          for (int i = 0; i < parts; i++) {
            byte[] base =
                r.nextInt(8) == 0
                    ? random(r)
                    : Golden.restamp(
                        CORPUS.get(r.nextInt(CORPUS.size())), req.seq(), KernelTwin.PORT_ID);
            out.add(r.nextInt(4) == 0 ? base : mutate(base, r));
          }
          return out;
        });
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3})
  void theExchangeAndTheIpvsDecodersOnlyEverThrowTypedErrors(long seed) {
    Random r = new Random(seed);
    ServiceKey web = ServiceKey.of(Protocol.TCP, ip("192.0.2.10"), 80);
    List<Consumer<IpvsClient>> ops =
        List.of(
            IpvsClient::services,
            c -> c.destinations(web),
            IpvsClient::daemons,
            IpvsClient::info,
            IpvsClient::timeouts,
            IpvsClient::table,
            c -> c.addService(web, ServiceSettings.of("wrr", ServiceKey.AF_INET)),
            c ->
                c.apply(
                    List.of(
                        c.deleteServiceRequest(web),
                        c.addServiceRequest(web, ServiceSettings.of("rr", ServiceKey.AF_INET)))));
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          for (int i = 0; i < ROUNDS; i++) {
            KernelTwin t = twin(r, i % 10 == 0);
            Consumer<IpvsClient> op = ops.get(r.nextInt(ops.size()));
            run(
                () -> {
                  try (IpvsClient c = new IpvsClient(t, 50)) {
                    op.accept(c);
                  }
                });
          }
        });
    assertThat(escaped).as("exceptions other than the typed ones").isEmpty();
    assertThat(outcomes).isGreaterThanOrEqualTo(ROUNDS);
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {4, 5, 6})
  void theRtnetlinkDecodersOnlyEverThrowTypedErrorsAndEventsNeverThrow(long seed) {
    Random r = new Random(seed);
    IfAddress a = IfAddress.of(3, ip("192.0.2.1"), 24);
    List<Consumer<RtnlClient>> ops =
        List.of(
            RtnlClient::links,
            RtnlClient::addresses,
            c -> c.link("v0"),
            c -> c.addAddress(a),
            c -> c.deleteAddress(a));
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          for (int i = 0; i < ROUNDS; i++) {
            KernelTwin t = twin(r, true);
            Consumer<RtnlClient> op = ops.get(r.nextInt(ops.size()));
            run(() -> op.accept(new RtnlClient(t, 50)));
            // the same kind of garbage as multicast events: counted and skipped, never thrown
            KernelTwin events = new KernelTwin(req -> List.of());
            for (int k = 0; k < 3; k++) {
              byte[] base = CORPUS.get(r.nextInt(CORPUS.size()));
              events.inject(r.nextInt(8) == 0 ? random(r) : mutate(base, r));
            }
            RtnlEvents sub = new RtnlEvents(events, new RtnlClient(KernelTwin.acking(), 50));
            try {
              for (int k = 0; k < 4; k++) {
                sub.poll(10);
              }
            } catch (RuntimeException e) {
              escaped.putIfAbsent("events: " + e.getClass().getName(), e);
            }
          }
        });
    assertThat(escaped).as("exceptions other than the typed ones").isEmpty();
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {7, 8, 9})
  void theAttributeDecodersOnlyEverThrowDecodeErrors(long seed) {
    Random r = new Random(seed);
    // the nested service, destination, daemon and stats attributes, straight from mutated dumps
    List<byte[]> dumps = new ArrayList<>(Golden.load("ipvsadm-list").answers());
    dumps.addAll(Golden.load("ipvsadm-list-daemon").answers());
    assertTimeoutPreemptively(
        BOUND,
        () -> {
          for (int i = 0; i < ROUNDS * 4; i++) {
            byte[] b =
                r.nextInt(5) == 0 ? random(r) : mutate(dumps.get(r.nextInt(dumps.size())), r);
            ByteBuffer d = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
            int from = b.length == 0 ? 0 : r.nextInt(Math.min(b.length, 40));
            int kind = r.nextInt(4);
            run(
                () -> {
                  Attrs top = new Attrs(d, from, b.length);
                  while (top.next()) {
                    Attrs n = top.nested();
                    switch (kind) {
                      case 0 -> IpvsCodec.decodeService(n);
                      case 1 -> IpvsCodec.decodeDest(n, ServiceKey.AF_INET);
                      case 2 -> IpvsCodec.decodeDaemon(n);
                      default -> {
                        for (NetlinkConnection.Message m : NetlinkConnection.split(d)) {
                          NetlinkConnection.errorOf(m, "fuzz");
                        }
                      }
                    }
                  }
                  top.check();
                });
          }
        });
    assertThat(escaped).as("exceptions other than the typed ones").isEmpty();
  }
}
