package io.vigil.lab;

/**
 * The keepalived.conf each director of the end-to-end scenario runs: one VRRP instance holding the
 * VIP on the front side (and, for NAT, the real servers' gateway on the back side, so it moves with
 * the master), and the virtual server with the real servers weighted 1, 2, 3... under wrr, each
 * with an HTTP_GET check on a one-second loop. The kernel's sync daemon runs on the back side
 * ({@code lvs_sync_daemon eth1 VI_1}): master on the VRRP master, backup on the backup, so the
 * backup holds the master's connections when it takes over.
 */
public final class DirectorConf {
  /** The VRRP instance's virtual router id and advert interval. */
  public static final int VRID = 51;

  public static final int ADVERT_INTERVAL_S = 1;

  /** Director 1's priority (the preferred master) and director 2's. */
  public static final int PRIORITY_DIR1 = 200;

  public static final int PRIORITY_DIR2 = 100;

  private DirectorConf() {}

  /** A backup's Master_Down_Interval (RFC 3768: 3 adverts plus the skew), in milliseconds. */
  public static long masterDownMs(int priority) {
    return 3_000L * ADVERT_INTERVAL_S + (256 - priority) * 1_000L / 256;
  }

  /** Director {@code d}'s priority. */
  public static int priority(int d) {
    return d == 1 ? PRIORITY_DIR1 : PRIORITY_DIR2;
  }

  /** The weight of real server n (1, 2, 3, ...). */
  public static int weight(int n) {
    return n;
  }

  /** The configuration of director {@code d} (1 or 2) for topology {@code t}. */
  public static String of(LvsTopology t, int d, boolean preempt) {
    StringBuilder b = new StringBuilder();
    b.append("global_defs {\n  router_id dir").append(d).append('\n');
    b.append("  lvs_sync_daemon eth1 VI_1\n}\n\n");
    b.append("vrrp_instance VI_1 {\n");
    b.append("  state BACKUP\n  interface eth0\n");
    b.append("  virtual_router_id ").append(VRID).append('\n');
    b.append("  priority ").append(priority(d)).append('\n');
    b.append("  advert_int ").append(ADVERT_INTERVAL_S).append('\n');
    b.append("  authentication {\n    auth_type PASS\n    auth_pass e2e\n  }\n");
    b.append("  virtual_ipaddress {\n");
    b.append("    ").append(LvsTopology.VIP).append("/24 dev eth0\n");
    if (t.mode() == LvsTopology.Mode.NAT) {
      b.append("    ").append(LvsTopology.BACK_VIP).append("/24 dev eth1\n");
    }
    b.append("  }\n");
    if (!preempt) {
      b.append("  nopreempt\n");
    }
    b.append("}\n\n");
    b.append("virtual_server ").append(LvsTopology.VIP).append(' ').append(LvsTopology.PORT);
    b.append(" {\n  delay_loop 1\n  lb_algo wrr\n");
    b.append("  lb_kind ").append(t.mode()).append("\n  protocol TCP\n");
    for (int n = 1; n <= t.realCount(); n++) {
      b.append("  real_server ").append(t.realAddress(n)).append(' ').append(LvsTopology.PORT);
      b.append(" {\n    weight ").append(weight(n)).append('\n');
      b.append("    HTTP_GET {\n      url {\n        path /\n        status_code 200\n      }\n");
      b.append("      connect_timeout 1\n      retry 1\n      delay_before_retry 1\n    }\n");
      b.append("  }\n");
    }
    b.append("}\n");
    return b.toString();
  }
}
