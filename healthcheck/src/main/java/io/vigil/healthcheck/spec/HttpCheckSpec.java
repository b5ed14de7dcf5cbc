package io.vigil.healthcheck.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code HTTP_GET} and {@code SSL_GET}: GET every {@code url} and require its status (and digest,
 * and regex when given). {@code tls} present makes it SSL_GET.
 *
 * @param virtualhost the checker's (or inherited real/virtual server's) {@code virtualhost}; a
 *     url's own virtualhost wins
 * @param fastRecovery {@code fast_recovery}; Vigil checks every url in each round, so recovery is
 *     always as fast as keepalived's fast_recovery (see the module README)
 */
public record HttpCheckSpec(
    ConnectSpec connect,
    CheckTiming timing,
    List<UrlSpec> urls,
    HttpProtocol protocol,
    Optional<String> virtualhost,
    boolean fastRecovery,
    Optional<Tls> tls)
    implements CheckerSpec {
  public HttpCheckSpec {
    urls = List.copyOf(urls);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("an HTTP check needs at least one url");
    }
    virtualhost = virtualhost == null ? Optional.empty() : virtualhost;
    tls = tls == null ? Optional.empty() : tls;
  }

  @Override
  public CheckerKind kind() {
    return tls.isPresent() ? CheckerKind.SSL_GET : CheckerKind.HTTP_GET;
  }

  public HttpCheckSpec withProtocol(HttpProtocol p) {
    return new HttpCheckSpec(connect, timing, urls, p, virtualhost, fastRecovery, tls);
  }

  public HttpCheckSpec withVirtualhost(String host) {
    return new HttpCheckSpec(connect, timing, urls, protocol, Optional.of(host), fastRecovery, tls);
  }

  public HttpCheckSpec withTls(Tls t) {
    return new HttpCheckSpec(
        connect, timing, urls, protocol, virtualhost, fastRecovery, Optional.of(t));
  }

  /** {@code http_protocol}: 1.0 (keepalived's default), 1.0C (1.0 with Connection: close), 1.1. */
  public enum HttpProtocol {
    HTTP_1_0("HTTP/1.0", false),
    HTTP_1_0C("HTTP/1.0", true),
    HTTP_1_1("HTTP/1.1", true);

    public final String version;
    public final boolean connectionClose;

    HttpProtocol(String version, boolean connectionClose) {
      this.version = version;
      this.connectionClose = connectionClose;
    }

    /** Parses keepalived's spelling: 1.0, 1.0C (any case), 1.1. */
    public static HttpProtocol parse(String s) {
      return switch (s.toUpperCase(java.util.Locale.ROOT)) {
        case "1.0" -> HTTP_1_0;
        case "1.0C" -> HTTP_1_0C;
        case "1.1" -> HTTP_1_1;
        default ->
            throw new IllegalArgumentException("http_protocol must be 1.0, 1.0C or 1.1: " + s);
      };
    }
  }

  /**
   * One {@code url}: its path, the accepted {@code status_code} ranges (at least one), the {@code
   * digest} (md5 of the body, lower-case hex as genhash prints it), its own {@code virtualhost},
   * and {@code regex} / {@code regex_no_match} (searched in the {@link #REGEX_WINDOW_BYTES} bytes
   * of the body from {@code regexMinOffset}), with keepalived's {@code regex_options} (the PCRE2
   * words Java's engine honours: caseless, multiline, dotall, extended, utf, ucp, firstline) and
   * the offsets a match may start at.
   *
   * @param regexMaxOffset the last body offset a match may start at; -1 for none
   */
  public record UrlSpec(
      String path,
      List<StatusRange> statusCodes,
      Optional<String> digest,
      Optional<String> virtualhost,
      Optional<String> regex,
      boolean regexNoMatch,
      Set<String> regexOptions,
      long regexMinOffset,
      long regexMaxOffset) {
    public static final int REGEX_WINDOW_BYTES = 64 * 1024;

    /** Without regex options or offsets. */
    public UrlSpec(
        String path,
        List<StatusRange> statusCodes,
        Optional<String> digest,
        Optional<String> virtualhost,
        Optional<String> regex,
        boolean regexNoMatch) {
      this(path, statusCodes, digest, virtualhost, regex, regexNoMatch, Set.of(), 0, -1);
    }

    /** The regex compiled with its options' flags. */
    public Optional<java.util.regex.Pattern> pattern() {
      int flags = 0;
      if (regexOptions.contains("caseless")) {
        flags |= java.util.regex.Pattern.CASE_INSENSITIVE;
        if (regexOptions.contains("utf") || regexOptions.contains("ucp")) {
          flags |= java.util.regex.Pattern.UNICODE_CASE;
        }
      }
      if (regexOptions.contains("multiline")) {
        flags |= java.util.regex.Pattern.MULTILINE;
      }
      if (regexOptions.contains("dotall")) {
        flags |= java.util.regex.Pattern.DOTALL;
      }
      if (regexOptions.contains("extended")) {
        flags |= java.util.regex.Pattern.COMMENTS;
      }
      if (regexOptions.contains("ucp")) {
        flags |= java.util.regex.Pattern.UNICODE_CHARACTER_CLASS;
      }
      int f = flags;
      return regex.map(r -> java.util.regex.Pattern.compile(r, f));
    }

    public UrlSpec {
      if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
        throw new IllegalArgumentException(
            "url path must start with / and have no blanks: " + path);
      }
      statusCodes = List.copyOf(statusCodes);
      if (statusCodes.isEmpty()) {
        throw new IllegalArgumentException("a url needs at least one status_code range");
      }
      digest =
          digest == null ? Optional.empty() : digest.map(d -> d.toLowerCase(java.util.Locale.ROOT));
      digest.ifPresent(
          d -> {
            if (!d.matches("[0-9a-f]{32}")) {
              throw new IllegalArgumentException("digest must be 32 hex digits: " + d);
            }
          });
      virtualhost = virtualhost == null ? Optional.empty() : virtualhost;
      regex = regex == null ? Optional.empty() : regex;
      regexOptions = regexOptions == null ? Set.of() : Set.copyOf(regexOptions);
      if (regexMinOffset < 0 || regexMaxOffset < -1) {
        throw new IllegalArgumentException(
            "regex offsets " + regexMinOffset + ", " + regexMaxOffset);
      }
    }

    public UrlSpec withStatus(StatusRange... ranges) {
      return new UrlSpec(
          path,
          List.of(ranges),
          digest,
          virtualhost,
          regex,
          regexNoMatch,
          regexOptions,
          regexMinOffset,
          regexMaxOffset);
    }

    public UrlSpec withDigest(String md5Hex) {
      return new UrlSpec(
          path,
          statusCodes,
          Optional.of(md5Hex),
          virtualhost,
          regex,
          regexNoMatch,
          regexOptions,
          regexMinOffset,
          regexMaxOffset);
    }

    public UrlSpec withVirtualhost(String host) {
      return new UrlSpec(
          path,
          statusCodes,
          digest,
          Optional.of(host),
          regex,
          regexNoMatch,
          regexOptions,
          regexMinOffset,
          regexMaxOffset);
    }

    public UrlSpec withRegex(String re, boolean noMatch) {
      return new UrlSpec(
          path,
          statusCodes,
          digest,
          virtualhost,
          Optional.of(re),
          noMatch,
          regexOptions,
          regexMinOffset,
          regexMaxOffset);
    }

    /** The same url with regex options and the offsets a match may start at (max -1: none). */
    public UrlSpec withRegexOptions(Set<String> options, long minOffset, long maxOffset) {
      return new UrlSpec(
          path,
          statusCodes,
          digest,
          virtualhost,
          regex,
          regexNoMatch,
          options,
          minOffset,
          maxOffset);
    }

    public boolean accepts(int status) {
      for (StatusRange r : statusCodes) {
        if (status >= r.from() && status <= r.to()) {
          return true;
        }
      }
      return false;
    }
  }

  /** A {@code status_code} range, inclusive; a single code is a range of one. */
  public record StatusRange(int from, int to) {
    public StatusRange {
      if (from < 100 || to > 999 || from > to) {
        throw new IllegalArgumentException("bad status_code range " + from + "-" + to);
      }
    }

    /** Parses "200" or "200-299". */
    public static StatusRange parse(String s) {
      int dash = s.indexOf('-');
      if (dash < 0) {
        int c = Integer.parseInt(s.strip());
        return new StatusRange(c, c);
      }
      return new StatusRange(
          Integer.parseInt(s.substring(0, dash).strip()),
          Integer.parseInt(s.substring(dash + 1).strip()));
    }
  }

  /**
   * SSL_GET's TLS settings: {@code enable_sni} (the name sent is {@code sniName}, else the url's or
   * checker's virtualhost), and the global {@code SSL { ca; certificate; key; password }}. Without
   * a CA the server's certificate is not verified (keepalived's behaviour); with one, the chain
   * must verify against it (the host name is not checked, as in keepalived). The key is PEM PKCS#8,
   * encrypted when {@code keyPassword} is given.
   */
  public record Tls(
      boolean enableSni,
      Optional<String> sniName,
      Optional<Path> caFile,
      Optional<Path> certificateFile,
      Optional<Path> keyFile,
      Optional<String> keyPassword) {
    public Tls {
      sniName = sniName == null ? Optional.empty() : sniName;
      caFile = caFile == null ? Optional.empty() : caFile;
      certificateFile = certificateFile == null ? Optional.empty() : certificateFile;
      keyFile = keyFile == null ? Optional.empty() : keyFile;
      keyPassword = keyPassword == null ? Optional.empty() : keyPassword;
      if (certificateFile.isPresent() != keyFile.isPresent()) {
        throw new IllegalArgumentException("SSL certificate and key go together");
      }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
      return "Tls[enableSni="
          + enableSni
          + ", sniName="
          + sniName
          + ", caFile="
          + caFile
          + ", certificateFile="
          + certificateFile
          + ", keyFile="
          + keyFile
          + ", keyPassword="
          + (keyPassword.isPresent() ? "(set)" : "(none)")
          + "]";
    }
  }
}
