package io.vigil.netlink.rtnl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.netlink.NetlinkConnection;
import io.vigil.netlink.NetlinkConnection.Message;
import io.vigil.netlink.NetlinkDecodeException;
import io.vigil.netlink.NlMsg;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Round trips through the rtnetlink codec with every field varied (seeded). */
class RtnlCodecTest {
  static Message only(byte[] message) {
    return NetlinkConnection.split(ByteBuffer.wrap(message).order(ByteOrder.nativeOrder())).get(0);
  }

  static IfAddress randomAddress(Random r) throws Exception {
    boolean v6 = r.nextBoolean();
    byte[] raw = new byte[v6 ? 16 : 4];
    r.nextBytes(raw);
    InetAddress a = InetAddress.getByAddress(raw);
    int prefix = r.nextInt((v6 ? 128 : 32) + 1);
    String label = !v6 && r.nextBoolean() ? "eth" + r.nextInt(100) + ":v" + r.nextInt(1000) : null;
    byte[] b = new byte[4];
    r.nextBytes(b);
    InetAddress brd = !v6 && r.nextBoolean() ? InetAddress.getByAddress(b) : null;
    int flags = r.nextInt(1 << 12);
    return new IfAddress(1 + r.nextInt(100_000), a, prefix, label, r.nextInt(256), brd, flags);
  }

  @RepeatedTest(200)
  void anAddressDecodesToWhatWasEncoded(RepetitionInfo info) throws Exception {
    IfAddress a = randomAddress(new Random(info.getCurrentRepetition()));
    assertThat(RtnlCodec.decodeAddress(only(RtnlCodec.addAddress(a)))).isEqualTo(a);
    IfAddress deleted = RtnlCodec.decodeAddress(only(RtnlCodec.deleteAddress(a)));
    assertThat(deleted.sameAs(a)).isTrue();
    assertThat(deleted.flags()).isZero();
  }

  @RepeatedTest(100)
  void theFamilyHeadersRoundTripEveryField(RepetitionInfo info) {
    Random r = new Random(1000 + info.getCurrentRepetition());
    IfAddrMsg am =
        new IfAddrMsg(r.nextInt(256), r.nextInt(256), r.nextInt(256), r.nextInt(256), r.nextInt());
    assertThat(IfAddrMsg.decode(ByteBuffer.wrap(am.encode()), 0, IfAddrMsg.LENGTH)).isEqualTo(am);
    IfInfoMsg lm =
        new IfInfoMsg(r.nextInt(256), r.nextInt(65536), r.nextInt(), r.nextInt(), r.nextInt());
    assertThat(IfInfoMsg.decode(ByteBuffer.wrap(lm.encode()), 0, IfInfoMsg.LENGTH)).isEqualTo(lm);
  }

  @Test
  void flagsAboveEightBitsGoInIfaFlagsAndTheHeaderKeepsTheLowOnes() throws Exception {
    IfAddress narrow =
        IfAddress.of(7, InetAddress.getByName("2001:db8::1"), 64).withFlags(IfAddress.F_NODAD);
    byte[] m = RtnlCodec.addAddress(narrow);
    assertThat(m[NlMsg.HEADER_LENGTH + IfAddrMsg.FLAGS_OFFSET]).isEqualTo((byte) IfAddress.F_NODAD);
    assertThat(m.length).isEqualTo(NlMsg.HEADER_LENGTH + IfAddrMsg.LENGTH + 2 * 20);
    IfAddress wide = narrow.withFlags(IfAddress.F_NODAD | IfAddress.F_NOPREFIXROUTE);
    byte[] w = RtnlCodec.addAddress(wide);
    assertThat(w[NlMsg.HEADER_LENGTH + IfAddrMsg.FLAGS_OFFSET]).isZero();
    assertThat(w.length).isEqualTo(m.length + 8);
    assertThat(RtnlCodec.decodeAddress(only(w)).flags())
        .isEqualTo(IfAddress.F_NODAD | IfAddress.F_NOPREFIXROUTE);
  }

  @Test
  void truncatedHeadersAndWrongAddressLengthsAreDecodeErrors() throws Exception {
    byte[] m = RtnlCodec.addAddress(IfAddress.of(3, InetAddress.getByName("192.0.2.1"), 24));
    ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
    // claim the message ends inside the ifaddrmsg
    byte[] shortMsg = java.util.Arrays.copyOf(m, NlMsg.HEADER_LENGTH + 4);
    ByteBuffer.wrap(shortMsg).order(ByteOrder.nativeOrder()).putInt(0, shortMsg.length);
    assertThatThrownBy(() -> RtnlCodec.decodeAddress(only(shortMsg)))
        .isInstanceOf(NetlinkDecodeException.class)
        .hasMessageContaining("ifaddrmsg");
    // a header saying IPv6 over a 4-byte address
    b.put(NlMsg.HEADER_LENGTH + IfAddrMsg.FAMILY_OFFSET, (byte) Rtnl.AF_INET6);
    assertThatThrownBy(() -> RtnlCodec.decodeAddress(only(m)))
        .isInstanceOf(NetlinkDecodeException.class)
        .hasMessageContaining("4 bytes in a family 10 message");
    byte[] link = RtnlCodec.getLink("eth0"); // index 0: not a link the kernel would report
    assertThatThrownBy(() -> RtnlCodec.decodeLink(only(link)))
        .isInstanceOf(NetlinkDecodeException.class);
  }

  @Test
  void macsAndOperStatesReadAsTheKernelMeansThem() {
    assertThat(RtnlCodec.mac(new byte[] {2, 0, 0, (byte) 0xab, 0, 1}))
        .isEqualTo("02:00:00:ab:00:01");
    assertThat(RtnlCodec.mac(new byte[0])).isNull();
    assertThat(OperState.of(6)).isEqualTo(OperState.UP);
    assertThat(OperState.of(2)).isEqualTo(OperState.DOWN);
    assertThat(OperState.of(99)).isEqualTo(OperState.UNKNOWN);
    Link unknownWithCarrier =
        new Link(1, "lo", OperState.UNKNOWN, Rtnl.IFF_UP | Rtnl.IFF_LOWER_UP, 65536, null);
    assertThat(unknownWithCarrier.usable()).isTrue();
    assertThat(new Link(2, "v0", OperState.DOWN, Rtnl.IFF_UP, 1500, null).usable()).isFalse();
  }
}
