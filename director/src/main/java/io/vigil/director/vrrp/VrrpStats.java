package io.vigil.director.vrrp;

import io.vigil.vrrp.wire.DropReason;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A VRRP instance's statistics as keepalived keeps them ({@code vrrp_print_stats}), for the file
 * SIGUSR2 writes in keepalived's layout, which scripts that watch keepalived parse.
 *
 * <p>Vigil counts drops by its own reasons ({@link DropReason}); they fall into keepalived's
 * categories as keepalived's checks would have counted the same packet: a truncated or malformed
 * header, or a length that does not match the address count, is a length error; a wrong address
 * count or list an address list error; a password or Authentication Header that fails, or an AH
 * sequence number not above the last, an authentication failure. Vigil does not tell an auth type
 * that no VRRP version defines from one that differs from the configured one: both are counted as a
 * type mismatch, and "Invalid Type" stays 0. Drops keepalived does not count in this file (another
 * VRID, a wrong version or checksum, our own advert) are left out here too, as they are in
 * keepalived's.
 */
public record VrrpStats(
    String instance,
    long advertsReceived,
    long advertsSent,
    long becameMaster,
    long releasedMaster,
    Map<DropReason, Long> drops,
    long priorityZeroReceived,
    long priorityZeroSent) {
  public VrrpStats {
    drops = drops.isEmpty() ? Map.of() : new EnumMap<>(drops);
  }

  /** keepalived 2.2.7's keepalived.stats for {@code instances}, in their order. */
  public static String render(List<VrrpStats> instances) {
    StringBuilder b = new StringBuilder();
    for (VrrpStats s : instances) {
      b.append("VRRP Instance: ").append(s.instance).append('\n');
      b.append("  Advertisements:\n");
      line(b, "    Received: ", s.advertsReceived);
      line(b, "    Sent: ", s.advertsSent);
      line(b, "  Became master: ", s.becameMaster);
      line(b, "  Released master: ", s.releasedMaster);
      b.append("  Packet Errors:\n");
      line(
          b,
          "    Length: ",
          s.dropped(DropReason.IP_HEADER, DropReason.TOO_SHORT, DropReason.LENGTH));
      line(b, "    TTL: ", s.dropped(DropReason.TTL));
      line(b, "    Invalid Type: ", s.dropped(DropReason.TYPE));
      line(b, "    Advertisement Interval: ", s.dropped(DropReason.INTERVAL));
      line(b, "    Address List: ", s.dropped(DropReason.ADDRESS_COUNT, DropReason.ADDRESS_LIST));
      b.append("  Authentication Errors:\n");
      line(b, "    Invalid Type: ", 0);
      line(b, "    Type Mismatch: ", s.dropped(DropReason.AUTH_TYPE));
      line(b, "    Failure: ", s.dropped(DropReason.AUTH_DATA, DropReason.AH_SEQUENCE));
      b.append("  Priority Zero:\n");
      line(b, "    Received: ", s.priorityZeroReceived);
      line(b, "    Sent: ", s.priorityZeroSent);
    }
    return b.toString();
  }

  private long dropped(DropReason... reasons) {
    long n = 0;
    for (DropReason r : reasons) {
      n += drops.getOrDefault(r, 0L);
    }
    return n;
  }

  private static void line(StringBuilder b, String label, long value) {
    b.append(label).append(value).append('\n');
  }
}
