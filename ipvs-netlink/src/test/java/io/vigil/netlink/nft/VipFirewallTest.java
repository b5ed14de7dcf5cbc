package io.vigil.netlink.nft;

import static io.vigil.netlink.nft.NftGoldenTest.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.kernel.Errno;
import io.vigil.netlink.KernelTwin;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NlMsg;
import io.vigil.netlink.Wire;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The firewall's bookkeeping, and its transactions over a kernel twin. */
class VipFirewallTest {
  static final VipFirewall.Vip A = VipFirewall.Vip.of(ip("192.0.2.91"));
  static final VipFirewall.Vip B = VipFirewall.Vip.of(ip("192.0.2.92"));
  static final VipFirewall.Vip C = VipFirewall.Vip.of(ip("2001:db8::91"));

  /** Records each transaction's commands; refuses one when told. */
  static final class Kernel implements VipFirewall.Kernel {
    final List<List<Integer>> transactions = new ArrayList<>();
    final List<String> tables = new ArrayList<>();
    boolean refuse;

    @Override
    public boolean hasTable(int family, String table) {
      return tables.contains(family + " " + table);
    }

    @Override
    public void transaction(List<byte[]> messages) {
      if (refuse) {
        throw new NetlinkException(Errno.EPERM, null, "add table ip keepalived");
      }
      transactions.add(messages.stream().map(m -> (int) m[NlMsg.TYPE_OFFSET] & 0xff).toList());
    }
  }

  @Test
  void theTablesAreMadeOnceAndAnAddressIsAddedOnce() {
    Kernel k = new Kernel();
    VipFirewall fw = new VipFirewall(VipFirewall.Settings.defaults(), k);
    fw.add(List.of(A));
    fw.add(List.of(A, B));
    fw.add(List.of(B));
    assertThat(k.transactions).hasSize(2);
    assertThat(k.transactions.get(0)).startsWith(NftCodec.NFT_MSG_NEWTABLE);
    assertThat(k.transactions.get(1)).containsExactly(NftCodec.NFT_MSG_NEWSETELEM);
    assertThat(fw.size()).isEqualTo(2);
  }

  @Test
  void onlyAddressesItAddedAreRemoved() {
    Kernel k = new Kernel();
    VipFirewall fw = new VipFirewall(VipFirewall.Settings.defaults(), k);
    fw.add(List.of(A));
    fw.remove(List.of(B, C));
    assertThat(k.transactions).hasSize(1);
    fw.remove(List.of(A, B));
    assertThat(k.transactions.get(1)).containsExactly(NftCodec.NFT_MSG_DELSETELEM);
    assertThat(fw.size()).isZero();
    assertThat(fw.active()).isTrue(); // the tables stay until close, as keepalived keeps them
  }

  @Test
  void aTableLeftByAnEarlierRunIsDeletedInTheSameTransactionThatMakesItAgain() {
    Kernel k = new Kernel();
    k.tables.add(NftCodec.NFPROTO_IPV6 + " keepalived");
    VipFirewall fw = new VipFirewall(VipFirewall.Settings.defaults(), k);
    fw.add(List.of(A));
    assertThat(k.transactions.get(0))
        .startsWith(NftCodec.NFT_MSG_DELTABLE, NftCodec.NFT_MSG_NEWTABLE);
    fw.add(List.of(C)); // the IPv6 table: no second check, the leftover went already
    assertThat(k.transactions.get(1)).startsWith(NftCodec.NFT_MSG_NEWTABLE);
  }

  @Test
  void aRefusedTransactionChangesNothingAndTheNextOneStartsAgain() {
    Kernel k = new Kernel();
    VipFirewall fw = new VipFirewall(VipFirewall.Settings.defaults(), k);
    k.refuse = true;
    assertThatThrownBy(() -> fw.add(List.of(A))).isInstanceOf(NetlinkException.class);
    assertThat(fw.active()).isFalse();
    assertThat(fw.size()).isZero();
    k.refuse = false;
    fw.add(List.of(A));
    assertThat(k.transactions.get(0)).startsWith(NftCodec.NFT_MSG_NEWTABLE);
  }

  @Test
  void closeDeletesTheTablesItMadeAndOnlyThose() {
    Kernel k = new Kernel();
    VipFirewall fw = new VipFirewall(VipFirewall.Settings.defaults(), k);
    fw.close();
    assertThat(k.transactions).isEmpty();
    fw.add(List.of(C));
    fw.close();
    assertThat(k.transactions.get(1)).containsExactly(NftCodec.NFT_MSG_DELTABLE);
    assertThat(fw.active()).isFalse();
  }

  @Test
  void otherSettingsMakeTheTablesAgainHoldingWhatTheyHeldInOneTransaction() {
    Kernel k = new Kernel();
    VipFirewall fw = new VipFirewall(VipFirewall.Settings.defaults(), k);
    VipFirewall.Vip ll = new VipFirewall.Vip(ip("fe80::91"), 3, "v0", true);
    fw.add(List.of(A, C, ll));
    fw.addVmac(4, 3, List.of(NftCodec.NFPROTO_IPV4), 0);
    k.tables.add(NftCodec.NFPROTO_IPV4 + " keepalived");
    k.tables.add(NftCodec.NFPROTO_IPV6 + " keepalived");
    int before = k.transactions.size();

    // the same name (counters on): replaced in the transaction that makes it again
    VipFirewall counted = fw.replacedBy(new VipFirewall.Settings("keepalived", -1, true, false));
    assertThat(k.transactions).hasSize(before + 1);
    List<Integer> t = k.transactions.get(before);
    assertThat(t)
        .startsWith(
            NftCodec.NFT_MSG_DELTABLE, NftCodec.NFT_MSG_DELTABLE, NftCodec.NFT_MSG_NEWTABLE);
    assertThat(t.stream().filter(m -> m == NftCodec.NFT_MSG_DELTABLE)).hasSize(2);
    // the IPv4 and IPv6 addresses, the link-local one by name, the VMAC's map element, as the
    // first two transactions made them
    assertThat(t.stream().filter(m -> m == NftCodec.NFT_MSG_NEWSETELEM))
        .hasSize(
            (int)
                k.transactions.subList(0, 2).stream()
                    .flatMap(List::stream)
                    .filter(m -> m == NftCodec.NFT_MSG_NEWSETELEM)
                    .count());
    assertThat(t.stream().filter(m -> m == NftCodec.NFT_MSG_NEWRULE))
        .hasSize(
            (int)
                k.transactions.subList(0, 2).stream()
                    .flatMap(List::stream)
                    .filter(m -> m == NftCodec.NFT_MSG_NEWRULE)
                    .count());
    assertThat(counted.size()).isEqualTo(3);
    assertThat(counted.active()).isTrue();

    // nftables_ifindex: the link-local address is keyed again, by index
    VipFirewall byIndex =
        counted.replacedBy(new VipFirewall.Settings("keepalived", -1, true, true));
    assertThat(byIndex.size()).isEqualTo(3);
    assertThat(k.transactions.get(before + 1).stream().filter(m -> m == NftCodec.NFT_MSG_NEWSET))
        .as("the same sets as the transaction before")
        .hasSize((int) t.stream().filter(m -> m == NftCodec.NFT_MSG_NEWSET).count());

    // another name: no table of it to delete; the old ones go when the caller closes them
    VipFirewall other = byIndex.replacedBy(new VipFirewall.Settings("vigil", -1, false, false));
    assertThat(k.transactions.get(before + 2)).startsWith(NftCodec.NFT_MSG_NEWTABLE);
    assertThat(k.transactions.get(before + 2)).doesNotContain(NftCodec.NFT_MSG_DELTABLE);
    byIndex.close();
    assertThat(k.transactions.get(before + 3))
        .containsExactly(NftCodec.NFT_MSG_DELTABLE, NftCodec.NFT_MSG_DELTABLE);
    assertThat(other.size()).isEqualTo(3);

    // refused: nothing changes, the firewall in force is still whole
    k.refuse = true;
    assertThatThrownBy(() -> other.replacedBy(VipFirewall.Settings.defaults()))
        .isInstanceOf(NetlinkException.class);
    assertThat(other.size()).isEqualTo(3);
    assertThat(other.active()).isTrue();
  }

  @Test
  void aLinkLocalAddressIsKeyedWithItsInterface() {
    Kernel k = new Kernel();
    VipFirewall fw = new VipFirewall(VipFirewall.Settings.defaults(), k);
    fw.add(List.of(new VipFirewall.Vip(ip("fe80::91"), 3, "v0", false)));
    fw.add(List.of(new VipFirewall.Vip(ip("fe80::91"), 4, "v1", false)));
    assertThat(fw.size()).isEqualTo(2);
    // nftables_ifindex: by index even where keepalived would key it by name
    VipFirewall byIndex =
        new VipFirewall(new VipFirewall.Settings("keepalived", -1, false, true), new Kernel());
    byIndex.add(List.of(new VipFirewall.Vip(ip("fe80::91"), 3, "v0", true)));
    assertThat(byIndex.size()).isEqualTo(1);
  }

  @Test
  void aVmacAndNoAcceptShareTheTableEachPartMadeOnce() {
    Kernel k = new Kernel();
    VipFirewall fw = new VipFirewall(VipFirewall.Settings.defaults(), k);
    fw.addVmac(4, 3, List.of(NftCodec.NFPROTO_IPV4), 0);
    assertThat(k.transactions.get(0))
        .containsExactly(
            NftCodec.NFT_MSG_NEWTABLE,
            NftCodec.NFT_MSG_NEWCHAIN,
            NftCodec.NFT_MSG_NEWSET,
            NftCodec.NFT_MSG_NEWRULE,
            NftCodec.NFT_MSG_NEWSETELEM);
    fw.add(List.of(A)); // the input chain, the set and the rules, not the table again
    assertThat(k.transactions.get(1))
        .startsWith(NftCodec.NFT_MSG_NEWCHAIN, NftCodec.NFT_MSG_NEWSET);
    fw.addVmac(4, 3, List.of(NftCodec.NFPROTO_IPV4), 0);
    assertThat(k.transactions).as("there already").hasSize(2);
    // made again (a new index): out and in with one transaction
    fw.addVmac(6, 3, List.of(NftCodec.NFPROTO_IPV4), 4);
    assertThat(k.transactions.get(2))
        .containsExactly(NftCodec.NFT_MSG_DELSETELEM, NftCodec.NFT_MSG_NEWSETELEM);
    fw.removeVmac(4, List.of(NftCodec.NFPROTO_IPV4));
    assertThat(k.transactions).as("the old one is gone already").hasSize(3);
    fw.removeVmac(6, List.of(NftCodec.NFPROTO_IPV4, NftCodec.NFPROTO_IPV6));
    assertThat(k.transactions.get(3)).containsExactly(NftCodec.NFT_MSG_DELSETELEM);
  }

  @Test
  void theClientSendsOneDatagramAndThrowsTheRefusalOfAnAbortedTransaction() {
    // nf_tables answers every message that asked for an ack, the refused one with its error
    KernelTwin twin =
        new KernelTwin(
            r -> {
              if ((r.flags() & NlMsg.F_ACK) == 0) {
                return List.of();
              }
              if ((r.type() & 0xff) == NftCodec.NFT_MSG_NEWSETELEM) {
                return List.of(Wire.error(r, Errno.EEXIST, null, true));
              }
              return List.of(Wire.ack(r));
            });
    NftClient client = new NftClient(twin, 1000);
    List<byte[]> messages =
        List.of(
            NftCodec.newTable(NftCodec.NFPROTO_IPV4, "t"),
            NftCodec.newSetElements(
                NftCodec.NFPROTO_IPV4, "t", "vips", 0, List.of(new byte[4]), true));
    assertThatThrownBy(() -> client.transaction(messages))
        .isInstanceOf(NetlinkException.class)
        .hasMessageContaining("EEXIST")
        .hasMessageContaining("add element ip");
    assertThat(twin.sentDatagrams).hasSize(1);
    assertThat(twin.requests.stream().map(Wire.Msg::type).toList())
        .containsExactly(
            NftCodec.NFNL_MSG_BATCH_BEGIN,
            NftCodec.NFNL_SUBSYS_NFTABLES << 8 | NftCodec.NFT_MSG_NEWTABLE,
            NftCodec.NFNL_SUBSYS_NFTABLES << 8 | NftCodec.NFT_MSG_NEWSETELEM,
            NftCodec.NFNL_MSG_BATCH_END);
  }

  @Test
  void theClientThrowsARefusalOfTheWholeBatch() {
    // without CAP_NET_ADMIN nfnetlink answers the batch begin with EPERM and nothing else
    KernelTwin twin =
        new KernelTwin(
            r ->
                r.type() == NftCodec.NFNL_MSG_BATCH_BEGIN
                    ? List.of(Wire.error(r, Errno.EPERM, null, true))
                    : List.of());
    NftClient client = new NftClient(twin, 1000);
    assertThatThrownBy(
            () -> client.transaction(List.of(NftCodec.newTable(NftCodec.NFPROTO_IPV4, "t"))))
        .isInstanceOf(NetlinkException.class)
        .hasMessageContaining("EPERM");
  }

  @Test
  void hasTableIsFalseOnEnoent() {
    KernelTwin twin = new KernelTwin(r -> List.of(Wire.error(r, Errno.ENOENT, null, true)));
    assertThat(new NftClient(twin, 1000).hasTable(NftCodec.NFPROTO_IPV4, "keepalived")).isFalse();
    KernelTwin there = KernelTwin.acking();
    assertThat(new NftClient(there, 1000).hasTable(NftCodec.NFPROTO_IPV4, "keepalived")).isTrue();
  }
}
