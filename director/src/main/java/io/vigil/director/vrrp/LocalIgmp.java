package io.vigil.director.vrrp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code disable_local_igmp}, as keepalived 2.2.7 has it (vrrp_daemon.c): while the VRRP side runs,
 * net.ipv4.igmp_link_local_mcast_reports is 0, so the kernel sends no IGMP report for 224.0.0.0/24
 * (switches flood those groups anyway, RFC 4541), none from a backup's VMAC with the virtual MAC in
 * particular; put back to 1 at the end if it was 1. Read at start only: a reload that changes it is
 * told to restart. Under the packaged unit /proc/sys is read only: then a warning says what to set
 * instead.
 */
final class LocalIgmp {
  private static final Logger log = LoggerFactory.getLogger(LocalIgmp.class);
  static final Path SYSCTL = Path.of("/proc/sys/net/ipv4/igmp_link_local_mcast_reports");

  private final Path sysctl;
  private Boolean applied; // null before the first configuration
  private boolean changed;

  LocalIgmp(Path sysctl) {
    this.sysctl = sysctl;
  }

  /** Applies a configuration's {@code disable_local_igmp} (the first one only). */
  void apply(boolean disable) {
    if (applied != null) {
      if (applied != disable) {
        log.info("Cannot change disable_local_igmp at a reload - please restart vigil");
      }
      return;
    }
    applied = disable;
    if (!disable) {
      return;
    }
    try {
      if ("1".equals(Files.readString(sysctl).strip())) {
        Files.writeString(sysctl, "0");
        changed = true;
        log.info("disable_local_igmp: net.ipv4.igmp_link_local_mcast_reports set to 0 (was 1)");
      }
    } catch (IOException | RuntimeException e) {
      log.warn(
          "disable_local_igmp: {} not set ({}): set net.ipv4.igmp_link_local_mcast_reports = 0"
              + " in /etc/sysctl.d instead",
          sysctl,
          e.toString());
    }
  }

  /** Puts the value back if this set it. */
  void close() {
    if (!changed) {
      return;
    }
    changed = false;
    try {
      Files.writeString(sysctl, "1");
      log.info("net.ipv4.igmp_link_local_mcast_reports put back to 1");
    } catch (IOException | RuntimeException e) {
      log.warn("net.ipv4.igmp_link_local_mcast_reports not put back to 1: {}", e.toString());
    }
  }
}
