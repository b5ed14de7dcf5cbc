package io.vigil.director.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Linux capabilities this process holds, read from /proc/self/status, and the check `vigil run`
 * makes before it touches anything: refusing to start with a clear message beats failing at the
 * first netlink request.
 */
public final class Privileges {
  /** capability(7) numbers. */
  public static final int CAP_NET_ADMIN = 12;

  public static final int CAP_NET_RAW = 13;

  private final long effective;

  Privileges(long effective) {
    this.effective = effective;
  }

  /** This process's effective set. */
  public static Privileges current() {
    try {
      return parse(Files.readAllLines(Path.of("/proc/self/status")));
    } catch (IOException e) {
      return new Privileges(0);
    }
  }

  /** A given effective set (capability(7) bit numbers), for tests and probes. */
  public static Privileges ofEffective(long effective) {
    return new Privileges(effective);
  }

  static Privileges parse(List<String> statusLines) {
    for (String line : statusLines) {
      if (line.startsWith("CapEff:")) {
        return new Privileges(Long.parseUnsignedLong(line.substring(7).strip(), 16));
      }
    }
    return new Privileges(0);
  }

  public boolean has(int capability) {
    return (effective & (1L << capability)) != 0;
  }

  /**
   * What is missing for the given needs, as one sentence per missing capability (empty when all are
   * held): IPVS and addresses need CAP_NET_ADMIN, VRRP and ARP sockets CAP_NET_RAW.
   */
  public List<String> missing(boolean needsNetAdmin, boolean needsNetRaw) {
    List<String> out = new ArrayList<>();
    if (needsNetAdmin && !has(CAP_NET_ADMIN)) {
      out.add("CAP_NET_ADMIN is needed to program IPVS and add virtual IPs");
    }
    if (needsNetRaw && !has(CAP_NET_RAW)) {
      out.add("CAP_NET_RAW is needed for VRRP adverts and gratuitous ARP");
    }
    return out;
  }
}
