package io.vigil.vrrp.fsm;

/**
 * The RFC timers as functions (RFC 5798 §6.1, RFC 3768 §6.1), in nanoseconds. VRRPv3's skew is a
 * fraction of Master_Adver_Interval kept to the microsecond, as keepalived 2.2.7 computes it
 * ({@code VRRP_TIMER_SKEW_CALC}: priority × interval in cs × 625 / 16 µs), not cut to whole
 * centiseconds: cut, a 10 ms interval has no skew at all (two backups of different priorities time
 * out together) and a Vigil backup would time out up to a centisecond before keepalived's; VRRPv2's
 * is a fraction of one second.
 */
public final class Timing {
  public static final long NS_PER_CS = 10_000_000L;
  public static final long NS_PER_S = 1_000_000_000L;

  private Timing() {}

  /**
   * Skew_Time: v3 ((256 − priority) × Master_Adver_Interval) / 256, to the microsecond; v2 (256 −
   * priority) / 256 s.
   */
  public static long skewNs(int version, int priority, int masterAdverIntervalCs) {
    if (version == 2) {
      return (256 - priority) * NS_PER_S / 256;
    }
    return v3SkewUs(256L - priority, masterAdverIntervalCs) * 1_000L;
  }

  /** keepalived's v3 skew of {@code weight} (256 − priority) in µs: weight × cs × 625 / 16. */
  private static long v3SkewUs(long weight, int masterAdverIntervalCs) {
    return weight * masterAdverIntervalCs * 625L / 16L;
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
    return version == 2 ? NS_PER_S / 256 : v3SkewUs(1, masterAdverIntervalCs) * 1_000L;
  }
}
