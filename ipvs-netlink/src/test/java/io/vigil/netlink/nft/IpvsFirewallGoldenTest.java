package io.vigil.netlink.nft;

import static io.vigil.netlink.nft.NftGoldenTest.assertSame;
import static io.vigil.netlink.nft.NftGoldenTest.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.netlink.nft.IpvsFirewall.Element;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Our nftables_ipvs messages against keepalived 2.2.7's (src/test/resources/golden/
 * keepalived-nft-ipvs*.hex, captured in the lab VM by capture-keepalived-nft-ipvs.sh): its start
 * (tables, chains, maps, rules and elements), the reload that changed one entry of group G4, and
 * the tables' deletion at its stop. keepalived sends each element in a transaction of its own and
 * deletes every element before the tables at its stop; Vigil sends each change in one transaction
 * and deletes the tables alone, so the messages are compared in order with the batches' begin and
 * end left out, and the stop by its table deletions.
 */
class IpvsFirewallGoldenTest {
  static final int TCP = 6;
  static final int UDP = 17;

  static int command(byte[] m) {
    return ByteBuffer.wrap(m).order(ByteOrder.nativeOrder()).getShort(4) & 0xff;
  }

  static boolean isBatch(byte[] m) {
    int type = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder()).getShort(4) & 0xffff;
    return type == NftCodec.NFNL_MSG_BATCH_BEGIN || type == NftCodec.NFNL_MSG_BATCH_END;
  }

  /** The messages that change something: no batch begin or end, no GETTABLE. */
  static List<byte[]> changes(List<byte[]> all) {
    List<byte[]> out = new ArrayList<>();
    for (byte[] m : all) {
      if (!isBatch(m) && command(m) != NftCodec.NFT_MSG_GETTABLE) {
        out.add(m);
      }
    }
    return out;
  }

  /** G4's entries for TCP (mark) and UDP (mark + 1), then G6's for TCP (mark + 2). */
  static List<Element> groups(int mark, String second, int secondPort) {
    return List.of(
        new Element(TCP, ip("192.0.2.10"), ip("192.0.2.12"), 80, mark),
        new Element(TCP, ip(second), ip(second), secondPort, mark),
        new Element(UDP, ip("192.0.2.10"), ip("192.0.2.12"), 80, mark + 1),
        new Element(UDP, ip(second), ip(second), secondPort, mark + 1),
        new Element(TCP, ip("2001:db8::10"), ip("2001:db8::12"), 443, mark + 2));
  }

  static void startReloadStop(IpvsFirewall.Settings settings, int mark, String capture) {
    List<byte[]> theirs = changes(NftGoldenTest.theirs(capture));
    int firstDelete = 0;
    while (command(theirs.get(firstDelete)) != NftCodec.NFT_MSG_DELSETELEM) {
      firstDelete++;
    }
    NftGoldenTest.Recorder k = new NftGoldenTest.Recorder(List.of());
    IpvsFirewall fw = new IpvsFirewall(settings, k);
    fw.apply(groups(mark, "192.0.2.20", 8080));
    assertSame(changes(k.sent), theirs.subList(0, firstDelete));

    k.sent.clear();
    fw.apply(groups(mark, "192.0.2.30", 80));
    assertSame(changes(k.sent), theirs.subList(firstDelete, firstDelete + 4));
    assertThat(fw.elements()).containsExactlyInAnyOrderElementsOf(groups(mark, "192.0.2.30", 80));

    k.sent.clear();
    fw.close();
    assertSame(
        changes(k.sent),
        theirs.stream().filter(m -> command(m) == NftCodec.NFT_MSG_DELTABLE).toList());
  }

  @Test
  void theDefaultTableAsKeepalived() {
    startReloadStop(
        new IpvsFirewall.Settings("keepalived_ipvs", -1, false), 1000, "keepalived-nft-ipvs");
  }

  @Test
  void aNamedTableWithPriorityAndCountersAsKeepalived() {
    startReloadStop(
        new IpvsFirewall.Settings("vigil_ipvs", -5, true), 2000, "keepalived-nft-ipvs-named");
  }

  @Test
  void aLeftoverTableIsReplacedInTheFirstTransaction() {
    NftGoldenTest.Recorder k = new NftGoldenTest.Recorder(List.of("2 keepalived_ipvs"));
    IpvsFirewall fw = new IpvsFirewall(new IpvsFirewall.Settings("keepalived_ipvs", -1, false), k);
    fw.apply(groups(1000, "192.0.2.20", 8080));
    List<byte[]> sent = changes(k.sent);
    assertThat(command(sent.get(0))).isEqualTo(NftCodec.NFT_MSG_DELTABLE);
    assertThat(command(sent.get(1))).isEqualTo(NftCodec.NFT_MSG_NEWTABLE);
    assertThat(k.sent.stream().filter(IpvsFirewallGoldenTest::isBatch)).hasSize(2);
    // nothing changed: nothing sent
    k.sent.clear();
    assertThat(fw.apply(groups(1000, "192.0.2.20", 8080))).isZero();
    assertThat(k.sent).isEmpty();
  }

  @Test
  void aRefusedTransactionChangesNothing() {
    List<List<byte[]>> committed = new ArrayList<>();
    boolean[] refuse = {false};
    VipFirewall.Kernel kernel =
        new VipFirewall.Kernel() {
          @Override
          public boolean hasTable(int family, String table) {
            return false;
          }

          @Override
          public void transaction(List<byte[]> messages) {
            if (refuse[0]) {
              throw new IllegalStateException("EEXIST");
            }
            committed.add(messages);
          }
        };
    IpvsFirewall fw =
        new IpvsFirewall(new IpvsFirewall.Settings("keepalived_ipvs", -1, false), kernel);
    fw.apply(groups(1000, "192.0.2.20", 8080));
    refuse[0] = true;
    assertThatThrownBy(() -> fw.apply(groups(1000, "192.0.2.30", 80)))
        .hasMessageContaining("EEXIST");
    assertThat(fw.elements()).containsExactlyElementsOf(groups(1000, "192.0.2.20", 8080));
    refuse[0] = false;
    fw.apply(groups(1000, "192.0.2.30", 80));
    // the map is not made again: only the element changes went
    assertThat(committed.get(1).stream().map(IpvsFirewallGoldenTest::command))
        .containsOnly(NftCodec.NFT_MSG_DELSETELEM, NftCodec.NFT_MSG_NEWSETELEM);
  }

  @Test
  void anElementOfTwoFamiliesIsRefused() {
    assertThatThrownBy(() -> new Element(TCP, ip("192.0.2.1"), ip("2001:db8::1"), 80, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
