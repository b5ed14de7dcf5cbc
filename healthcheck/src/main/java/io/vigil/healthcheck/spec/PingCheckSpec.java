package io.vigil.healthcheck.spec;

/**
 * {@code PING_CHECK}: up when an ICMP (ICMPv6 for an IPv6 target) echo reply comes back within
 * {@code connect_timeout}. Of the connection options only the address counts (the port is ignored);
 * {@code bindto} and {@code fwmark} apply to the echo request.
 */
public record PingCheckSpec(ConnectSpec connect, CheckTiming timing) implements CheckerSpec {
  @Override
  public CheckerKind kind() {
    return CheckerKind.PING_CHECK;
  }
}
