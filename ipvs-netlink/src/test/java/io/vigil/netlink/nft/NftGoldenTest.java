package io.vigil.netlink.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.netlink.Golden;
import io.vigil.netlink.NlMsg;
import io.vigil.netlink.Wire;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our nf_tables messages against keepalived 2.2.7's, sent while its no_accept instance became
 * master, stepped down at its stop, and deleted its tables (src/test/resources/golden/
 * keepalived-nft-*.hex, captured with strace by capture-keepalived-nft.sh; v0 is ifindex 3). Each
 * transaction of ours must be keepalived's, message for message and byte for byte (sequence numbers
 * and port ids aside).
 */
class NftGoldenTest {
  static final int V0 = 3;

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  /**
   * An nf_tables message, or a batch begin or end (types 0x10 and 0x11, which are RTM_NEWLINK and
   * RTM_DELLINK on keepalived's rtnetlink socket: those are longer than the 20 bytes of a batch
   * message).
   */
  static boolean nfTables(Wire.Msg m) {
    return m.type() >> 8 == NftCodec.NFNL_SUBSYS_NFTABLES
        || ((m.type() == NftCodec.NFNL_MSG_BATCH_BEGIN || m.type() == NftCodec.NFNL_MSG_BATCH_END)
            && m.bytes().length == NlMsg.HEADER_LENGTH + NftCodec.NFGENMSG_LENGTH);
  }

  /** keepalived's nf_tables messages, in the order sent, seq and pid zeroed. */
  static List<byte[]> theirs(String capture) {
    List<byte[]> out = new ArrayList<>();
    for (Golden.Exchange e : Golden.load(capture).exchanges()) {
      for (Wire.Msg m : Wire.split(e.sent())) {
        if (nfTables(m)) {
          out.add(zeroPadding(Golden.normalise(m.bytes())));
        }
      }
    }
    return out;
  }

  /**
   * The message with the padding of its top-level attributes zeroed: keepalived builds its GETTABLE
   * in an uninitialised stack buffer, so the byte after the table name's NUL is whatever was there
   * (0x2c in the capture); the kernel never reads it.
   */
  static byte[] zeroPadding(byte[] m) {
    ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
    int off = NlMsg.HEADER_LENGTH + NftCodec.NFGENMSG_LENGTH;
    while (off + 4 <= m.length) {
      int len = b.getShort(off) & 0xffff;
      if (len < 4) {
        break;
      }
      for (int i = off + len; i < Math.min(off + NlMsg.align(len), m.length); i++) {
        m[i] = 0;
      }
      off += NlMsg.align(len);
    }
    return m;
  }

  /** Records what the firewall sends, as the connection stamps it: REQUEST, ACK inside batches. */
  static final class Recorder implements VipFirewall.Kernel {
    final List<byte[]> sent = new ArrayList<>();
    final List<String> tables;

    Recorder(List<String> tables) {
      this.tables = tables;
    }

    @Override
    public boolean hasTable(int family, String table) {
      sent.add(flags(NftCodec.getTable(family, table), NlMsg.F_REQUEST | NlMsg.F_ACK));
      return tables.contains(family + " " + table);
    }

    @Override
    public void transaction(List<byte[]> messages) {
      sent.add(flags(NftCodec.batchBegin(), NlMsg.F_REQUEST));
      for (byte[] m : messages) {
        sent.add(flags(m, NlMsg.F_REQUEST | NlMsg.F_ACK));
      }
      sent.add(flags(NftCodec.batchEnd(), NlMsg.F_REQUEST));
    }

    static byte[] flags(byte[] m, int extra) {
      byte[] c = m.clone();
      ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.nativeOrder());
      b.putShort(NlMsg.FLAGS_OFFSET, (short) (b.getShort(NlMsg.FLAGS_OFFSET) | extra));
      return c;
    }
  }

  static void assertSame(List<byte[]> ours, List<byte[]> theirs) {
    HexFormat hex = HexFormat.ofDelimiter(" ");
    assertThat(ours.stream().map(hex::formatHex).toList())
        .containsExactlyElementsOf(theirs.stream().map(hex::formatHex).toList());
  }

  @Test
  void strictModeIpv4AddressesAndAnIpv6ExcludedOneAsKeepalived() {
    Recorder k = new Recorder(List.of());
    VipFirewall fw = new VipFirewall(VipFirewall.Settings.defaults(), k);
    List<VipFirewall.Vip> vips =
        List.of(
            VipFirewall.Vip.of(ip("192.0.2.91")),
            VipFirewall.Vip.of(ip("192.0.2.92")),
            VipFirewall.Vip.of(ip("2001:db8::92")));
    fw.add(vips);
    assertThat(fw.size()).isEqualTo(3);
    fw.remove(vips);
    assertThat(fw.size()).isZero();
    fw.close();
    assertThat(fw.active()).isFalse();
    assertSame(k.sent, theirs("keepalived-nft-strict"));
  }

  /**
   * A firewall with {@code settings} that adds {@code vips} (as keepalived's master did) and
   * removes them (its stop), then closes: what it sent must be {@code capture}'s.
   */
  static void addRemoveClose(
      VipFirewall.Settings settings, List<VipFirewall.Vip> vips, String capture) {
    Recorder k = new Recorder(List.of());
    VipFirewall fw = new VipFirewall(settings, k);
    fw.add(vips);
    fw.remove(vips);
    fw.close();
    assertSame(k.sent, theirs(capture));
  }

  /** The same for a VMAC of {@code family} with index {@code index} on v0. */
  static void vmacMadeAndDeleted(int index, int family, String capture) {
    Recorder k = new Recorder(List.of());
    VipFirewall fw = new VipFirewall(VipFirewall.Settings.defaults(), k);
    fw.addVmac(index, V0, List.of(family), 0);
    fw.removeVmac(index, List.of(family));
    fw.close();
    assertSame(k.sent, theirs(capture));
  }

  @Test
  void aNamedTableWithPriorityCountersAndALinkLocalAddressByIndexAsKeepalived() {
    addRemoveClose(
        new VipFirewall.Settings("vigil_test", -5, true, false),
        List.of(
            VipFirewall.Vip.of(ip("2001:db8::91")),
            new VipFirewall.Vip(ip("fe80::91"), V0, "v0", false)),
        "keepalived-nft-named");
  }

  @Test
  void aLinkLocalAddressByInterfaceNameAsKeepalivedWithDontTrackPrimary() {
    addRemoveClose(
        VipFirewall.Settings.defaults(),
        List.of(new VipFirewall.Vip(ip("fe80::91"), V0, "v0", true)),
        "keepalived-nft-ifname");
  }

  @Test
  void aVmacsReportsAreMovedToItsInterfaceAsKeepalived() {
    // keepalived's VMAC vrrp.91 is ifindex 4 on v0 (3)
    vmacMadeAndDeleted(4, NftCodec.NFPROTO_IPV4, "keepalived-nft-vmac");
  }

  @Test
  void anIpv6VmacsReportsAndRouterSolicitationsAsKeepalived() {
    // the second VMAC keepalived made in that namespace: ifindex 5
    vmacMadeAndDeleted(5, NftCodec.NFPROTO_IPV6, "keepalived-nft-vmac6");
  }
}
