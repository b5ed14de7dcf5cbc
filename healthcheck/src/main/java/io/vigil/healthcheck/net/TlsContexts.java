package io.vigil.healthcheck.net;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.vigil.healthcheck.spec.HttpCheckSpec.Tls;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * Client TLS contexts, one per distinct SSL setting (thousands of SSL_GET checks share one).
 * keepalived's rules: without a CA the server certificate is not verified; with one the chain must
 * verify against it; the host name is never checked (Netty 4.2 checks it by default for clients, so
 * it is switched off here explicitly).
 */
final class TlsContexts {
  private final ConcurrentHashMap<Tls, Object> contexts = new ConcurrentHashMap<>();

  /** The context, or an SSLException saying why it cannot be built (bad CA file, bad key). */
  SslContext get(Tls tls) throws SSLException {
    Object o = contexts.computeIfAbsent(tls, TlsContexts::build);
    if (o instanceof SSLException e) {
      throw e;
    }
    return (SslContext) o;
  }

  private static Object build(Tls tls) {
    try {
      SslContextBuilder b = SslContextBuilder.forClient().endpointIdentificationAlgorithm(null);
      if (tls.caFile().isPresent()) {
        b.trustManager(tls.caFile().get().toFile());
      } else {
        b.trustManager(InsecureTrustManagerFactory.INSTANCE);
      }
      if (tls.certificateFile().isPresent()) {
        b.keyManager(
            tls.certificateFile().get().toFile(),
            tls.keyFile().get().toFile(),
            tls.keyPassword().orElse(null));
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      return e instanceof SSLException s ? s : new SSLException(e.getMessage(), e);
    }
  }
}
