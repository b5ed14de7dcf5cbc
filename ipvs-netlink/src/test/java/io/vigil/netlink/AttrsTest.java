package io.vigil.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every value reader of {@link Attrs} on hand-written attributes (little-endian host order, as on
 * the machines we run on), in every kind of buffer the callers hand it: a heap buffer, a slice of
 * one (its array starts elsewhere), a direct buffer and a read-only one. The values have their top
 * bits set, so a sign extension or a byte-order slip shows.
 */
class AttrsTest {
  /**
   * Four bytes of padding, then: type 1 u8 0xfe; type 2 u16 0xfedc; type 3 u16 in network order
   * 0xfedc; type 4 u32 0xfedcba98; type 5 u32 in network order 0xfedcba98; type 6 u64
   * 0xfedcba9876543210; type 7 "eth0" with its NUL; type 0x8008 (nested flag) holding type 9 u32 7.
   */
  static final String ATTRS =
      "00000000"
          + "0500 0100 fe000000"
          + "0600 0200 dcfe0000"
          + "0600 0300 fedc0000"
          + "0800 0400 98badcfe"
          + "0800 0500 fedcba98"
          + "0c00 0600 1032547698badcfe"
          + "0900 0700 6574683000000000"
          + "0c00 0880 0800 0900 07000000";

  static Stream<Function<byte[], ByteBuffer>> buffers() {
    return Stream.of(
        ByteBuffer::wrap,
        b -> {
          byte[] bigger = new byte[b.length + 3];
          System.arraycopy(b, 0, bigger, 3, b.length);
          return ByteBuffer.wrap(bigger).position(3).slice();
        },
        b -> ByteBuffer.allocateDirect(b.length).put(b).clear(),
        b -> ByteBuffer.wrap(b).asReadOnlyBuffer(),
        b -> ByteBuffer.wrap(b).order(ByteOrder.BIG_ENDIAN)); // the reader's order is the host's
  }

  static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  @ParameterizedTest
  @MethodSource("buffers")
  void readsEveryKindOfValue(Function<byte[], ByteBuffer> buffer) {
    byte[] b = bytes(ATTRS);
    Attrs a = new Attrs(buffer.apply(b), 4, b.length);
    assertThat(a.next()).isTrue();
    assertThat(a.type()).isEqualTo(1);
    assertThat(a.u8()).isEqualTo(0xfe);
    assertThat(a.next()).isTrue();
    assertThat(a.u16()).isEqualTo(0xfedc);
    assertThat(a.next()).isTrue();
    assertThat(a.u16be()).isEqualTo(0xfedc);
    assertThat(a.next()).isTrue();
    assertThat(a.u32()).isEqualTo(0xfedcba98);
    assertThat(a.next()).isTrue();
    assertThat(a.u32be()).isEqualTo(0xfedcba98);
    assertThat(a.next()).isTrue();
    assertThat(a.u64()).isEqualTo(0xfedcba9876543210L);
    assertThat(a.bytes()).isEqualTo(bytes("1032547698badcfe"));
    assertThat(a.next()).isTrue();
    assertThat(a.string()).isEqualTo("eth0");
    assertThat(a.length()).isEqualTo(5);
    assertThat(a.next()).isTrue();
    assertThat(a.type()).isEqualTo(8);
    Attrs n = a.nested();
    assertThat(n.next()).isTrue();
    assertThat(n.type()).isEqualTo(9);
    assertThat(n.u32()).isEqualTo(7);
    assertThat(n.next()).isFalse();
    n.check();
    assertThat(a.next()).isFalse();
    a.check();
  }

  @ParameterizedTest
  @MethodSource("buffers")
  void aValueReadAtTheWrongSizeOrALengthPastTheEndIsAnError(Function<byte[], ByteBuffer> buffer) {
    byte[] b = bytes("0500 0100 fe000000");
    Attrs a = new Attrs(buffer.apply(b), 0, b.length);
    assertThat(a.next()).isTrue();
    assertThat(a.u32()).isZero();
    assertThatThrownBy(a::check)
        .isInstanceOf(NetlinkDecodeException.class)
        .hasMessage("attribute 1 has 1 bytes, needs 4");

    byte[] past = bytes("0c00 0100 fe000000");
    Attrs p = new Attrs(buffer.apply(past), 0, past.length);
    assertThat(p.next()).isFalse();
    assertThatThrownBy(p::check)
        .isInstanceOf(NetlinkDecodeException.class)
        .hasMessage("attribute length 12 at offset 0 runs past 8");
  }

  @ParameterizedTest
  @MethodSource("buffers")
  void theEndIsNeverPastTheBuffersLimit(Function<byte[], ByteBuffer> buffer) {
    byte[] b = bytes("0800 0100 01000000 0800 0200 02000000");
    ByteBuffer d = buffer.apply(b).limit(8);
    Attrs a = new Attrs(d, 0, b.length);
    assertThat(a.next()).isTrue();
    assertThat(a.u32()).isEqualTo(1);
    assertThat(a.next()).isFalse();
    a.check();
  }
}
