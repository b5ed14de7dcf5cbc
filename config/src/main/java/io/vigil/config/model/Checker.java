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
        Checker.File,
        Checker.Bfd {
  /** The checker types, by their keyword. */
  enum Kind {
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

  /**
   * The options every checker shares. The timing values are resolved ({@link
   * CheckerDefaults#resolve}: the checker's, else its real server's, else its virtual server's,
   * else keepalived's default for its kind); {@code written} is what the checker block itself set;
   * {@code bindIf} is {@code bind_if}, the device the checker's socket is bound to
   * (SO_BINDTODEVICE).
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
      boolean logAllFailures,
      long fwmark,
      TimingOptions written,
      Optional<String> bindIf) {
    public Common {
      bindIf = bindIf == null ? Optional.empty() : bindIf;
    }
  }

  Common common();

  /** This checker's type. */
  default Kind kind() {
    if (this instanceof Tcp) {
      return Kind.TCP_CHECK;
    } else if (this instanceof Http h) {
      return h.ssl() ? Kind.SSL_GET : Kind.HTTP_GET;
    } else if (this instanceof Misc) {
      return Kind.MISC_CHECK;
    } else if (this instanceof Smtp) {
      return Kind.SMTP_CHECK;
    } else if (this instanceof Dns) {
      return Kind.DNS_CHECK;
    } else if (this instanceof Udp) {
      return Kind.UDP_CHECK;
    } else if (this instanceof Ping) {
      return Kind.PING_CHECK;
    } else if (this instanceof Bfd) {
      return Kind.BFD_CHECK;
    }
    return Kind.FILE_CHECK;
  }

  /** {@code TCP_CHECK}. */
  record Tcp(Common common) implements Checker {}

  /**
   * One {@code url} block of HTTP_GET / SSL_GET; status 200-299 when none listed.
   *
   * @param regexOptions {@code regex_options}: the PCRE2 option words Vigil honours (see the
   *     parser), in the order written
   * @param regexMinOffset {@code regex_min_offset}: the first body offset a match may start at
   * @param regexMaxOffset {@code regex_max_offset}: the last body offset a match may start at; -1
   *     for none
   */
  record Url(
      String path,
      Optional<String> digest,
      List<int[]> statusRanges,
      Optional<String> virtualhost,
      Optional<String> regex,
      boolean regexNoMatch,
      List<String> regexOptions,
      long regexMinOffset,
      long regexMaxOffset) {
    public Url {
      statusRanges = List.copyOf(statusRanges);
      regexOptions = List.copyOf(regexOptions);
    }

    /** Without regex options or offsets. */
    public Url(
        String path,
        Optional<String> digest,
        List<int[]> statusRanges,
        Optional<String> virtualhost,
        Optional<String> regex,
        boolean regexNoMatch) {
      this(path, digest, statusRanges, virtualhost, regex, regexNoMatch, List.of(), 0, -1);
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

  /** {@code MISC_CHECK}: misc_timeout defaults to the virtual server's delay_loop. */
  record Misc(Common common, Script path, long timeoutUs, boolean dynamic, Optional<String> user)
      implements Checker {}

  /** {@code SMTP_CHECK}. */
  record Smtp(Common common, String heloName) implements Checker {}

  /** {@code DNS_CHECK}: type SOA and name "" (the root) by default ({@link CheckerDefaults}). */
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

  /**
   * {@code FILE_CHECK} ({@code track_file NAME}); without its own {@code weight} it takes the
   * track_file's weight and reverse ({@code check_file.c} {@code file_end_handler()}).
   */
  record File(Common common, String trackFile, Optional<Integer> weight, boolean reverse)
      implements Checker {
    /** The weight this checker applies, given the track_file it names. */
    public int effectiveWeight(Vrrp.TrackFileDef def) {
      return weight.orElse(def.weight());
    }

    /** Whether the weight is reversed, given the track_file it names. */
    public boolean effectiveReverse(Vrrp.TrackFileDef def) {
      return weight.isPresent() ? reverse : def.weightReverse();
    }
  }

  /**
   * {@code BFD_CHECK} ({@code name NAME}): up while the {@code bfd_instance} NAME's session is Up;
   * of the common options only {@code alpha} is its own (keepalived's check_bfd.c).
   */
  record Bfd(Common common, String session) implements Checker {}
}
