package io.vigil.healthcheck.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.TcpCheckSpec;
import java.util.function.Consumer;

/** {@code TCP_CHECK}: up when the connection opens within {@code connect_timeout}; then closed. */
public final class TcpChecker implements Checker {
  private final TcpCheckSpec spec;
  private final Transport transport;
  private final CheckResult connected;
  private final Bootstrap bootstrap;

  public TcpChecker(TcpCheckSpec spec, Transport transport) {
    this.spec = spec;
    this.transport = transport;
    this.connected = CheckResult.up("connected to " + spec.connect().targetText());
    this.bootstrap =
        transport
            .tcpBootstrap(spec.timing().connectTimeoutNs(), spec.connect())
            .handler(HttpChecker.NoHandler.INSTANCE);
  }

  @Override
  public void check(Consumer<CheckResult> done) {
    java.util.Optional<String> unsupported = transport.unsupported(spec.connect());
    if (unsupported.isPresent()) {
      done.accept(CheckResult.down(unsupported.get()));
      return;
    }
    long timeoutNs = spec.timing().connectTimeoutNs();
    if (transport.direct()) {
      DirectExchange.connectOnly(
          transport,
          spec.connect(),
          timeoutNs,
          reason -> done.accept(reason == null ? connected : CheckResult.down(reason)));
      return;
    }
    Bootstrap b = bootstrap;
    ChannelFuture f = Transport.connect(b, spec.connect());
    f.addListener(
        (ChannelFuture cf) -> {
          if (cf.isSuccess()) {
            cf.channel().close();
            done.accept(connected);
          } else {
            done.accept(CheckResult.down(Failures.connectReason(cf.cause(), timeoutNs)));
          }
        });
  }
}
