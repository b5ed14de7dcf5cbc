package io.vigil.vrrp.fsm;

/**
 * The RFC timers as functions (RFC 5798 §6.1, RFC 3768 §6.1), in nanoseconds. VRRPv3 works in
 * centiseconds with integer division, as the RFC writes it; VRRPv2 in seconds, so its skew is a
 * fraction of one second.
 */
public final class Timing {
  public static final long NS_PER_CS = 10_000_000L;
  public static final long NS_PER_S = 1_000_000_000L;

  private Timing() {}

  /**
   * Skew_Time: v3 ((256 − priority) × Master_Adver_Interval) / 256 cs; v2 (256 − priority) / 256 s.
   */
  public static long skewNs(int version, int priority, int masterAdverIntervalCs) {
    if (version == 2) {
      return (256 - priority) * NS_PER_S / 256;
    }
    return ((256L - priority) * masterAdverIntervalCs / 256) * NS_PER_CS;
  }

  /** Master_Down_Interval: {@code adverts} (3) × Master_Adver_Interval + Skew_Time. */
  public static long masterDownIntervalNs(
      int version, int priority, int masterAdverIntervalCs, int adverts) {
    return adverts * masterAdverIntervalCs * NS_PER_CS
        + skewNs(version, priority, masterAdverIntervalCs);
  }

  /**
   * keepalived's minimum skew (the skew of priority 255), used with {@code state MASTER} for the
   * first down timer: v3 Master_Adver_Interval / 256, v2 1/256 s.
   */
  public static long minSkewNs(int version, int masterAdverIntervalCs) {
    return version == 2 ? NS_PER_S / 256 : masterAdverIntervalCs * NS_PER_CS / 256;
  }
}
