package io.vigil.netlink.ipvs.text;

import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import io.vigil.netlink.ipvs.SyncDaemon;
import io.vigil.netlink.ipvs.Timeouts;
import io.vigil.netlink.ipvs.text.RuleOption.Command;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code ipvsadm -R} rule language: one ipvsadm command line per line ({@code -A -E -D -a -e -d
 * -C -Z --set --start-daemon --stop-daemon} with every option they take, short, long or {@code
 * --long=value}), words separated by blanks, a word "ipvsadm" ignored as ipvsadm ignores it. Each
 * line is checked as ipvsadm checks it (its option table, defaults and rules: weight 1, direct
 * routing, scheduler wlc, persistence 360 s, real-server port = service port for direct routing and
 * tunnels...), and refused with its line number and ipvsadm's reason. Unlike ipvsadm, a word
 * starting with '#' starts a comment.
 *
 * <p>The whole input is parsed before anything is applied: {@link Result#errors()} lists every bad
 * line.
 */
public final class RuleParser {
  /** ipvsadm's default persistence timeout (IPVS_SVC_PERSISTENT_TIMEOUT). */
  public static final int DEFAULT_PERSISTENCE_S = 360;

  /** MAX_TIMEOUT: 31 days. */
  static final int MAX_TIMEOUT_S = 86400 * 31;

  static final String DEFAULT_SCHEDULER = "wlc";

  /** DEF_MCAST_IFN: ipvsadm's sync daemon interface when --mcast-interface is not given. */
  static final String DEFAULT_MCAST_INTERFACE = "eth0";

  /** The commands a restore line can hold, as messages list them. */
  static final String COMMANDS =
      "-A, -E, -D, -a, -e, -d, -C, -Z, --set, --start-daemon, --stop-daemon";

  /** A line that cannot be applied, and why. */
  public record Error(int line, String reason) {
    @Override
    public String toString() {
      return "line " + line + ": " + reason;
    }
  }

  /** Every rule of the input in order, and every error. */
  public record Result(List<Rule> rules, List<Error> errors) {}

  /** A line's refusal. */
  static final class LineException extends Exception {
    private static final long serialVersionUID = 1L;

    LineException(String reason) {
      super(reason, null, false, false);
    }
  }

  private RuleParser() {}

  /** Parses a whole rule file. */
  public static Result parse(String text, Names names) {
    List<Rule> rules = new ArrayList<>();
    List<Error> errors = new ArrayList<>();
    int lineNo = 0;
    for (int start = 0; start <= text.length(); ) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNo++;
      List<String> words = words(text, start, end);
      start = end + 1;
      if (words.isEmpty()) {
        continue;
      }
      try {
        rules.add(new LineParser(lineNo, words, names).parse());
      } catch (LineException e) {
        errors.add(new Error(lineNo, e.getMessage()));
      }
    }
    return new Result(List.copyOf(rules), List.copyOf(errors));
  }

  /**
   * A service named as on an ipvsadm command line, e.g. {@code -t 192.0.2.10:80}, {@code
   * --sctp-service [2001:db8::1]:9} or {@code -f 7 -6}, with ipvsadm's checks and names.
   *
   * @throws IllegalArgumentException with ipvsadm's reason when it names no service
   */
  public static ServiceKey serviceKey(List<String> words, Names names) {
    List<String> line = new ArrayList<>();
    line.add("-D");
    line.addAll(words);
    try {
      return ((Rule.DeleteService) new LineParser(1, line, names).parse()).service();
    } catch (LineException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** The words of a line: blank-separated, without "ipvsadm" and without a '#' comment. */
  static List<String> words(String line) {
    return words(line, 0, line.length());
  }

  /** {@link #words(String)} of {@code text}'s characters {@code from} to {@code n}. */
  private static List<String> words(String text, int from, int n) {
    List<String> out = new ArrayList<>(12);
    int i = from;
    while (i < n) {
      while (i < n && blank(text.charAt(i))) {
        i++;
      }
      if (i == n || text.charAt(i) == '#') {
        break;
      }
      int start = i;
      while (i < n && !blank(text.charAt(i))) {
        i++;
      }
      String w = text.substring(start, i);
      if (!w.equals("ipvsadm")) {
        out.add(w);
      }
    }
    return out;
  }

  private static boolean blank(char c) {
    return c == ' ' || c == '\t' || c == '\r';
  }

  /** The state ipvsadm's parse_options builds for one line, option after option. */
  private static final class LineParser {
    private final int line;
    private final List<String> words;
    private final Names names;
    private int next;

    private Command cmd;
    private long seen;
    // the service (ipvs_service_t)
    private int svcFamily;
    private Protocol svcProtocol;
    private InetAddress svcAddress;
    private int svcPort;
    private long fwmark;
    private String scheduler = "";
    private int svcFlags;
    private int timeoutS;
    private int netmask = -1; // 0xffffffff: IPv4 mask bits, or the IPv6 prefix length
    private String pe;
    private String schedFlags;
    // the destination (ipvs_dest_t)
    private InetAddress destAddress;
    private int destPort;
    private Forwarding forwarding = Forwarding.DROUTE;
    private int weight = 1;
    private int upper;
    private int lower;
    private int tunType = DestSettings.TUN_IPIP;
    private int tunPort;
    private int tunFlags;
    // the sync daemon (ipvs_daemon_t) and the timeouts (ipvs_timeout_t)
    private SyncDaemon.Role daemonRole;
    private String mcastInterface = "";
    private int syncId;
    private int syncMaxLength;
    private InetAddress mcastGroup;
    private int mcastPort;
    private int mcastTtl;
    private Timeouts timeouts;

    LineParser(int line, List<String> words, Names names) {
      this.line = line;
      this.words = words;
      this.names = names;
    }

    Rule parse() throws LineException {
      List<String> leftovers = new ArrayList<>();
      while (next < words.size()) {
        String w = words.get(next++);
        if (w.equals("--")) {
          leftovers.addAll(words.subList(next, words.size()));
          break;
        }
        if (w.startsWith("--")) {
          longOption(w.substring(2));
        } else if (w.startsWith("-") && w.length() > 1) {
          shortOptions(w);
        } else {
          if (cmd == null) {
            throw new LineException("a line must start with a command (" + COMMANDS + ")");
          }
          leftovers.add(w);
        }
      }
      if (cmd == null) {
        throw new LineException("no command (" + COMMANDS + ")");
      }
      if (cmd == Command.SET) {
        if (leftovers.size() < 3) {
          throw new LineException("--set option requires 3 timeout values");
        }
        timeouts =
            new Timeouts(
                number(leftovers.get(0), 0, MAX_TIMEOUT_S, "timeout"),
                number(leftovers.get(1), 0, MAX_TIMEOUT_S, "timeout"),
                number(leftovers.get(2), 0, MAX_TIMEOUT_S, "timeout"));
        leftovers.subList(0, 3).clear();
      }
      if (!leftovers.isEmpty()) {
        throw new LineException("unexpected argument " + leftovers.get(0));
      }
      if (schedFlags != null && !schedFlags.isEmpty()) {
        svcFlags &=
            ~(ServiceSettings.F_SCHED1 | ServiceSettings.F_SCHED2 | ServiceSettings.F_SCHED3);
        svcFlags |= schedFlags(scheduler.isEmpty() ? DEFAULT_SCHEDULER : scheduler, schedFlags);
      }
      checkOptions();
      return build();
    }

    private void longOption(String body) throws LineException {
      int eq = body.indexOf('=');
      String name = eq >= 0 ? body.substring(0, eq) : body;
      String value = eq >= 0 ? body.substring(eq + 1) : null;
      Command c = Command.byLong(name);
      if (c != null) {
        command(c);
        if (c.takesValue()) {
          if (value == null) {
            if (next >= words.size()) {
              throw new LineException("--" + name + " needs a value (master or backup)");
            }
            value = words.get(next++);
          }
          daemonRole(c, value);
        } else if (value != null) {
          throw new LineException("--" + name + " takes no value");
        }
        return;
      }
      RuleOption o = RuleOption.byLong(name);
      if (o == null) {
        if (Arrays.asList(RuleOption.OTHER_COMMANDS).contains(name)) {
          throw new LineException("--" + name + " cannot be restored (only " + COMMANDS + ")");
        }
        throw new LineException("unknown option --" + name);
      }
      option(o, true, value);
    }

    /** The options of {@code cluster}, a word "-xyz" (its '-' skipped, not cut off). */
    private void shortOptions(String cluster) throws LineException {
      for (int i = 1; i < cluster.length(); i++) {
        char ch = cluster.charAt(i);
        Command c = Command.byShort(ch);
        if (c != null) {
          command(c);
          continue;
        }
        RuleOption o = RuleOption.byShort(ch);
        if (o == null) {
          if (Arrays.asList(RuleOption.OTHER_COMMANDS).contains(String.valueOf(ch))) {
            throw new LineException("-" + ch + " cannot be restored (only " + COMMANDS + ")");
          }
          throw new LineException("unknown option -" + ch);
        }
        if (o.arg != RuleOption.Arg.NONE && i + 1 < cluster.length()) {
          option(o, false, cluster.substring(i + 1));
          return;
        }
        option(o, false, null);
      }
    }

    private void command(Command c) throws LineException {
      if (cmd != null) {
        throw new LineException("multiple commands specified");
      }
      cmd = c;
    }

    /** The state {@code --start-daemon} / {@code --stop-daemon} name, with ipvsadm's refusals. */
    private void daemonRole(Command c, String v) throws LineException {
      switch (v) {
        case "master" -> daemonRole = SyncDaemon.Role.MASTER;
        case "backup" -> daemonRole = SyncDaemon.Role.BACKUP;
        default ->
            throw new LineException(
                c == Command.START_DAEMON
                    ? "illegal start-daemon parameter specified"
                    // sic: ipvsadm 1.31 says start_daemon for --stop-daemon too
                    : "illegal start_daemon specified");
      }
    }

    /** Option {@code o}, by its long or short name, with the value attached to it, if any. */
    private void option(RuleOption o, boolean byLong, String attached) throws LineException {
      if (cmd == null) {
        throw new LineException(
            "a line must start with a command (" + COMMANDS + "), not " + spelled(o, byLong));
      }
      String value = attached;
      if (value == null && o.arg == RuleOption.Arg.REQUIRED) {
        if (next >= words.size()) {
          throw new LineException(spelled(o, byLong) + " needs a value");
        }
        value = words.get(next++);
      } else if (value == null
          && o.arg == RuleOption.Arg.OPTIONAL
          && next < words.size()
          && !words.get(next).startsWith("-")) {
        value = words.get(next++);
      }
      if (o.column >= 0) {
        long bit = 1L << o.column;
        if ((seen & bit) != 0) {
          throw new LineException(
              "multiple '" + RuleOption.COLUMN_NAMES[o.column] + "' options specified");
        }
        seen |= bit;
      }
      apply(o, value);
    }

    /** The option as the line spelled it (built only for a message: most lines need none). */
    private static String spelled(RuleOption o, boolean byLong) {
      return byLong ? "--" + o.longName : "-" + o.shortName;
    }

    private void apply(RuleOption o, String v) throws LineException {
      switch (o) {
        case TCP_SERVICE, UDP_SERVICE, SCTP_SERVICE -> {
          svcProtocol =
              o == RuleOption.TCP_SERVICE
                  ? Protocol.TCP
                  : o == RuleOption.UDP_SERVICE ? Protocol.UDP : Protocol.SCTP;
          Endpoint e = endpoint(v, svcProtocol);
          if (e == null) {
            throw new LineException("illegal virtual server address[:port] specified");
          }
          svcFamily = ServiceKey.familyOf(e.address);
          if (svcFamily == ServiceKey.AF_INET6) {
            netmask = 128;
          }
          svcAddress = e.address;
          if (e.port >= 0) {
            svcPort = e.port;
          }
        }
        case FWMARK_SERVICE -> {
          svcFamily = ServiceKey.AF_INET;
          svcProtocol = Protocol.TCP;
          fwmark = Numbers.fwmark(v);
          if (fwmark < 0) {
            throw new LineException("invalid fwmark value `" + v + "' specified");
          }
        }
        case IPV6 -> {
          if (fwmark == 0) {
            throw new LineException("-6 used before -f");
          }
          svcFamily = ServiceKey.AF_INET6;
          netmask = 128;
        }
        case SCHEDULER -> scheduler = v.length() > 15 ? v.substring(0, 15) : v;
        case PERSISTENT -> {
          svcFlags |= ServiceSettings.F_PERSISTENT;
          timeoutS = v == null ? DEFAULT_PERSISTENCE_S : number(v, 1, MAX_TIMEOUT_S, "timeout");
        }
        case NETMASK -> {
          if (svcFamily != ServiceKey.AF_INET6) {
            InetAddress m = AddressText.aton(v);
            if (m == null) {
              m = names.hostAddress(v);
            }
            if (m == null) {
              throw new LineException("illegal virtual server persistent mask specified");
            }
            byte[] b = m.getAddress();
            netmask =
                ((b[0] & 0xff) << 24)
                    | ((b[1] & 0xff) << 16)
                    | ((b[2] & 0xff) << 8)
                    | (b[3] & 0xff);
          } else {
            netmask = Numbers.atoi(v);
            if (netmask < 1 || netmask > 128) {
              throw new LineException("illegal ipv6 netmask specified");
            }
          }
        }
        case REAL_SERVER -> {
          Endpoint e = endpoint(v, svcProtocol);
          if (e == null) {
            throw new LineException("illegal real server address[:port] specified");
          }
          destAddress = e.address;
          destPort = e.port >= 0 ? e.port : svcPort;
        }
        case MASQUERADING -> forwarding = Forwarding.MASQ;
        case IPIP -> forwarding = Forwarding.TUNNEL;
        case GATEWAYING -> forwarding = Forwarding.DROUTE;
        case WEIGHT -> weight = number(v, 0, 65535, "weight");
        case U_THRESHOLD -> upper = number(v, 0, Integer.MAX_VALUE, "u_threshold");
        case L_THRESHOLD -> lower = number(v, 0, Integer.MAX_VALUE, "l_threshold");
        case OPS -> svcFlags |= ServiceSettings.F_ONEPACKET;
        case PE -> pe = v;
        case SCHED_FLAGS -> schedFlags = v;
        case TUN_TYPE -> {
          tunType =
              switch (v) {
                case "ipip" -> DestSettings.TUN_IPIP;
                case "gue" -> DestSettings.TUN_GUE;
                case "gre" -> DestSettings.TUN_GRE;
                default -> throw new LineException("illegal tunnel type specified");
              };
        }
        case TUN_PORT -> tunPort = number(v, 1, 65535, "tunnel port");
        case TUN_NOCSUM -> {
          // IP_VS_TUNNEL_ENCAP_FLAG_NOCSUM is 0
        }
        case TUN_CSUM -> tunFlags |= DestSettings.TUN_FLAG_CSUM;
        case TUN_REMCSUM -> tunFlags |= DestSettings.TUN_FLAG_REMCSUM;
        // strncpy into IP_VS_IFNAME_MAXLEN - 1 bytes: a longer name is cut, as ipvsadm cuts it
        case MCAST_INTERFACE -> mcastInterface = v.length() > 15 ? v.substring(0, 15) : v;
        case SYNCID -> syncId = number(v, 0, 255, "syncid");
        case SYNC_MAXLEN -> syncMaxLength = number(v, 1, 65535 - 20 - 8, "sync-maxlen");
        case MCAST_PORT -> mcastPort = number(v, 1, 65535, "mcast-port");
        case MCAST_TTL -> mcastTtl = number(v, 1, 255, "mcast-ttl");
        case MCAST_GROUP -> mcastGroup = mcastGroup(v);
        default -> {
          // listing and daemon options: refused by the option table check
        }
      }
    }

    /** ipvsadm's --mcast-group: an IPv6 literal if it holds ':', else a dotted quad; multicast. */
    private static InetAddress mcastGroup(String v) throws LineException {
      if (v.indexOf(':') >= 0) {
        Inet6Address a = AddressText.pton6(v);
        if (a == null || !a.isMulticastAddress()) {
          throw new LineException("invalid IPv6 mcast-group `" + v + "'");
        }
        return a;
      }
      InetAddress a = AddressText.pton4(v);
      if (a == null || !a.isMulticastAddress()) {
        throw new LineException("invalid IPv4 mcast-group `" + v + "'");
      }
      return a;
    }

    private int number(String v, int min, int max, String what) throws LineException {
      long n = Numbers.strtol(v);
      if (n == Long.MIN_VALUE || n < min || n > max) {
        throw new LineException(
            what.equals("timeout")
                ? "invalid timeout value `" + v + "' specified"
                : "illegal " + what + " specified");
      }
      return (int) n;
    }

    private record Endpoint(InetAddress address, int port) {}

    /** parse_service: "addr", "addr:port", "[v6]:port" or a bare IPv6; port -1 when absent. */
    private Endpoint endpoint(String buf, Protocol proto) {
      if (allDigits(buf)) {
        return null;
      }
      String host = buf;
      String port = null;
      if (buf.startsWith("[")) {
        int close = buf.indexOf(']');
        if (close < 0 || close + 1 >= buf.length() || buf.charAt(close + 1) != ':') {
          return null;
        }
        host = buf.substring(1, close);
        port = buf.substring(close + 2);
      }
      InetAddress a = AddressText.pton6(host);
      if (a == null) {
        if (port == null) {
          int colon = host.lastIndexOf(':');
          if (colon >= 0) {
            port = host.substring(colon + 1);
            host = host.substring(0, colon);
          }
        } else {
          // "[...]" must hold an IPv6 address for ipvsadm too: it tries IPv4 on the rest
          int colon = host.lastIndexOf(':');
          if (colon >= 0) {
            host = host.substring(0, colon);
          }
        }
        a = AddressText.aton(host);
        if (a == null) {
          a = names.hostAddress(host);
        }
        if (a == null) {
          return null;
        }
      }
      if (port == null) {
        return new Endpoint(a, -1);
      }
      long n = Numbers.strtol(port);
      if (n >= 0 && n <= 65535) {
        return new Endpoint(a, (int) n);
      }
      int named = proto == null ? -1 : names.port(port, proto);
      return named < 0 ? null : new Endpoint(a, named);
    }

    /** True for "" and for digits only (isdigit, as Character.isDigit sees them). */
    private static boolean allDigits(String s) {
      for (int i = 0; i < s.length(); i++) {
        if (!Character.isDigit(s.charAt(i))) {
          return false;
        }
      }
      return true;
    }

    /** parse_sched_flags. */
    private static int schedFlags(String sched, String arg) throws LineException {
      int flags = 0;
      for (String f : arg.split(",")) {
        if (f.isEmpty()) {
          continue;
        }
        switch (f) {
          case "flag-1" -> flags |= ServiceSettings.F_SCHED1;
          case "flag-2" -> flags |= ServiceSettings.F_SCHED2;
          case "flag-3" -> flags |= ServiceSettings.F_SCHED3;
          case "sh-fallback", "sh-port", "mh-fallback", "mh-port" -> {
            if (!sched.equals(f.substring(0, 2))) {
              throw new LineException("incompatible scheduler flag `" + f + "'");
            }
            flags |= f.endsWith("fallback") ? ServiceSettings.F_SCHED1 : ServiceSettings.F_SCHED2;
          }
          default -> throw new LineException("invalid scheduler flag `" + f + "'");
        }
      }
      return flags;
    }

    /** generic_opt_check, then the per-command rules of process_options. */
    private void checkOptions() throws LineException {
      for (int j = 0; j < RuleOption.COLUMN_NAMES.length; j++) {
        long bit = 1L << j;
        boolean given = (seen & bit) != 0;
        if (!given && (cmd.required & bit) != 0) {
          throw new LineException(
              "You need to supply the '"
                  + RuleOption.COLUMN_NAMES[j]
                  + "' option for the '"
                  + cmd.tableName
                  + "' command");
        }
        if (given && ((cmd.required | cmd.optional) & bit) == 0) {
          throw new LineException(
              "Illegal '"
                  + RuleOption.COLUMN_NAMES[j]
                  + "' option with the '"
                  + cmd.tableName
                  + "' command");
        }
      }
      if (cmd == Command.ADD || cmd == Command.EDIT) {
        boolean persistent = (svcFlags & ServiceSettings.F_PERSISTENT) != 0;
        if (fwmark == 0 && svcPort == 0 && !persistent) {
          throw new LineException("Zero port specified for non-persistent service");
        }
        if ((svcFlags & ServiceSettings.F_ONEPACKET) != 0
            && fwmark == 0
            && svcProtocol != Protocol.UDP) {
          throw new LineException("One-Packet Scheduling is only for UDP virtual services");
        }
      }
      if (cmd == Command.ADD_DEST || cmd == Command.EDIT_DEST) {
        boolean tunnel = forwarding == Forwarding.TUNNEL;
        if (fwmark == 0 && (tunnel || forwarding == Forwarding.DROUTE)) {
          destPort = svcPort;
        }
        if (ServiceKey.familyOf(destAddress) != svcFamily && !tunnel) {
          throw new LineException("Different address family is allowed only for tunneling servers");
        }
        long tunOpts = (0xfL << 30) | (1L << 29);
        if ((seen & tunOpts) != 0 && !tunnel) {
          throw new LineException("Tunnel options conflict with forward method");
        }
        TunnelCheck.check(tunType, seen);
      }
    }

    private Rule build() throws LineException {
      switch (cmd) {
        case CLEAR -> {
          return new Rule.Clear(line);
        }
        case SET -> {
          return new Rule.SetTimeouts(line, timeouts);
        }
        case START_DAEMON -> {
          return new Rule.StartDaemon(
              line,
              new SyncDaemon(
                  daemonRole,
                  mcastInterface.isEmpty() ? DEFAULT_MCAST_INTERFACE : mcastInterface,
                  syncId,
                  syncMaxLength,
                  mcastGroup,
                  mcastPort,
                  mcastTtl));
        }
        case STOP_DAEMON -> {
          return new Rule.StopDaemon(line, daemonRole);
        }
        case ZERO -> {
          // libipvs zeroes every service unless the one named has a mark, an address or a port
          boolean named =
              (seen & (1L << 2)) != 0
                  && (fwmark != 0 || svcPort != 0 || !svcAddress.isAnyLocalAddress());
          return new Rule.Zero(line, named ? serviceKey() : null);
        }
        default -> {
          // a service command, below
        }
      }
      ServiceKey key = serviceKey();
      switch (cmd) {
        case ADD, EDIT -> {
          ServiceSettings s =
              new ServiceSettings(
                  scheduler.isEmpty() ? DEFAULT_SCHEDULER : scheduler,
                  svcFlags,
                  timeoutS,
                  prefix(),
                  pe);
          return cmd == Command.ADD
              ? new Rule.AddService(line, key, s)
              : new Rule.EditService(line, key, s);
        }
        case DELETE -> {
          return new Rule.DeleteService(line, key);
        }
        default -> {
          DestKey d = new DestKey(destAddress, destPort);
          if (cmd == Command.DELETE_DEST) {
            return new Rule.DeleteDest(line, key, d);
          }
          boolean tunnel = forwarding == Forwarding.TUNNEL;
          DestSettings s =
              new DestSettings(
                  forwarding,
                  weight,
                  upper,
                  lower,
                  tunnel ? tunType : 0,
                  tunnel ? tunPort : 0,
                  tunnel ? tunFlags : 0);
          return cmd == Command.ADD_DEST
              ? new Rule.AddDest(line, key, d, s)
              : new Rule.EditDest(line, key, d, s);
        }
      }
    }

    private ServiceKey serviceKey() {
      return fwmark != 0
          ? ServiceKey.fwmark((int) fwmark, svcFamily)
          : ServiceKey.of(svcProtocol, svcAddress, svcPort);
    }

    /** The persistence granularity as a prefix length (Vigil's model has no other kind). */
    private int prefix() throws LineException {
      if (svcFamily == ServiceKey.AF_INET6) {
        return netmask;
      }
      int p = Integer.bitCount(netmask);
      int contiguous = p == 0 ? 0 : -1 << (32 - p);
      if (contiguous != netmask) {
        throw new LineException(
            "persistent mask "
                + AddressText.ntop(AddressText.byAddress(AddressText.toBytes(netmask)))
                + " is not a prefix (Vigil supports contiguous masks only)");
      }
      return p;
    }
  }
}
