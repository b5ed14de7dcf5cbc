package io.vigil.healthcheck.net;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import javax.net.ssl.SSLException;

/** Turns a connection failure into the short reason an operator reads. */
final class Failures {
  private Failures() {}

  static String connectReason(Throwable cause, long connectTimeoutNs) {
    if (cause instanceof ConnectTimeoutException) {
      return "connect timeout after " + Durations.text(connectTimeoutNs);
    }
    String msg = String.valueOf(cause.getMessage());
    if (msg.contains("refused")) {
      return "connection refused";
    }
    if (cause instanceof NoRouteToHostException || msg.contains("No route")) {
      return "no route to host";
    }
    if (cause instanceof PortUnreachableException) {
      return "port unreachable";
    }
    if (cause instanceof ConnectException) {
      return "connect failed: " + msg;
    }
    return "connect failed: " + cause.getClass().getSimpleName() + ": " + msg;
  }

  static String ioReason(Throwable cause) {
    Throwable c = cause;
    while (c.getCause() != null && !(c instanceof SSLException)) {
      c = c.getCause();
    }
    if (c instanceof SSLException) {
      for (Throwable t = c; t != null; t = t.getCause()) {
        if (t instanceof java.security.cert.CertPathBuilderException) {
          // "PKIX path building failed: sun.security...: unable to find valid certification path"
          String m = String.valueOf(t.getMessage());
          int colon = m.lastIndexOf(": ");
          return "TLS: the server's certificate does not chain to the SSL ca ("
              + (colon < 0 ? m : m.substring(colon + 2))
              + ")";
        }
      }
      return "TLS: " + c.getMessage();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }
}
