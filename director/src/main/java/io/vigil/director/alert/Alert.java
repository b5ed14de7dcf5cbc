package io.vigil.director.alert;

/**
 * One alert: keepalived's subject without its {@code [router_id] } prefix (the sender adds it) and
 * the body, lines separated by {@code \n}; {@code fault}: an instance or sync group entering FAULT
 * (not sent with {@code no_email_faults}).
 */
public record Alert(String subject, String body, boolean fault) {
  public Alert(String subject, String body) {
    this(subject, body, false);
  }
}
