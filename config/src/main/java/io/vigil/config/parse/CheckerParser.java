package io.vigil.config.parse;

import io.vigil.config.lang.Node;
import io.vigil.config.model.Checker;
import io.vigil.config.model.CheckerDefaults;
import io.vigil.config.model.Lvs;
import io.vigil.config.model.Script;
import io.vigil.config.model.TimingOptions;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The checker blocks of a real server. Options a checker does not set come from its real server,
 * then its virtual server, then keepalived's defaults ({@link CheckerDefaults}, the one table).
 */
final class CheckerParser {
  static final List<String> NAMES =
      List.of(
          "TCP_CHECK",
          "HTTP_GET",
          "SSL_GET",
          "MISC_CHECK",
          "SMTP_CHECK",
          "DNS_CHECK",
          "UDP_CHECK",
          "PING_CHECK",
          "FILE_CHECK",
          "BFD_CHECK");
  static final Set<String> DNS_TYPES = Set.of("A", "NS", "CNAME", "SOA", "MX", "TXT", "AAAA");
  private static final long DAY_US = 86_400 * Values.US_PER_S;

  private final Values v;

  CheckerParser(Values v) {
    this.v = v;
  }

  /** Mutable checker: common options plus whatever the type uses. */
  private static final class B {
    InetAddress connectIp;
    int connectPort;
    InetAddress bindto;
    int bindPort;
    final TimingKeywords.Written written = new TimingKeywords.Written();
    boolean logAllFailures;
    long fwmark;
    String bindIf;
    final List<Checker.Url> urls = new ArrayList<>();
    String virtualhost;
    String httpProtocol = CheckerDefaults.HTTP_PROTOCOL;
    boolean sni;
    Script miscPath;
    Long miscTimeoutUs;
    boolean miscDynamic;
    String user;
    String helo = CheckerDefaults.SMTP_HELO_NAME;
    String dnsType = CheckerDefaults.DNS_TYPE;
    String dnsName = CheckerDefaults.DNS_NAME;
    String payload;
    boolean requireReply;
    int minReply = CheckerDefaults.UDP_MIN_REPLY_LENGTH;
    int maxReply = CheckerDefaults.UDP_MAX_REPLY_LENGTH;
    String trackFile;
    Integer weight;
    boolean reverse;
    final List<Host> hosts = new ArrayList<>();
  }

  /**
   * An SMTP_CHECK {@code host} block (deprecated in keepalived, still read by 2.2.7): another
   * checker with its own connection options.
   */
  private record Host(
      io.vigil.config.Origin origin,
      InetAddress connectIp,
      int connectPort,
      InetAddress bindto,
      int bindPort,
      String bindIf,
      long fwmark,
      java.util.OptionalLong connectTimeoutUs) {}

  /** Connection keywords written in a {@code host} block. */
  private static final Set<String> HOST_CONNECTION =
      Set.of(
          "connect_ip",
          "connect_port",
          "bindto",
          "bind_port",
          "bind_if",
          "fwmark",
          "connect_timeout");

  /**
   * The checkers of one checker block: one, or none when it is refused, or for an SMTP_CHECK with
   * {@code host} blocks one per host, as keepalived 2.2.7 makes them (check_smtp.c): the block's
   * own connection options make the first checker when any is written (else the first host does),
   * and each other host another checker with the block's timing, its connection options defaulting
   * to the real server's and its connect_timeout to the real or virtual server's.
   */
  List<Checker> parseAll(
      Node n, TimingOptions vs, TimingOptions rsWritten, Lvs.Endpoint rs, Set<String> trackFiles) {
    B b = new B();
    Checker main = parse(n, vs, rsWritten, rs, trackFiles, b);
    if (main == null) {
      return List.of();
    }
    if (b.hosts.isEmpty()) {
      return List.of(main);
    }
    Checker.Common c = main.common();
    boolean ownConnection =
        b.connectIp != null
            || b.connectPort != 0
            || b.bindto != null
            || b.bindPort != 0
            || b.bindIf != null
            || b.fwmark != 0
            || b.written.options().connectTimeoutUs().isPresent();
    List<Checker> out = new ArrayList<>();
    List<Host> hosts = b.hosts;
    if (ownConnection) {
      out.add(main);
    } else {
      out.add(hostChecker(main, hosts.get(0), c, vs, rsWritten, rs));
      hosts = hosts.subList(1, hosts.size());
    }
    for (Host h : hosts) {
      out.add(hostChecker(main, h, c, vs, rsWritten, rs));
    }
    return out;
  }

  private static Checker hostChecker(
      Checker main,
      Host h,
      Checker.Common c,
      TimingOptions vs,
      TimingOptions rsWritten,
      Lvs.Endpoint rs) {
    long timeout =
        h.connectTimeoutUs()
            .orElse(
                CheckerDefaults.resolve(Checker.Kind.SMTP_CHECK, vs, rsWritten, TimingOptions.NONE)
                    .connectTimeoutUs());
    Checker.Common hc =
        new Checker.Common(
            h.origin(),
            Optional.ofNullable(h.connectIp()),
            h.connectPort() != 0 ? h.connectPort() : rs.port(),
            Optional.ofNullable(h.bindto()),
            h.bindPort(),
            timeout,
            c.retry(),
            c.delayBeforeRetryUs(),
            c.delayLoopUs(),
            c.warmupUs(),
            c.alpha(),
            c.logAllFailures(),
            h.fwmark(),
            c.written(),
            Optional.ofNullable(h.bindIf()));
    return new Checker.Smtp(hc, ((Checker.Smtp) main).heloName());
  }

  /** A {@code host} block: its connection keywords for the host, the others for the checker. */
  private void host(Node n, B main, String type) {
    if (!n.block()) {
      v.error(n, "host needs a '{' block");
      return;
    }
    B h = new B();
    Keywords<B> hostKw = common(type + " host", true);
    Keywords<B> checkerKw = common(type + " host", false);
    for (Node c : n.children()) {
      if (HOST_CONNECTION.contains(c.keyword())) {
        hostKw.apply(List.of(c), h, v);
      } else {
        checkerKw.apply(List.of(c), main, v); // retry & co. in a host set the checker's
      }
    }
    if (h.connectIp != null && h.bindto != null && h.connectIp.getClass() != h.bindto.getClass()) {
      v.error(n, "host: connect_ip and bindto are of different address families");
      return;
    }
    main.hosts.add(
        new Host(
            n.origin(),
            h.connectIp,
            h.connectPort,
            h.bindto,
            h.bindPort,
            h.bindIf,
            h.fwmark,
            h.written.options().connectTimeoutUs()));
  }

  private Checker parse(
      Node n,
      TimingOptions vs,
      TimingOptions rsWritten,
      Lvs.Endpoint rs,
      Set<String> trackFiles,
      B b) {
    String type = n.keyword();
    Checker.Kind kind = Checker.Kind.valueOf(type);
    if (kind == Checker.Kind.BFD_CHECK) {
      return bfd(n, vs, rsWritten, rs, b);
    }
    Keywords<B> kw = common(type, kind != Checker.Kind.MISC_CHECK);
    switch (type) {
      case "HTTP_GET", "SSL_GET" -> kw.and(this::httpKeyword);
      case "MISC_CHECK" -> kw.and(this::miscKeyword);
      case "SMTP_CHECK" -> kw.and((c, x) -> smtpKeyword(c, x, type));
      case "DNS_CHECK" -> kw.and(this::dnsKeyword);
      case "UDP_CHECK" -> kw.and(this::udpKeyword);
      case "FILE_CHECK" -> kw.and((c, x) -> fileKeyword(c, x, trackFiles));
      default -> {}
    }
    if (!n.block()) {
      v.error(n, type + " needs a '{' block");
    }
    kw.apply(n.children(), b, v);
    TimingOptions written = b.written.options();
    CheckerDefaults.Resolved t = CheckerDefaults.resolve(kind, vs, rsWritten, written);
    Checker.Common c =
        new Checker.Common(
            n.origin(),
            Optional.ofNullable(b.connectIp),
            b.connectPort != 0 ? b.connectPort : rs.port(),
            Optional.ofNullable(b.bindto),
            b.bindPort,
            t.connectTimeoutUs(),
            t.retry(),
            t.delayBeforeRetryUs(),
            t.delayLoopUs(),
            t.warmupUs(),
            t.alpha(),
            b.logAllFailures,
            b.fwmark,
            written,
            Optional.ofNullable(b.bindIf));
    if (b.connectIp != null && b.bindto != null && b.connectIp.getClass() != b.bindto.getClass()) {
      v.error(n, type + ": connect_ip and bindto are of different address families");
    }
    switch (type) {
      case "TCP_CHECK":
        return new Checker.Tcp(c);
      case "HTTP_GET", "SSL_GET":
        if (b.urls.isEmpty()) {
          v.d.error(n.end(), type + " has no url - checker ignored");
          return null;
        }
        // fast_recovery is read and is what Vigil always does: every url at each check (without
        // it keepalived checks one url per delay_loop while the real server is down or in alpha;
        // not a finding, which would fail check-config where keepalived -t passes: the README
        // says it)
        return new Checker.Http(
            c,
            type.equals("SSL_GET"),
            b.urls,
            Optional.ofNullable(b.virtualhost),
            b.httpProtocol,
            b.sni);
      case "MISC_CHECK":
        if (b.miscPath == null) {
          v.d.error(n.end(), "MISC_CHECK has no misc_path - checker ignored");
          return null;
        }
        return new Checker.Misc(
            c,
            b.miscPath,
            b.miscTimeoutUs != null && b.miscTimeoutUs != 0
                ? b.miscTimeoutUs
                : CheckerDefaults.miscTimeoutUs(CheckerDefaults.virtualServerDelayLoopUs(vs)),
            b.miscDynamic,
            Optional.ofNullable(b.user));
      case "SMTP_CHECK":
        return new Checker.Smtp(c, b.helo);
      case "DNS_CHECK":
        return new Checker.Dns(c, b.dnsType, b.dnsName);
      case "UDP_CHECK":
        if (b.minReply > b.maxReply) {
          v.d.error(
              n.end(),
              "UDP_CHECK: min_reply_length "
                  + b.minReply
                  + " > max_reply_length "
                  + b.maxReply
                  + " - the check will always fail");
        }
        return new Checker.Udp(
            c, Optional.ofNullable(b.payload), b.requireReply, b.minReply, b.maxReply);
      case "PING_CHECK":
        return new Checker.Ping(c);
      default:
        if (b.trackFile == null) {
          v.d.error(n.end(), "FILE_CHECK has no track_file - checker ignored");
          return null;
        }
        return new Checker.File(c, b.trackFile, Optional.ofNullable(b.weight), b.reverse);
    }
  }

  /**
   * {@code BFD_CHECK { name NAME; alpha }}, read as keepalived 2.2.7's check_bfd.c reads it (the
   * session's existence is checked against the {@code bfd_instance}s by the daemon's mapping).
   */
  private Checker bfd(Node n, TimingOptions vs, TimingOptions rsWritten, Lvs.Endpoint rs, B b) {
    String tag = "(" + rs + ") BFD_CHECK - ";
    String[] name = new String[1];
    boolean[] bad = new boolean[1];
    new Keywords<B>(
            "BFD_CHECK",
            (c, x) -> {
              switch (c.keyword()) {
                case "name" -> {
                  if (c.args().size() != 1) {
                    v.error(c, tag + "No or too many names specified - skipping checker");
                    bad[0] = true;
                  } else if (name[0] != null) {
                    v.error(c, tag + "BFD " + c.arg(0) + " already specified as " + name[0]);
                  } else if (c.arg(0).length() >= 32) {
                    v.error(c, tag + "BFD name " + c.arg(0) + " too long");
                    bad[0] = true;
                  } else {
                    name[0] = c.arg(0);
                  }
                }
                case "alpha" -> x.written.alpha = v.flag(c);
                default -> {
                  return false;
                }
              }
              return true;
            })
        .apply(n.children(), b, v);
    if (bad[0]) {
      return null;
    }
    if (name[0] == null) {
      v.d.error(n.end(), "(" + rs + ") No name has been specified for BFD_CHECKER - skipping");
      return null;
    }
    TimingOptions written = b.written.options();
    CheckerDefaults.Resolved t =
        CheckerDefaults.resolve(Checker.Kind.BFD_CHECK, vs, rsWritten, written);
    return new Checker.Bfd(
        new Checker.Common(
            n.origin(),
            Optional.empty(),
            rs.port(),
            Optional.empty(),
            0,
            t.connectTimeoutUs(),
            0,
            0,
            BFD_LOOK_US,
            0,
            t.alpha(),
            false,
            0,
            written,
            Optional.empty()),
        name[0]);
  }

  /**
   * How often a BFD_CHECK looks at its session besides: as keepalived's, it is told of each change
   * (the daemon runs its check at once), and reads the session's state (in memory) every second in
   * case a change was missed.
   */
  public static final long BFD_LOOK_US = 1_000_000;

  /**
   * The keywords every checker block has ({@code block}: its name in findings), and the
   * connection's when it has one ({@code connection}: MISC_CHECK has not).
   */
  private Keywords<B> common(String block, boolean connection) {
    Keywords<B> kw =
        new Keywords<B>(
            block,
            (c, x) -> {
              if (!c.keyword().equals("log_all_failures")) {
                return TimingKeywords.handle(c, x.written, v, 0, connection);
              }
              x.logAllFailures = v.flag(c);
              return true;
            });
    return connection ? kw.and(this::connectionKeyword) : kw;
  }

  /** A keyword of a checker's connection; false when it is none. */
  private boolean connectionKeyword(Node c, B x) {
    switch (c.keyword()) {
      case "connect_ip" -> x.connectIp = v.address(c, String.valueOf(v.arg(c, 0)));
      case "connect_port" ->
          GlobalParser.set(v.integer(c, 0, 1, 65535), t -> x.connectPort = t.intValue());
      case "bindto" -> x.bindto = v.address(c, String.valueOf(v.arg(c, 0)));
      case "bind_port" ->
          GlobalParser.set(v.integer(c, 0, 1, 65535), t -> x.bindPort = t.intValue());
      case "fwmark" -> GlobalParser.set(v.integer(c, 0, 0, 0xffffffffL), t -> x.fwmark = t);
      case "bind_if" -> bindIf(c, x);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** An HTTP_GET or SSL_GET keyword; false when it is none. */
  private boolean httpKeyword(Node c, B x) {
    switch (c.keyword()) {
      case "url" -> url(c, x);
      case "nb_get_retry" -> {
        // check_http.c http_get_retry_handler(): HTTP_GET and SSL_GET only
        v.warning(c, "nb_get_retry is deprecated - please use 'retry'");
        GlobalParser.set(
            v.integer(c, 0, 0, Integer.MAX_VALUE), t -> x.written.retry = t.intValue());
      }
      case "virtualhost" -> x.virtualhost = v.arg(c, 0);
      case "http_protocol" -> httpProtocol(c, x);
      case "enable_sni" -> x.sni = v.flag(c);
      case "fast_recovery" -> v.flag(c);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** A MISC_CHECK keyword; false when it is none. */
  private boolean miscKeyword(Node c, B x) {
    switch (c.keyword()) {
      case "misc_path" -> v.script(c).ifPresent(s -> x.miscPath = s);
      // check_misc.c misc_timeout_handler(): whole seconds, 0 is the default
      case "misc_timeout" ->
          GlobalParser.set(v.integer(c, 0, 0, 4294), t -> x.miscTimeoutUs = t * Values.US_PER_S);
      case "misc_dynamic" -> x.miscDynamic = true;
      case "user" -> x.user = String.join(" ", c.args());
      default -> {
        return false;
      }
    }
    return true;
  }

  /** An SMTP_CHECK keyword; false when it is none. */
  private boolean smtpKeyword(Node c, B x, String type) {
    switch (c.keyword()) {
      case "helo_name" -> x.helo = v.arg(c, 0);
      case "host" -> host(c, x, type);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** A DNS_CHECK keyword; false when it is none. */
  private boolean dnsKeyword(Node c, B x) {
    switch (c.keyword()) {
      case "type" -> dnsType(c, x);
      case "name" -> x.dnsName = v.arg(c, 0);
      default -> {
        return false;
      }
    }
    return true;
  }

  /** A UDP_CHECK keyword; false when it is none. */
  private boolean udpKeyword(Node c, B x) {
    switch (c.keyword()) {
      case "payload" -> x.payload = hex(c, false);
      case "require_reply" -> {
        x.requireReply = true;
        if (c.arg(0) != null) {
          hex(c, true);
        }
      }
      case "min_reply_length" ->
          GlobalParser.set(v.integer(c, 0, 0, 65535), t -> x.minReply = t.intValue());
      case "max_reply_length" ->
          GlobalParser.set(v.integer(c, 0, 0, 65535), t -> x.maxReply = t.intValue());
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * A FILE_CHECK keyword ({@code trackFiles}: the track_file names defined before); false when it
   * is none.
   */
  private boolean fileKeyword(Node c, B x, Set<String> trackFiles) {
    switch (c.keyword()) {
      case "track_file" -> {
        // check_file.c track_file_handler(): defined before, or not found
        String name = v.arg(c, 0);
        if (name != null && !trackFiles.contains(name)) {
          v.error(c, "track_file " + name + " not found");
        } else {
          x.trackFile = name;
        }
      }
      case "weight" -> {
        GlobalParser.set(
            v.integer(c, 0, -Integer.MAX_VALUE, Integer.MAX_VALUE), t -> x.weight = t.intValue());
        x.reverse = "reverse".equals(c.arg(1));
        if (c.arg(1) != null && !"reverse".equals(c.arg(1)) && !"noreverse".equals(c.arg(1))) {
          v.error(c, "unknown track file weight option " + c.arg(1) + " - ignoring");
        }
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  /** {@code bind_if IFNAME}: as keepalived, a name too long for IFNAMSIZ (16) is refused. */
  private void bindIf(Node c, B x) {
    String name = v.arg(c, 0);
    if (name == null) {
      return;
    }
    if (name.length() >= 16 || name.contains("/")) {
      v.error(c, "bind_if '" + name + "' is not an interface name (at most 15 characters, no '/')");
      return;
    }
    x.bindIf = name;
  }

  private void url(Node n, B b) {
    String path = null;
    String digest = null;
    List<int[]> status = new ArrayList<>();
    String vhost = null;
    String regex = null;
    boolean noMatch = false;
    List<String> options = new ArrayList<>();
    long minOffset = 0;
    long maxOffset = -1;
    Node regexExtra = null; // the first regex_* line, for keepalived's "without regex" message
    if (!n.block()) {
      v.error(n, "url needs a '{' block");
    }
    for (Node c : n.children()) {
      switch (c.keyword()) {
        case "path" -> path = v.arg(c, 0);
        case "digest" -> {
          String d = v.arg(c, 0);
          if (d != null && !d.matches("[0-9a-fA-F]{32}")) {
            v.error(c, "digest '" + d + "' is not 32 hex digits (an MD5 sum)");
          } else if (d != null) {
            digest = d.toLowerCase(java.util.Locale.ROOT);
          }
        }
        case "status_code" -> status.addAll(statusCodes(c));
        case "virtualhost" -> vhost = v.arg(c, 0);
        case "regex" ->
            regex =
                io.vigil.config.lang.Words.splitEscaped(c.line().text())
                    .filter(w -> w.size() == 2)
                    .map(w -> w.get(1))
                    .orElseGet(
                        () -> {
                          v.error(c, "regex missing or too many fields");
                          return null;
                        });
        case "regex_no_match" -> {
          noMatch = true;
          regexExtra = regexExtra != null ? regexExtra : c;
        }
        case "regex_options" -> {
          regexOptions(c, options);
          regexExtra = regexExtra != null ? regexExtra : c;
        }
        case "regex_min_offset" -> {
          minOffset = Math.max(0, regexOffset(c, "min"));
          regexExtra = regexExtra != null ? regexExtra : c;
        }
        case "regex_max_offset" -> {
          maxOffset = regexOffset(c, "max");
          regexExtra = regexExtra != null ? regexExtra : c;
        }
        // the size of PCRE2's JIT stack: Java's regex engine has none, so nothing to set
        case "regex_stack" -> regexExtra = regexExtra != null ? regexExtra : c;
        default -> v.error(c, "unknown keyword '" + c.keyword() + "' in url");
      }
    }
    if (regex == null && regexExtra != null) {
      v.warning(regexExtra, "regex parameters specified without regex"); // keepalived's words
      noMatch = false;
      options.clear();
      minOffset = 0;
      maxOffset = -1;
    }
    if (maxOffset >= 0 && minOffset > maxOffset) {
      v.warning(
          n, "regex min offset " + minOffset + " > regex_max_offset " + maxOffset + " - ignoring");
      minOffset = 0;
      maxOffset = -1;
    }
    if (path == null) {
      v.d.error(n.end(), "url has no path - ignored");
      return;
    }
    if (status.isEmpty()) {
      status.add(new int[] {CheckerDefaults.HTTP_STATUS_MIN, CheckerDefaults.HTTP_STATUS_MAX});
    }
    b.urls.add(
        new Checker.Url(
            path,
            Optional.ofNullable(digest),
            status,
            Optional.ofNullable(vhost),
            Optional.ofNullable(regex),
            noMatch,
            options,
            minOffset,
            maxOffset));
  }

  /**
   * keepalived 2.2.7's regex_options words (PCRE2 options) that Vigil's regex engine (Java's)
   * honours as PCRE2 does: caseless, multiline, dotall, extended (Pattern's CASE_INSENSITIVE,
   * MULTILINE, DOTALL, COMMENTS), utf (the body read as UTF-8), ucp (Unicode classes) and firstline
   * (the match starts at or before the first newline).
   */
  static final Set<String> REGEX_OPTIONS =
      Set.of("caseless", "multiline", "dotall", "extended", "utf", "ucp", "firstline");

  /** PCRE2 options that change nothing about whether a body matches: accepted, without effect. */
  private static final Set<String> REGEX_OPTIONS_WITHOUT_EFFECT =
      Set.of(
          "no_auto_capture",
          "no_auto_possess",
          "no_dotstar_anchor",
          "no_start_optimize",
          "auto_callout",
          "never_utf",
          "never_ucp",
          "never_backslash_c",
          "use_offset_limit",
          "dupnames");

  /** PCRE2 options Java's regex engine has no equivalent of: refused rather than misread. */
  private static final Set<String> REGEX_OPTIONS_REFUSED =
      Set.of(
          "ungreedy",
          "dollar_endonly",
          "allow_empty_class",
          "alt_bsux",
          "alt_circumflex",
          "alt_verbnames",
          "match_unset_backref");

  private void regexOptions(Node c, List<String> into) {
    for (String o : c.args()) {
      if (REGEX_OPTIONS.contains(o)) {
        if (!into.contains(o)) {
          into.add(o);
        }
      } else if (REGEX_OPTIONS_REFUSED.contains(o)) {
        v.error(c, "regex_options " + o + " has no equivalent in vigil's regex engine (Java's)");
      } else if (!REGEX_OPTIONS_WITHOUT_EFFECT.contains(o)) {
        // keepalived ignores a word it does not know, silently
        v.warning(c, "unknown regex option '" + o + "' - ignored");
      }
    }
  }

  /**
   * regex_min_offset / regex_max_offset N, read as keepalived reads it (strtoul base 10, the whole
   * word); keepalived logs a bad one and takes 0 (min) or none (max), as here with a warning.
   */
  private long regexOffset(Node c, String which) {
    if (c.args().size() != 1) {
      v.warning(c, "Missing or too may options for regex_" + which + "_offset"); // keepalived's
      return -1;
    }
    String a = c.args().get(0);
    if (!a.matches("[0-9]{1,18}")) {
      v.warning(c, "Invalid regex_" + which + "_offset " + a + " specified"); // keepalived's
      return -1;
    }
    return Long.parseLong(a);
  }

  private List<int[]> statusCodes(Node c) {
    List<int[]> out = new ArrayList<>();
    if (c.args().isEmpty()) {
      v.error(c, "status_code is missing a value");
    }
    for (String s : c.args()) {
      String[] r = s.split("-", -1);
      if (r.length > 2
          || !r[0].matches("[0-9]{3}")
          || (r.length == 2 && !r[1].matches("[0-9]{3}"))) {
        v.error(c, "invalid status_code '" + s + "'");
        continue;
      }
      int lo = Integer.parseInt(r[0]);
      int hi = r.length == 2 ? Integer.parseInt(r[1]) : lo;
      if (lo < 100 || hi > 599 || lo > hi) {
        v.error(c, "status_code '" + s + "' outside 100-599");
        continue;
      }
      out.add(new int[] {lo, hi});
    }
    return out;
  }

  private void httpProtocol(Node c, B b) {
    String p = v.arg(c, 0);
    if (p == null) {
      return;
    }
    // check_http.c http_protocol_handler(): 1.0, 1.1, 1.0C or 1.0c
    if (p.equals("1.0") || p.equals("1.1")) {
      b.httpProtocol = p;
    } else if (p.equals("1.0C") || p.equals("1.0c")) {
      b.httpProtocol = "1.0C";
    } else {
      v.error(c, "invalid http_protocol version " + p);
    }
  }

  private void dnsType(Node c, B b) {
    String t = v.arg(c, 0);
    if (t != null && !DNS_TYPES.contains(t.toUpperCase(java.util.Locale.ROOT))) {
      v.error(c, "DNS_CHECK: unknown type '" + t + "'");
    } else if (t != null) {
      b.dnsType = t.toUpperCase(java.util.Locale.ROOT);
    }
  }

  /**
   * keepalived's hex strings: octets of two hex digits, blanks allowed between octets, a lone digit
   * before a blank is an octet of its own; in replies X stands for any nibble. Returned as
   * lower-case pairs. (keepalived 2.2.7 also refuses a string whose last octet is ff, a bug not
   * copied here.)
   */
  private String hex(Node c, boolean wildcard) {
    if (c.args().isEmpty()) {
      v.error(c, c.keyword() + " requires a hex string");
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (String group : c.args()) {
      for (int i = 0; i < group.length(); i += 2) {
        String octet = group.substring(i, Math.min(group.length(), i + 2));
        if (!octet.matches(wildcard ? "[0-9a-fA-FxX]+" : "[0-9a-fA-F]+")) {
          v.error(c, c.keyword() + ": invalid hex string '" + String.join(" ", c.args()) + "'");
          return null;
        }
        out.append(octet.length() == 1 ? "0" + octet : octet);
      }
    }
    return out.toString().toLowerCase(java.util.Locale.ROOT);
  }
}
