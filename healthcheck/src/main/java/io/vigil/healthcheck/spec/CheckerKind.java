package io.vigil.healthcheck.spec;

/**
 * keepalived's checker types. Their defaults live in the config module's {@code CheckerDefaults}
 * (the one table); specs here take every value explicitly.
 */
public enum CheckerKind {
  TCP_CHECK,
  HTTP_GET,
  SSL_GET,
  MISC_CHECK,
  SMTP_CHECK,
  DNS_CHECK,
  UDP_CHECK,
  PING_CHECK,
  FILE_CHECK,
  BFD_CHECK;

  /**
   * Whether it follows something that changes on its own (a tracked file, a BFD session) rather
   * than checking the real server: keepalived's FILE_CHECK and BFD_CHECK are told of changes and
   * have no check that {@code ha_suspend} could skip, so they are never suspended.
   */
  public boolean followsChanges() {
    return this == FILE_CHECK || this == BFD_CHECK;
  }
}
