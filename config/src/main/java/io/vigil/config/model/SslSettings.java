package io.vigil.config.model;

import io.vigil.config.Origin;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The top-level {@code SSL} block: the client side of SSL_GET checks ({@code check_ssl.c}). Without
 * {@code ca} the real servers' certificates are not verified; with it, they must chain to it (the
 * host name is not checked, as in keepalived). {@code certificate} and {@code key} are the client
 * certificate; {@code password} decrypts the key.
 */
public record SslSettings(
    Origin origin,
    Optional<Path> ca,
    Optional<Path> certificate,
    Optional<Path> key,
    Optional<String> password) {
  @Override
  public String toString() {
    return "SslSettings[origin="
        + origin
        + ", ca="
        + ca
        + ", certificate="
        + certificate
        + ", key="
        + key
        + ", password="
        + password.map(p -> "(set)").orElse("(none)")
        + "]";
  }
}
