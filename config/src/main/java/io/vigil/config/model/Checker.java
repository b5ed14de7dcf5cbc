package io.vigil.config.model;

import io.vigil.config.Origin;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/** A health checker block of a real server. */
public sealed interface Checker
    permits Checker.Tcp,
        Checker.Http,
        Checker.Misc,
        Checker.Smtp,
        Checker.Dns,
        Checker.Udp,
        Checker.Ping,
        Checker.File {
  /**
   * The options every network checker shares; unset ones come from the real server. {@code bindIf}
   * is {@code bind_if}: the device the checker's socket is bound to (SO_BINDTODEVICE).
   */
  record Common(
      Origin origin,
      Optional<InetAddress> connectIp,
      int connectPort,
      Optional<InetAddress> bindto,
      int bindPort,
      long connectTimeoutUs,
      int retry,
      long delayBeforeRetryUs,
      long delayLoopUs,
      long warmupUs,
      boolean alpha,
      long fwmark,
      Optional<String> bindIf) {
    public Common {
      bindIf = bindIf == null ? Optional.empty() : bindIf;
    }

    /** Without {@code bind_if}. */
    public Common(
        Origin origin,
        Optional<InetAddress> connectIp,
        int connectPort,
        Optional<InetAddress> bindto,
        int bindPort,
        long connectTimeoutUs,
        int retry,
        long delayBeforeRetryUs,
        long delayLoopUs,
        long warmupUs,
        boolean alpha,
        long fwmark) {
      this(
          origin,
          connectIp,
          connectPort,
          bindto,
          bindPort,
          connectTimeoutUs,
          retry,
          delayBeforeRetryUs,
          delayLoopUs,
          warmupUs,
          alpha,
          fwmark,
          Optional.empty());
    }
  }

  Common common();

  /** {@code TCP_CHECK}. */
  record Tcp(Common common) implements Checker {}

  /** One {@code url} block of HTTP_GET / SSL_GET; status 200-299 when none listed. */
  record Url(
      String path,
      Optional<String> digest,
      List<int[]> statusRanges,
      Optional<String> virtualhost,
      Optional<String> regex,
      boolean regexNoMatch) {
    public Url {
      statusRanges = List.copyOf(statusRanges);
    }
  }

  /** {@code HTTP_GET} or {@code SSL_GET}. */
  record Http(
      Common common,
      boolean ssl,
      List<Url> urls,
      Optional<String> virtualhost,
      String httpProtocol,
      boolean enableSni)
      implements Checker {
    public Http {
      urls = List.copyOf(urls);
    }
  }

  /** {@code MISC_CHECK}: misc_timeout defaults to the delay loop. */
  record Misc(Common common, Script path, long timeoutUs, boolean dynamic, Optional<String> user)
      implements Checker {}

  /** {@code SMTP_CHECK}. */
  record Smtp(Common common, String heloName) implements Checker {}

  /** {@code DNS_CHECK}: type SOA and name "" (the root) by default, retry 3. */
  record Dns(Common common, String type, String name) implements Checker {}

  /** {@code UDP_CHECK}: payload as hex, and whether a reply is required. */
  record Udp(
      Common common,
      Optional<String> payloadHex,
      boolean requireReply,
      int minReplyLength,
      int maxReplyLength)
      implements Checker {}

  /** {@code PING_CHECK}. */
  record Ping(Common common) implements Checker {}

  /** {@code FILE_CHECK} ({@code track_file NAME} with a weight). */
  record File(Common common, String trackFile, int weight, boolean reverse) implements Checker {}
}
