package io.vigil.healthcheck.spec;

import io.vigil.netlink.ipvs.text.AddressText;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where a network checker connects, and from where: {@code connect_ip} / {@code connect_port}
 * (defaulting to the real server's address and port, resolved by the caller), {@code bindto},
 * {@code bind_port} (0: any), {@code fwmark} (0: none; needs the epoll transport) and {@code
 * bind_if} (the device the checker's socket is bound to, SO_BINDTODEVICE; empty: none).
 */
public record ConnectSpec(
    InetSocketAddress target,
    Optional<InetAddress> bindTo,
    int bindPort,
    int fwmark,
    Optional<String> bindIf) {
  public ConnectSpec {
    bindIf = bindIf == null ? Optional.empty() : bindIf;
    if (bindIf.isPresent() && (bindIf.get().isEmpty() || bindIf.get().length() >= 16)) {
      throw new IllegalArgumentException("bind_if is not an interface name: " + bindIf.get());
    }
    if (target.isUnresolved()) {
      throw new IllegalArgumentException("checks connect to addresses, not names: " + target);
    }
    if (bindPort < 0 || bindPort > 65535) {
      throw new IllegalArgumentException("bind_port out of range: " + bindPort);
    }
    bindTo = bindTo == null ? Optional.empty() : bindTo;
    if (bindTo.isPresent()
        && bindTo.get().getAddress().length != target.getAddress().getAddress().length) {
      throw new IllegalArgumentException(
          "bindto "
              + AddressText.ntop(bindTo.get())
              + " is not of the address family of "
              + AddressText.ntop(target.getAddress()));
    }
  }

  /** Without {@code bind_if}. */
  public ConnectSpec(
      InetSocketAddress target, Optional<InetAddress> bindTo, int bindPort, int fwmark) {
    this(target, bindTo, bindPort, fwmark, Optional.empty());
  }

  /** Connect to this address and port, from anywhere. */
  public static ConnectSpec to(InetSocketAddress target) {
    return new ConnectSpec(target, Optional.empty(), 0, 0);
  }

  /** The local address to bind, if any. */
  public Optional<InetSocketAddress> localAddress() {
    if (bindTo.isEmpty() && bindPort == 0) {
      return Optional.empty();
    }
    return Optional.of(
        bindTo
            .map(a -> new InetSocketAddress(a, bindPort))
            .orElseGet(() -> new InetSocketAddress(anyLocal(target.getAddress()), bindPort)));
  }

  /**
   * 0.0.0.0 or ::, the wildcard of the target's family (the checker's socket is of that family).
   */
  private static InetAddress anyLocal(InetAddress target) {
    try {
      return InetAddress.getByAddress(new byte[target.getAddress().length]);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e); // 4 or 16 bytes are always an address
    }
  }

  /** "192.0.2.1:80", or "[2001:db8::1]:80". */
  public String targetText() {
    String host = AddressText.ntop(target.getAddress()); // 2001:db8::1, as keepalived writes it
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + target.getPort();
  }
}
