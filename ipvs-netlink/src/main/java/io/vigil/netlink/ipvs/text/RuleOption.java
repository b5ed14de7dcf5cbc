package io.vigil.netlink.ipvs.text;

/**
 * The options of ipvsadm's command line, long and short, with the name and column its
 * command/option table uses ({@code optnames}, {@code OPTC_*}). The restore parser knows all of
 * them, so an option that exists but does not belong on a line gets ipvsadm's own complaint.
 */
enum RuleOption {
  NUMERIC("numeric", 'n', Arg.NONE, 0),
  CONNECTION("connection", 'c', Arg.NONE, 1),
  TCP_SERVICE("tcp-service", 't', Arg.REQUIRED, 2),
  UDP_SERVICE("udp-service", 'u', Arg.REQUIRED, 2),
  SCTP_SERVICE("sctp-service", '\0', Arg.REQUIRED, 2),
  FWMARK_SERVICE("fwmark-service", 'f', Arg.REQUIRED, 2),
  SCHEDULER("scheduler", 's', Arg.REQUIRED, 3),
  PERSISTENT("persistent", 'p', Arg.OPTIONAL, 4),
  NETMASK("netmask", 'M', Arg.REQUIRED, 5),
  REAL_SERVER("real-server", 'r', Arg.REQUIRED, 6),
  MASQUERADING("masquerading", 'm', Arg.NONE, 7),
  IPIP("ipip", 'i', Arg.NONE, 7),
  GATEWAYING("gatewaying", 'g', Arg.NONE, 7),
  WEIGHT("weight", 'w', Arg.REQUIRED, 8),
  U_THRESHOLD("u-threshold", 'x', Arg.REQUIRED, 9),
  L_THRESHOLD("l-threshold", 'y', Arg.REQUIRED, 10),
  MCAST_INTERFACE("mcast-interface", '\0', Arg.REQUIRED, 11),
  TIMEOUT("timeout", '\0', Arg.NONE, 12),
  DAEMON("daemon", '\0', Arg.NONE, 13),
  STATS("stats", '\0', Arg.NONE, 14),
  RATE("rate", '\0', Arg.NONE, 15),
  THRESHOLDS("thresholds", '\0', Arg.NONE, 16),
  PERSISTENT_CONN("persistent-conn", '\0', Arg.NONE, 17),
  NOSORT("nosort", '\0', Arg.NONE, 18),
  SYNCID("syncid", '\0', Arg.REQUIRED, 19),
  EXACT("exact", 'X', Arg.NONE, 20),
  OPS("ops", 'o', Arg.NONE, 21),
  PE("pe", '\0', Arg.REQUIRED, 22),
  SCHED_FLAGS("sched-flags", 'b', Arg.REQUIRED, 23),
  MCAST_GROUP("mcast-group", '\0', Arg.REQUIRED, 24),
  MCAST_PORT("mcast-port", '\0', Arg.REQUIRED, 25),
  MCAST_TTL("mcast-ttl", '\0', Arg.REQUIRED, 26),
  SYNC_MAXLEN("sync-maxlen", '\0', Arg.REQUIRED, 27),
  TUN_INFO("tun-info", '\0', Arg.NONE, 28),
  TUN_TYPE("tun-type", '\0', Arg.REQUIRED, 29),
  TUN_PORT("tun-port", '\0', Arg.REQUIRED, 30),
  TUN_NOCSUM("tun-nocsum", '\0', Arg.NONE, 31),
  TUN_CSUM("tun-csum", '\0', Arg.NONE, 32),
  TUN_REMCSUM("tun-remcsum", '\0', Arg.NONE, 33),
  /** No column: only valid after -f. */
  IPV6("ipv6", '6', Arg.NONE, -1),
  /** No column: sorting is the default. */
  SORT("sort", '\0', Arg.NONE, -1);

  /** Whether an option takes a value. */
  enum Arg {
    NONE,
    REQUIRED,
    /** {@code -p [timeout]}: takes the next word unless it starts with '-'. */
    OPTIONAL
  }

  /** ipvsadm's optnames[], by column. */
  static final String[] COLUMN_NAMES = {
    "numeric",
    "connection",
    "service-address",
    "scheduler",
    "persistent",
    "netmask",
    "real-server",
    "forwarding-method",
    "weight",
    "u-threshold",
    "l-threshold",
    "mcast-interface",
    "timeout",
    "daemon",
    "stats",
    "rate",
    "thresholds",
    "persistent-conn",
    "nosort",
    "syncid",
    "exact",
    "ops",
    "pe",
    "sched-flags",
    "mcast-group",
    "mcast-port",
    "mcast-ttl",
    "sync-maxlen",
    "tun-info",
    "tun-type",
    "tun-port",
    "tun-nocsum",
    "tun-csum",
    "tun-remcsum",
  };

  final String longName;
  final char shortName;
  final Arg arg;
  final int column;

  RuleOption(String longName, char shortName, Arg arg, int column) {
    this.longName = longName;
    this.shortName = shortName;
    this.arg = arg;
    this.column = column;
  }

  /** values() copies the array at every call: once per option of every line adds up. */
  private static final RuleOption[] ALL = values();

  /** The option of each short name (ASCII), or null. */
  private static final RuleOption[] BY_SHORT = new RuleOption[128];

  static {
    for (RuleOption o : ALL) {
      if (o.shortName != 0 && o.shortName < 128 && BY_SHORT[o.shortName] == null) {
        BY_SHORT[o.shortName] = o;
      }
    }
  }

  static RuleOption byLong(String name) {
    for (RuleOption o : ALL) {
      if (o.longName.equals(name)) {
        return o;
      }
    }
    return null;
  }

  static RuleOption byShort(char c) {
    return c < 128 ? BY_SHORT[c] : null;
  }

  /** The commands a line can start with, with ipvsadm's names and allowed columns. */
  enum Command {
    ADD("add-service", 'A', "add-service", cols(2), cols(3, 4, 5, 21, 22, 23)),
    EDIT("edit-service", 'E', "edit-service", cols(2), cols(3, 4, 5, 21, 22, 23)),
    DELETE("delete-service", 'D', "delete-service", cols(2), 0),
    CLEAR("clear", 'C', "flush", 0, 0),
    ADD_DEST("add-server", 'a', "add-server", cols(2, 6), cols(7, 8, 9, 10, 29, 30, 31, 32, 33)),
    EDIT_DEST("edit-server", 'e', "edit-server", cols(2, 6), cols(7, 8, 9, 10, 29, 30, 31, 32, 33)),
    DELETE_DEST("delete-server", 'd', "delete-server", cols(2, 6), 0),
    ZERO("zero", 'Z', "zero", 0, cols(2)),
    /** {@code --set TCP TCPFIN UDP}: the three values are the line's arguments. */
    SET("set", '\0', "set", 0, 0),
    /** {@code --start-daemon master|backup}: the state is the command's own value. */
    START_DAEMON("start-daemon", '\0', "start-daemon", 0, cols(11, 19, 24, 25, 26, 27)),
    /**
     * {@code --stop-daemon master|backup}; ipvsadm allows --syncid here and sends nothing of it.
     */
    STOP_DAEMON("stop-daemon", '\0', "stop-daemon", 0, cols(19));

    final String longName;
    final char shortName;

    /** The name ipvsadm's messages use (cmdnames[]). */
    final String tableName;

    final long required;
    final long optional;

    Command(String longName, char shortName, String tableName, long required, long optional) {
      this.longName = longName;
      this.shortName = shortName;
      this.tableName = tableName;
      this.required = required;
      this.optional = optional;
    }

    private static final Command[] ALL = values();

    static Command byLong(String name) {
      for (Command c : ALL) {
        if (c.longName.equals(name)) {
          return c;
        }
      }
      return null;
    }

    /** Whether the command takes a value, as {@code --start-daemon master} does. */
    boolean takesValue() {
      return this == START_DAEMON || this == STOP_DAEMON;
    }

    static Command byShort(char ch) {
      for (Command c : ALL) {
        if (c.shortName != 0 && c.shortName == ch) {
          return c;
        }
      }
      return null;
    }

    private static long cols(int... columns) {
      long m = 0;
      for (int c : columns) {
        m |= 1L << c;
      }
      return m;
    }
  }

  /** ipvsadm commands that exist but that a restore file cannot hold (ipvsadm -R refuses them). */
  static final String[] OTHER_COMMANDS = {
    "L", "list", "l", "R", "restore", "S", "save", "h", "help", "v", "version"
  };
}
