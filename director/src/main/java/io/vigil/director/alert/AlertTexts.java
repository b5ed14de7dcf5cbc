package io.vigil.director.alert;

import io.vigil.healthcheck.spec.CheckerKind;

/**
 * The subjects and bodies of keepalived 2.2.7's alert mail (core/smtp.c, vrrp/vrrp_notify.c,
 * check/ipwrapper.c and each checker's file), so that an operator's mail filters go on matching.
 * Pure.
 */
public final class AlertTexts {
  private AlertTexts() {}

  /**
   * A VRRP instance's transition ({@code state}: MASTER, BACKUP, FAULT or STOP, as notify scripts
   * get it); null for a state keepalived does not mail.
   */
  public static Alert instance(String name, String state) {
    String body =
        switch (state) {
          case "MASTER" -> "=> VRRP Instance is now owning VRRP VIPs <=";
          case "BACKUP", "FAULT" -> "=> VRRP Instance is no longer owning VRRP VIPs <=";
          case "STOP" -> "=> VRRP Instance stopping <=";
          case "DELETED" -> "=> VRRP Deleted at reload <=";
          default -> null;
        };
    return body == null
        ? null
        : new Alert("VRRP Instance " + name + " - " + what(state), body, "FAULT".equals(state));
  }

  /** A sync group's transition; null for a state keepalived does not mail. */
  public static Alert group(String name, String state) {
    String body =
        switch (state) {
          case "MASTER", "BACKUP", "FAULT" ->
              "=> All VRRP group instances are now in " + state + " state <=";
          case "STOP" -> "=> All VRRP group instances are now stopping <=";
          default -> null;
        };
    return body == null
        ? null
        : new Alert("VRRP Group " + name + " - " + what(state), body, "FAULT".equals(state));
  }

  private static String what(String state) {
    return switch (state) {
      case "STOP" -> "Stopping";
      case "DELETED" -> "Deleted";
      default -> "Entering " + state + " state";
    };
  }

  /**
   * A real server went into ({@code up}) or out of its pool because of a checker of {@code kind}
   * ({@code realServer} and {@code virtualServer} in keepalived's words: {@code
   * [203.0.113.5]:tcp:80} and {@code [192.0.2.10]:tcp:80}). The body is the checker's line as
   * keepalived writes it, then Vigil's reason ({@code connect refused}).
   */
  public static Alert realServer(
      String realServer, String virtualServer, boolean up, CheckerKind kind, String reason) {
    String line = checkerLine(kind, up);
    return new Alert(
        "Realserver " + realServer + " of virtual server " + virtualServer + " - " + upDown(up),
        reason == null || reason.isBlank() ? line : line + "\n\n" + reason);
  }

  /**
   * A virtual server gained or lost its quorum: keepalived's {@code => Gained quorum 1+0=1 <= 2 <=}
   * ({@code quorum}, {@code hysteresis}, the threshold crossed, the summed weight of its live real
   * servers), {@code Starting with quorum up|down} at start.
   */
  public static Alert quorum(
      String virtualServer, boolean up, boolean atStart, long quorum, long hysteresis, long sum) {
    long threshold = quorum + (up ? 1 : -1) * hysteresis;
    String what =
        up
            ? atStart ? "Starting with quorum up" : "Gained quorum"
            : atStart ? "Starting with quorum down" : "Lost quorum";
    return new Alert(
        "Virtualserver " + virtualServer + " - " + upDown(up),
        "=> " + what + " " + quorum + "+" + hysteresis + "=" + threshold + " <= " + sum + " <=");
  }

  /** Each checker's line in keepalived's mail. */
  static String checkerLine(CheckerKind kind, boolean up) {
    String ok = up ? "succeed" : "failed";
    if (kind == null) {
      return "=> CHECK " + ok + " on service <=";
    }
    return switch (kind) {
      case TCP_CHECK -> "=> TCP CHECK " + ok + " on service <=";
      case UDP_CHECK -> "=> UDP CHECK " + ok + " on service <=";
      case PING_CHECK -> "=> ICMP CHECK " + ok + " on service <=";
      case DNS_CHECK -> "=> DNS_CHECK: " + ok + " on service <=";
      case MISC_CHECK -> "=> MISC CHECK " + (up ? "succeeded" : "failed") + " on service <=";
      case HTTP_GET, SSL_GET ->
          up
              ? "=> CHECK succeed on service <="
              : "=> CHECK failed on service : HTTP request failed <=";
      default -> "=> CHECK " + ok + " on service <=";
    };
  }

  private static String upDown(boolean up) {
    return up ? "UP" : "DOWN";
  }
}
