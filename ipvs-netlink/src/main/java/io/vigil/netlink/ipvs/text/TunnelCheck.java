package io.vigil.netlink.ipvs.text;

/**
 * ipvsadm's table of which tunnel options each tunnel type takes: ipip none; gue needs --tun-port
 * and at most one of --tun-nocsum/--tun-csum/--tun-remcsum; gre no port, at most one of
 * --tun-nocsum/--tun-csum.
 */
final class TunnelCheck {
  private static final String[] TYPES = {"ipip", "gue", "gre"};

  /** Columns: tun-port, tun-nocsum, tun-csum, tun-remcsum. */
  private static final int[] COLUMNS = {30, 31, 32, 33};

  /** '+' required, 'x' illegal, '1' exclusive, ' ' optional; per type, per column above. */
  private static final String[] TABLE = {"xxxx", "+111", "x11x"};

  private TunnelCheck() {}

  static void check(int type, long seen) throws RuleParser.LineException {
    int count = 0;
    int last = 0;
    for (int j = 0; j < COLUMNS.length; j++) {
      int k = COLUMNS[j];
      char rule = TABLE[type].charAt(j);
      if ((seen & (1L << k)) == 0) {
        if (rule == '+') {
          throw new RuleParser.LineException(
              "You need to supply the '"
                  + RuleOption.COLUMN_NAMES[k]
                  + "' option for the '"
                  + TYPES[type]
                  + "' tunnel type");
        }
        continue;
      }
      if (rule == 'x') {
        throw new RuleParser.LineException(
            "Illegal '"
                + RuleOption.COLUMN_NAMES[k]
                + "' option with the '"
                + TYPES[type]
                + "' tunnel type");
      }
      if (rule == '1') {
        count++;
        if (count == 1) {
          last = k;
          continue;
        }
        throw new RuleParser.LineException(
            "The option '"
                + RuleOption.COLUMN_NAMES[k]
                + "' conflicts with the '"
                + RuleOption.COLUMN_NAMES[last]
                + "' option in the '"
                + TYPES[type]
                + "' tunnel type");
      }
    }
  }
}
