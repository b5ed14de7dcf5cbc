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
  BFD_CHECK
}
