package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.GlobalDefs.NetlinkBuf;
import io.vigil.config.model.GlobalDefs.NetlinkBufs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The netlink receive buffers ({@code vrrp_netlink_monitor_rcv_bufs} and its four siblings, each
 * with {@code _force}), read as keepalived 2.2.7 reads them; each refusal's words were checked with
 * {@code keepalived -t} (exit 5 on each).
 */
class NetlinkBufsConfigTest {
  static LoadResult global(String lines) {
    return Cfg.load("global_defs {\n" + lines.replace("/", "\n") + "\n}\n");
  }

  @Test
  void unsetUnlessWritten() {
    assertThat(global("").config().globalDefs().netlinkBufs()).isEqualTo(NetlinkBufs.UNSET);
  }

  @Test
  void eachSocketHasItsOwnSizeAndForce() {
    LoadResult r =
        global(
            "vrrp_netlink_monitor_rcv_bufs 1048576/vrrp_netlink_monitor_rcv_bufs_force"
                + "/vrrp_netlink_cmd_rcv_bufs 262144/lvs_netlink_monitor_rcv_bufs 100000"
                + "/lvs_netlink_monitor_rcv_bufs_force false/lvs_netlink_cmd_rcv_bufs_force yes"
                + "/process_monitor_rcv_bufs 4294967295/process_monitor_rcv_bufs 0");
    assertThat(Cfg.findings(r)).isEmpty();
    assertThat(r.config().globalDefs().netlinkBufs())
        .isEqualTo(
            new NetlinkBufs(
                new NetlinkBuf(1_048_576, true),
                new NetlinkBuf(262_144, false),
                new NetlinkBuf(100_000, false),
                new NetlinkBuf(0, true),
                new NetlinkBuf(4_294_967_295L, false))); // 0 leaves it as it was
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "vrrp_netlink_cmd_rcv_bufs; vrrp_netlink_cmd_rcv_bufs size missing",
        "vrrp_netlink_cmd_rcv_bufs x; vrrp_netlink_cmd_rcv_bufs size (x) invalid",
        "lvs_netlink_monitor_rcv_bufs 4294967296;"
            + " lvs_netlink_monitor_rcv_bufs size (4294967296) invalid",
        "vrrp_netlink_monitor_rcv_bufs_force TRUE;"
            + " Invalid value 'TRUE' for global vrrp_netlink_monitor_rcv_bufs_force specified",
        "process_monitor_rcv_bufs_force maybe;"
            + " Invalid value 'maybe' for global process_monitor_rcv_bufs_force specified",
      })
  void keepalivedsRefusals(String line, String message) {
    LoadResult r = global(line);
    assertThat(Cfg.findings(r)).containsExactly("2 error: " + message);
    assertThat(r.config().globalDefs().netlinkBufs()).isEqualTo(NetlinkBufs.UNSET);
  }

  @Test
  void theDumpWritesThemAndReadsBackTheSame() {
    String dump =
        ConfigDump.dump(
            global("vrrp_netlink_monitor_rcv_bufs 1048576/process_monitor_rcv_bufs_force")
                .config());
    assertThat(dump)
        .contains("  vrrp_netlink_monitor_rcv_bufs 1048576\n")
        .contains("  process_monitor_rcv_bufs_force\n")
        .doesNotContain("vrrp_netlink_cmd_rcv_bufs");
    assertThat(ConfigDump.dump(Cfg.load(dump).config())).isEqualTo(dump);
  }
}
