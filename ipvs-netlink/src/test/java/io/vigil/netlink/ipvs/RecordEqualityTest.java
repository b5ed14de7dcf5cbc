package io.vigil.netlink.ipvs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table's keys and settings write their equals and hashCode by hand (the generated ones are
 * slow until compiled: see {@link ServiceKey}). Here, on random pairs drawn from small pools (so
 * that many are equal or differ in one component), they must say exactly what the record's own
 * definition says: equal when every component is equal, and then the same hash.
 */
class RecordEqualityTest {
  private static final int PAIRS = 20_000;

  /** Each record type with a way to draw one from small pools. */
  static Stream<Arguments> records() {
    return Stream.of(
        arguments(
            ServiceKey.class,
            (Function<Random, Record>)
                r ->
                    r.nextInt(4) == 0
                        ? ServiceKey.fwmark(1 + r.nextInt(3), r.nextBoolean() ? 2 : 10)
                        : ServiceKey.of(pick(r, Protocol.values()), address(r), 80 + r.nextInt(3))),
        arguments(
            DestKey.class,
            (Function<Random, Record>) r -> new DestKey(address(r), 8080 + r.nextInt(3))),
        arguments(
            ServiceSettings.class,
            (Function<Random, Record>)
                r ->
                    new ServiceSettings(
                        pick(r, new String[] {"rr", "wlc", "sh"}),
                        r.nextInt(3),
                        r.nextInt(2) * 300,
                        pick(r, new Integer[] {24, 32}),
                        pick(r, new String[] {null, "sip"}))),
        arguments(
            DestSettings.class,
            (Function<Random, Record>)
                r ->
                    new DestSettings(
                        pick(r, Forwarding.values()),
                        r.nextInt(3),
                        r.nextInt(2),
                        r.nextInt(2),
                        r.nextInt(3),
                        r.nextInt(2),
                        r.nextInt(2))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("records")
  void equalExactlyWhenEveryComponentIsAndThenWithTheSameHash(
      Class<? extends Record> type, Function<Random, Record> any) {
    for (long seed = 1; seed <= 3; seed++) {
      Random r = new Random(seed);
      int equal = 0;
      for (int i = 0; i < PAIRS; i++) {
        Record a = any.apply(r);
        Record b = any.apply(r);
        boolean same = componentsEqual(type, a, b);
        assertThat(a.equals(b)).as("%s vs %s", a, b).isEqualTo(same);
        assertThat(b.equals(a)).as("%s vs %s", b, a).isEqualTo(same);
        assertThat(a.equals(a)).isTrue();
        assertThat(a.equals(null)).isFalse();
        if (same) {
          equal++;
          assertThat(a.hashCode()).as("%s vs %s", a, b).isEqualTo(b.hashCode());
        }
      }
      assertThat(equal).as("pairs that were equal (seed %d)", seed).isGreaterThan(PAIRS / 1000);
    }
  }

  private static boolean componentsEqual(Class<?> type, Object a, Object b) {
    for (RecordComponent c : type.getRecordComponents()) {
      Function<Object, Object> get =
          o -> {
            try {
              return c.getAccessor().invoke(o);
            } catch (ReflectiveOperationException e) {
              throw new AssertionError(e);
            }
          };
      if (!Objects.equals(get.apply(a), get.apply(b))) {
        return false;
      }
    }
    return true;
  }

  private static final List<String> ADDRESSES =
      List.of("192.0.2.1", "192.0.2.2", "2001:db8::1", "2001:db8::2");

  private static InetAddress address(Random r) {
    try {
      return InetAddress.getByName(ADDRESSES.get(r.nextInt(ADDRESSES.size())));
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static <T> T pick(Random r, T[] values) {
    return values[r.nextInt(values.length)];
  }
}
