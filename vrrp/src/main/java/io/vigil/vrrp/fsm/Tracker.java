package io.vigil.vrrp.fsm;

/**
 * Something an instance's priority depends on (keepalived's {@code track_interface}, {@code
 * track_script}, {@code track_file}, {@code track_process}).
 *
 * <p>Interfaces, scripts and processes are up or down ({@link Event.TrackerStatus}). Weight 0: down
 * means FAULT ({@code reverse}: up means FAULT). Weight &gt; 0: added while up. Weight &lt; 0:
 * added while down. {@code reverse} subtracts what would be added (keepalived's {@code
 * weight_multiplier} -1: {@code weight 10 reverse} is -10 while up, {@code weight -10 reverse} +10
 * while down). Files hold a number ({@link Event.TrackerValue}): the priority moves by value ×
 * weight (negated by {@code reverse}) bounded to -254..253, and -254 means FAULT; with weight 0 a
 * non-zero value means FAULT ({@code reverse}: zero does).
 *
 * @param name unique within the instance (e.g. {@code eth0}, {@code chk_haproxy})
 * @param kind what is tracked
 * @param weight -254..254
 * @param reverse negate the adjustment (interfaces, scripts: and FAULT while up for weight 0) or
 *     the value (files)
 * @param initiallyUp the status before the first report ({@code init_fail} scripts start down)
 */
public record Tracker(String name, Kind kind, int weight, boolean reverse, boolean initiallyUp) {
  public enum Kind {
    INTERFACE,
    SCRIPT,
    FILE,
    /** {@code track_process}: up while its quorum of processes runs, as a script is up. */
    PROCESS
  }

  public Tracker {
    if (weight < -254 || weight > 254) {
      throw new IllegalArgumentException("tracker weight must be -254..254: " + weight);
    }
  }

  public static Tracker iface(String name, int weight) {
    return new Tracker(name, Kind.INTERFACE, weight, false, true);
  }

  public static Tracker script(String name, int weight) {
    return new Tracker(name, Kind.SCRIPT, weight, false, true);
  }

  public static Tracker file(String name, int weight) {
    return new Tracker(name, Kind.FILE, weight, false, true);
  }

  public Tracker reversed() {
    return new Tracker(name, kind, weight, true, initiallyUp);
  }

  public Tracker initiallyDown() {
    return new Tracker(name, kind, weight, reverse, false);
  }
}
