package io.vigil.director.lifecycle;

import io.vigil.config.model.GlobalDefs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's netlink receive buffers ({@code vrrp_netlink_monitor_rcv_bufs}, {@code
 * vrrp_netlink_cmd_rcv_bufs}, {@code lvs_netlink_monitor_rcv_bufs}, {@code
 * process_monitor_rcv_bufs}, each with {@code _force}) applied to a socket of that kind. Unset, a
 * socket keeps Vigil's own default (8 MiB, forced where the process may: more than keepalived's),
 * so that a burst of events is not lost; set, it is what the operator asked for, as keepalived sets
 * it. keepalived logs a refusal and goes on with the size it had; so does this.
 */
public final class NetlinkBuffers {
  private static final Logger log = LoggerFactory.getLogger(NetlinkBuffers.class);

  private NetlinkBuffers() {}

  /** A socket whose receive buffer can be sized; returns the size the kernel gave. */
  public interface Sized {
    int receiveBuffer(int bytes, boolean force);
  }

  /**
   * Sizes {@code socket} per {@code b}, nothing when it is unset; {@code what} names the keyword's
   * socket ({@code vrrp_netlink_monitor}) in the log.
   */
  public static void size(String what, GlobalDefs.NetlinkBuf b, Sized socket) {
    if (b.size() == 0) {
      return;
    }
    int bytes = (int) Math.min(b.size(), Integer.MAX_VALUE);
    try {
      int got = socket.receiveBuffer(bytes, b.force());
      log.info(
          "{} receive buffer {} bytes ({}_rcv_bufs {}{})",
          what,
          got,
          what,
          b.size(),
          b.force() ? ", forced" : "");
    } catch (RuntimeException e) {
      log.info("{} receive buffer not set to {}: {}", what, b.size(), e.getMessage());
    }
  }
}
