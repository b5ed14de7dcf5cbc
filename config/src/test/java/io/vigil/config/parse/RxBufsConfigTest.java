package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.GlobalDefs.RxBufs;
import io.vigil.config.model.GlobalDefs.RxBufs.Policy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code vrrp_rx_bufs_policy}, {@code vrrp_rx_bufs_multiplier} and an instance's {@code
 * kernel_rx_buf_size}, read as keepalived 2.2.7 reads them; each refusal's words were checked with
 * {@code keepalived -t} (exit 5 on each).
 */
class RxBufsConfigTest {
  static LoadResult global(String lines) {
    return Cfg.load("global_defs {\n" + lines.replace("/", "\n") + "\n}\n");
  }

  @Test
  void theKernelsDefaultUnlessSet() {
    assertThat(Cfg.load("global_defs {\n}\n").config().globalDefs().vrrpRxBufs())
        .isEqualTo(RxBufs.DEFAULT)
        .isEqualTo(new RxBufs(Policy.NONE, 0, 3));
    assertThat(VrrpConfigTest.only(Cfg.load(VrrpConfigTest.MINIMAL)).kernelRxBufSize()).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "vrrp_rx_bufs_policy MTU; MTU; 0; 3",
        "vrrp_rx_bufs_policy mtu; MTU; 0; 3",
        "vrrp_rx_bufs_policy Advert/vrrp_rx_bufs_multiplier 8; ADVERT; 0; 8",
        "vrrp_rx_bufs_policy 262144; SIZE; 262144; 3",
        "vrrp_rx_bufs_policy 4294967295; SIZE; 4294967295; 3",
      })
  void accepted(String lines, Policy policy, long size, int multiplier) {
    LoadResult r = global(lines);
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().globalDefs().vrrpRxBufs())
        .isEqualTo(new RxBufs(policy, size, multiplier));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "vrrp_rx_bufs_policy; 2 error: vrrp_rx_bufs_policy missing; NONE",
        "vrrp_rx_bufs_policy foo; 2 error: Invalid vrrp_rx_bufs_policy foo; NONE",
        "vrrp_rx_bufs_policy 4294967296; 2 error: Invalid vrrp_rx_bufs_policy 4294967296; NONE",
        // keepalived reads the number from the first word whatever its place
        "vrrp_rx_bufs_policy MTU 1000; 2 error: Invalid vrrp_rx_bufs_policy 1000; MTU",
        "vrrp_rx_bufs_policy 1000 MTU;"
            + " 2 error: Cannot set vrrp_rx_bufs_policy size and policy, ignoring policy; SIZE",
        "vrrp_rx_bufs_policy MTU ADVERT;"
            + " 2 error: Cannot set both vrrp_rx_bufs_policy MTU and ADVERT, ignoring ADVERT; MTU",
        // a second line adds to the first, as keepalived ORs them
        "vrrp_rx_bufs_policy MTU/vrrp_rx_bufs_policy ADVERT;"
            + " 3 error: Cannot set both vrrp_rx_bufs_policy MTU and ADVERT, ignoring ADVERT; MTU",
        "vrrp_rx_bufs_policy MTU/vrrp_rx_bufs_policy 5000;"
            + " 3 error: Cannot set vrrp_rx_bufs_policy size and policy, ignoring policy; SIZE",
        "vrrp_rx_bufs_multiplier 0; 2 error: Invalid vrrp_rx_bufs_multiplier 0; NONE",
        "vrrp_rx_bufs_multiplier; 2 error: Invalid vrrp_rx_bufs_multiplier; NONE",
        "vrrp_rx_bufs_multiplier 2 3; 2 error: Invalid vrrp_rx_bufs_multiplier; NONE",
      })
  void keepalivedsRefusals(String lines, String finding, Policy after) {
    LoadResult r = global(lines);
    assertThat(Cfg.findings(r)).containsExactly(finding);
    assertThat(r.config().globalDefs().vrrpRxBufs().policy()).isEqualTo(after);
  }

  @Test
  void anInstancesOwnSize() {
    String conf = VrrpConfigTest.MINIMAL.replace("interface eth0", "interface eth0\n");
    LoadResult r =
        Cfg.load(conf.replace("interface eth0\n", "interface eth0\nkernel_rx_buf_size 65536"));
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(VrrpConfigTest.only(r).kernelRxBufSize()).isEqualTo(65536);
    for (String bad : new String[] {"x", "1 2", "-1"}) {
      LoadResult b =
          Cfg.load(conf.replace("interface eth0\n", "interface eth0\nkernel_rx_buf_size " + bad));
      assertThat(Cfg.findings(b))
          .as(bad)
          .containsExactly("3 error: (VI_1) invalid kernel_rx_buf_size specified");
    }
  }

  @Test
  void theDumpWritesThemAndReadsBackTheSame() {
    String conf =
        "global_defs {\n  vrrp_rx_bufs_policy ADVERT\n  vrrp_rx_bufs_multiplier 5\n}\n"
            + VrrpConfigTest.MINIMAL.replace(
                "interface eth0", "interface eth0\n  kernel_rx_buf_size 100000");
    String dump = ConfigDump.dump(Cfg.load(conf).config());
    assertThat(dump)
        .contains("  vrrp_rx_bufs_policy ADVERT\n  vrrp_rx_bufs_multiplier 5\n")
        .contains("  kernel_rx_buf_size 100000\n");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
    String size = ConfigDump.dump(global("vrrp_rx_bufs_policy 70000").config());
    assertThat(size).contains("  vrrp_rx_bufs_policy 70000\n");
  }
}
