package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.LoadResult;
import io.vigil.director.reconcile.InMemoryIpvsKernel;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.nft.NftCodec;
import io.vigil.netlink.nft.VipFirewall;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * nftables_ipvs in the runtime, on an in-memory IPVS and a recording nf_tables twin: the marks go
 * in at the start, a reload sends only their difference (or deletes the table when it is turned
 * off), the stop deletes the table with the services and keeps it when the services are kept, and a
 * refusal leaves the services running.
 */
class LvsRuntimeGroupMarksTest {
  private final InMemoryIpvsKernel kernel = new InMemoryIpvsKernel();
  private final Nft nft = new Nft();
  private LvsRuntime runtime;
  private LvsModel.GroupMarks marks = LvsModel.GroupMarks.NONE;

  /** Records each transaction as its messages' nf_tables commands; refuses when told. */
  static final class Nft implements VipFirewall.Kernel {
    final List<List<Integer>> transactions = new ArrayList<>();
    boolean refuse;

    @Override
    public boolean hasTable(int family, String table) {
      return false;
    }

    @Override
    public void transaction(List<byte[]> messages) {
      if (refuse) {
        throw new IllegalStateException("EPROTONOSUPPORT: no nf_tables");
      }
      List<Integer> commands = new ArrayList<>();
      for (byte[] m : messages) {
        commands.add(ByteBuffer.wrap(m).order(ByteOrder.nativeOrder()).getShort(4) & 0xff);
      }
      transactions.add(commands);
    }
  }

  @AfterEach
  void stop() {
    if (runtime != null) {
      runtime.stop(false);
    }
  }

  static String config(boolean on, String entries) {
    return (on ? "global_defs {\n  nftables_ipvs\n}\n" : "")
        + "virtual_server_group web {\n"
        + entries
        + "}\n"
        + """
        virtual_server group web {
          delay_loop 2
          lb_algo rr
          lb_kind NAT
          protocol TCP
          real_server 203.0.113.5 80 {
          }
        }
        """;
  }

  private LvsMapping.Result map(String text) {
    LoadResult r = ConfigLoader.loadString(text, "test.conf", Path.of("."), LvsRuntimes.ENV);
    assertThat(r.diagnostics()).noneMatch(d -> d.toString().contains("error"));
    LvsMapping.Result m = LvsMapping.map(r.config(), marks);
    assertThat(m.errors()).isEmpty();
    marks = m.model().groupMarks();
    return m;
  }

  private void start(String text) {
    LvsMapping.Result m = map(text);
    runtime =
        new LvsRuntime(m.model(), kernel, new LvsRuntime.Options(3_600_000, false))
            .nftKernel(() -> nft);
    LvsRuntimes.start(runtime, m);
  }

  private void reload(String text) {
    LvsMapping.Result m = map(text);
    runtime.reload(m.model(), m.checks());
  }

  private List<ServiceKey> services() {
    return List.copyOf(kernel.dump().services().keySet());
  }

  @Test
  void theMarksGoInAtTheStartAndOnlyTheirDifferenceAtAReload() {
    start(config(true, "  192.0.2.10-12 80\n  192.0.2.20 8080\n"));
    assertThat(nft.transactions)
        .containsExactly(
            List.of(
                NftCodec.NFT_MSG_NEWTABLE,
                NftCodec.NFT_MSG_NEWCHAIN,
                NftCodec.NFT_MSG_NEWSET,
                NftCodec.NFT_MSG_NEWRULE,
                NftCodec.NFT_MSG_NEWSETELEM,
                NftCodec.NFT_MSG_NEWSETELEM));
    assertThat(services()).containsExactly(ServiceKey.fwmark(1000, ServiceKey.AF_INET));

    // the same again: nothing sent
    reload(config(true, "  192.0.2.10-12 80\n  192.0.2.20 8080\n"));
    assertThat(nft.transactions).hasSize(1);

    reload(config(true, "  192.0.2.10-12 80\n  192.0.2.30 80\n"));
    assertThat(nft.transactions.get(1))
        .containsExactly(NftCodec.NFT_MSG_DELSETELEM, NftCodec.NFT_MSG_NEWSETELEM);
    assertThat(services()).containsExactly(ServiceKey.fwmark(1000, ServiceKey.AF_INET));

    // turned off: the table goes, each address is a service again
    reload(config(false, "  192.0.2.10-12 80\n  192.0.2.30 80\n"));
    assertThat(nft.transactions.get(2)).containsExactly(NftCodec.NFT_MSG_DELTABLE);
    assertThat(services()).hasSize(4).noneMatch(k -> k.fwmark() != 0);
  }

  @Test
  void theStopDeletesTheTableWithTheServices() {
    start(config(true, "  192.0.2.10 80\n"));
    runtime.stop(true);
    assertThat(services()).isEmpty();
    assertThat(nft.transactions.get(nft.transactions.size() - 1))
        .containsExactly(NftCodec.NFT_MSG_DELTABLE);
  }

  @Test
  void keptServicesKeepTheirTable() {
    start(config(true, "  192.0.2.10 80\n"));
    runtime.stop(false);
    assertThat(services()).hasSize(1);
    assertThat(nft.transactions).hasSize(1);
  }

  @Test
  void aRefusalLeavesTheServicesRunningAndTheNextReloadTriesAgain() {
    nft.refuse = true;
    start(config(true, "  192.0.2.10 80\n"));
    assertThat(services()).containsExactly(ServiceKey.fwmark(1000, ServiceKey.AF_INET));
    assertThat(nft.transactions).isEmpty();
    nft.refuse = false;
    reload(config(true, "  192.0.2.10 80\n"));
    assertThat(nft.transactions).hasSize(1);
    assertThat(nft.transactions.get(0)).startsWith(NftCodec.NFT_MSG_NEWTABLE);
  }
}
