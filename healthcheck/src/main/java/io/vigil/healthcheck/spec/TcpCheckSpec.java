package io.vigil.healthcheck.spec;

/** {@code TCP_CHECK}: up when a TCP connection opens within {@code connect_timeout}. */
public record TcpCheckSpec(ConnectSpec connect, CheckTiming timing) implements CheckerSpec {
  @Override
  public CheckerKind kind() {
    return CheckerKind.TCP_CHECK;
  }
}
