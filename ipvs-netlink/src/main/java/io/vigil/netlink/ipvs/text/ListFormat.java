package io.vigil.netlink.ipvs.text;

/**
 * What {@code ipvsadm -L} / {@code -S} is asked to print.
 *
 * @param view the columns; when ipvsadm is given several of --stats, --rate, --thresholds,
 *     --persistent-conn and --tun-info, the first in that order wins, so pick it with {@link #of}
 * @param numeric {@code -n}: addresses and ports as numbers
 * @param exact {@code --exact}: counters in full instead of K/M/G/T
 * @param noSort {@code --nosort}: kernel order instead of ipvsadm's sort
 */
public record ListFormat(View view, boolean numeric, boolean exact, boolean noSort) {
  /** The column sets of ipvsadm's listing, and its rule format. */
  public enum View {
    DEFAULT,
    STATS,
    RATE,
    THRESHOLDS,
    PERSISTENT_CONN,
    TUN_INFO,
    /** {@code -S}: the rule language. */
    RULES
  }

  /** The view ipvsadm shows for this combination of flags. */
  public static View of(
      boolean stats, boolean rate, boolean thresholds, boolean persistentConn, boolean tunInfo) {
    if (stats) {
      return View.STATS;
    }
    if (rate) {
      return View.RATE;
    }
    if (thresholds) {
      return View.THRESHOLDS;
    }
    if (persistentConn) {
      return View.PERSISTENT_CONN;
    }
    return tunInfo ? View.TUN_INFO : View.DEFAULT;
  }

  /** {@code ipvsadm -S} (with {@code -n} when {@code numeric}). */
  public static ListFormat save(boolean numeric) {
    return new ListFormat(View.RULES, numeric, false, false);
  }
}
