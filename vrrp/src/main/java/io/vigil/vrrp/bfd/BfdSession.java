package io.vigil.vrrp.bfd;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * One BFD session (RFC 5880, asynchronous mode, no echo, no authentication) as keepalived 2.2.7's
 * BFD process runs it (bfd.c, bfd_scheduler.c), pure: packets and the time come in, packets to send
 * and state changes go out ({@link Effect}), with the next time it needs to be called back ({@link
 * #nextDeadlineNs()}). The sockets, the receive checks that need them (TTL, the session's lookup)
 * and the thread are the caller's.
 *
 * <p>What it keeps from keepalived: a session starts Down, transmitting at {@code idle_tx} (RFC
 * 5880: at least a second while not Up) and, unless {@code passive}, at once; packets are jittered
 * down by 10-25%; Down → Init on the neighbour's Down, → Up on its Init or Up; Up starts a poll
 * sequence when {@code idle_tx} differs from {@code min_tx}, and the intervals change on a poll or
 * a final; a poll is answered at once with the final bit; no packet for the detection time
 * (neighbour's multiplier × the agreed receive interval) takes it Down with diagnostic 1, and a new
 * local discriminator after Up; Down, the remote state is forgotten after a detection time. Only Up
 * counts as up for what tracks it, and a neighbour's AdminDown brings it Down without telling them
 * (keepalived does not: a neighbour stopped on purpose is not a failure).
 */
public final class BfdSession {
  /**
   * A {@code bfd_instance}'s timers: {@code min_rx}, {@code min_tx}, {@code idle_tx} (µs), {@code
   * multiplier}, {@code passive}.
   */
  public record Config(
      String name, long minRxUs, long minTxUs, long idleTxUs, int detectMult, boolean passive) {}

  /** What a call asks the caller to do. */
  public sealed interface Effect {
    /** Send this packet to the neighbour. */
    record Send(BfdControl packet) implements Effect {}

    /** The session went Up ({@code up}) or left Up; {@code log} says it in keepalived's words. */
    record Changed(boolean up, String log) implements Effect {}

    /** A line for the log (timers, expiry) at INFO. */
    record Log(String line) implements Effect {}
  }

  private static final long NEVER = Long.MAX_VALUE;

  private final Config config;
  private final LongSupplier discriminators; // non-zero
  private final java.util.function.LongUnaryOperator jitter; // 0..bound inclusive

  private int localState = BfdControl.DOWN;
  private int remoteState = BfdControl.DOWN;
  private long localDiscr;
  private long remoteDiscr;
  private int localDiag = BfdControl.DIAG_NONE;
  private int remoteDiag = BfdControl.DIAG_NONE;
  private long remoteMinTxUs;
  private long remoteMinRxUs;
  private boolean remoteDemand;
  private int remoteDetectMult;
  private boolean poll;
  private boolean fin;
  private long localTxUs;
  private long remoteTxUs;
  private long localDetectUs;

  private long txAt = NEVER;
  private long expireAt = NEVER;
  private long resetAt = NEVER;
  private long lastSeenNs;

  /**
   * @param discriminators new local discriminators (non-zero, unique among the sessions)
   * @param random jitter: given a bound, a value from 0 to it
   */
  public BfdSession(
      Config config, LongSupplier discriminators, java.util.function.LongUnaryOperator random) {
    this.config = config;
    this.discriminators = discriminators;
    this.jitter = random;
  }

  public Config config() {
    return config;
  }

  public String name() {
    return config.name();
  }

  /** Whether the session is Up (what a {@code track_bfd} follows). */
  public boolean up() {
    return localState == BfdControl.UP;
  }

  public int localState() {
    return localState;
  }

  public long localDiscriminator() {
    return localDiscr;
  }

  /** The neighbour's discriminator, 0 while unknown. */
  public long remoteDiscriminator() {
    return remoteDiscr;
  }

  /** The detection time in µs (0 before the neighbour's first packet). */
  public long detectionTimeUs() {
    return localDetectUs;
  }

  /** The interval between this side's packets now, in µs (before jitter). */
  public long transmitIntervalUs() {
    return localTxUs;
  }

  /** Starts the session at {@code nowNs}: Down, and (unless passive) a first packet at once. */
  public void start(long nowNs, List<Effect> out) {
    localDiscr = discriminators.getAsLong();
    localTxUs = config.idleTxUs();
    if (!config.passive()) {
      out.add(new Effect.Send(packet()));
      fin = false;
      scheduleSender(nowNs);
    }
  }

  /** When to call {@link #onTimer} next ({@code Long.MAX_VALUE}: never, until a packet comes). */
  public long nextDeadlineNs() {
    return Math.min(txAt, Math.min(expireAt, resetAt));
  }

  /** Runs what is due at {@code nowNs}: a packet to send, an expiry, a reset of a Down session. */
  public void onTimer(long nowNs, List<Effect> out) {
    if (expireAt != NEVER && nowNs - expireAt >= 0) {
      expireAt = NEVER;
      long deadUs = (nowNs - lastSeenNs) / 1_000;
      if (localState == BfdControl.UP) {
        out.add(
            new Effect.Log(
                "("
                    + name()
                    + ") Expired after "
                    + deadUs / 1_000
                    + " ms ("
                    + Math.max(0, deadUs - localDetectUs)
                    + " usec overdue)"));
      }
      remoteDiscr = 0;
      stateDown(BfdControl.DIAG_EXPIRED, nowNs, out);
    }
    if (resetAt != NEVER && nowNs - resetAt >= 0) {
      resetAt = NEVER;
      resetState();
    }
    if (txAt != NEVER && nowNs - txAt >= 0) {
      txAt = NEVER;
      out.add(new Effect.Send(packet()));
      fin = false;
      scheduleSender(nowNs);
    }
  }

  /**
   * A valid packet from the neighbour (checked by {@link BfdControl#problem}, its TTL and the
   * session's lookup by the caller) at {@code nowNs}.
   */
  public void onPacket(BfdControl p, long nowNs, List<Effect> out) {
    long oldLocalTx = localTxUs;
    long oldDetect = localDetectUs;
    remoteDiscr = p.myDiscriminator();
    remoteState = p.state();
    remoteDiag = p.diag();
    remoteMinRxUs = p.requiredMinRxUs();
    remoteMinTxUs = p.desiredMinTxUs();
    remoteDemand = p.demand();
    remoteDetectMult = p.detectMult();
    if (p.fin()) {
      poll = false; // the poll sequence ends
    }
    if (localState != BfdControl.UP || p.poll() || p.fin()) {
      if (remoteState == BfdControl.UP
          && (localState == BfdControl.INIT || localState == BfdControl.UP)) {
        localTxUs = Math.max(config.minTxUs(), remoteMinRxUs);
      } else {
        idleTx();
      }
      remoteTxUs = Math.max(config.minRxUs(), remoteMinTxUs);
    }
    localDetectUs = (long) remoteDetectMult * remoteTxUs;
    if (localTxUs < oldLocalTx && txAt != NEVER) {
      scheduleSender(nowNs);
    }
    if (localDetectUs != oldDetect) {
      out.add(
          new Effect.Log(
              "("
                  + name()
                  + ") Detection time is "
                  + localDetectUs
                  + " us (was "
                  + oldDetect
                  + " us)"));
    }
    if (remoteState == BfdControl.ADMIN_DOWN && localState != BfdControl.DOWN) {
      stateDown(BfdControl.DIAG_NEIGHBOR_DOWN, nowNs, out);
    } else if (localState == BfdControl.DOWN) {
      if (remoteState == BfdControl.DOWN) {
        stateInit(nowNs);
      } else if (remoteState == BfdControl.INIT) {
        stateUp(nowNs, out);
      }
    } else if (localState == BfdControl.INIT) {
      if (remoteState == BfdControl.INIT || remoteState == BfdControl.UP) {
        stateUp(nowNs, out);
      }
    } else if (localState == BfdControl.UP && remoteState == BfdControl.DOWN) {
      stateDown(BfdControl.DIAG_NEIGHBOR_DOWN, nowNs, out);
    }
    boolean quiet = remoteDemand && localState == BfdControl.UP && remoteState == BfdControl.UP;
    if (quiet) {
      txAt = NEVER;
    } else if (txAt == NEVER) {
      scheduleSender(nowNs); // a passive session too, once it hears from its neighbour
    }
    if (p.poll()) {
      fin = true;
      out.add(new Effect.Send(packet()));
      fin = false;
    }
    lastSeenNs = nowNs;
    if (localState == BfdControl.UP && expireAt != NEVER) {
      expireAt = nowNs + localDetectUs * 1_000;
    }
  }

  /** The packet this side sends now. */
  BfdControl packet() {
    if (poll && fin) {
      poll = false; // the new values go with the final
    }
    return BfdControl.of(
        localDiag,
        localState,
        poll,
        fin,
        config.detectMult(),
        localDiscr,
        remoteDiscr,
        localState == BfdControl.UP ? config.minTxUs() : config.idleTxUs(),
        config.minRxUs());
  }

  private void scheduleSender(long nowNs) {
    long tx = localTxUs;
    long min = tx / 10;
    long j = min + jitter.applyAsLong(Math.max(0, tx / 4 - min));
    txAt = nowNs + (tx - j) * 1_000;
  }

  private void idleTx() {
    localTxUs = Math.max(config.idleTxUs(), remoteMinRxUs);
  }

  private void stateDown(int diag, long nowNs, List<Effect> out) {
    int old = localState;
    if (old == BfdControl.UP) {
      localDiscr = discriminators.getAsLong();
    }
    String log =
        "("
            + name()
            + ") Entering Down state (Local diagnostic - "
            + BfdControl.diagName(diag)
            + ", Remote diagnostic - "
            + BfdControl.diagName(remoteDiag)
            + ")";
    localState = BfdControl.DOWN;
    localDiag = diag;
    resetAt = nowNs + localDetectUs * 1_000;
    if (config.passive()) {
      txAt = NEVER;
    }
    idleTx();
    expireAt = NEVER;
    if (old == BfdControl.UP) {
      if (remoteState != BfdControl.ADMIN_DOWN) {
        out.add(new Effect.Changed(false, log));
      } else {
        out.add(new Effect.Log(log));
      }
    }
  }

  private void rise(long nowNs) {
    localDiag = BfdControl.DIAG_NONE;
    resetAt = NEVER;
    if (expireAt == NEVER) {
      expireAt = nowNs + localDetectUs * 1_000;
    }
  }

  private void stateUp(long nowNs, List<Effect> out) {
    localState = BfdControl.UP;
    rise(nowNs);
    if (config.idleTxUs() != config.minTxUs() && !fin) {
      poll = true;
    }
    out.add(new Effect.Changed(true, "(" + name() + ") Entering Up state"));
  }

  private void stateInit(long nowNs) {
    localState = BfdControl.INIT;
    rise(nowNs);
    if (config.passive() && txAt == NEVER) {
      scheduleSender(nowNs);
    }
  }

  private void resetState() {
    localState = BfdControl.DOWN;
    remoteState = BfdControl.DOWN;
    remoteDiscr = 0;
    remoteDiag = BfdControl.DIAG_NONE;
    remoteDemand = false;
    poll = false;
    fin = false;
    idleTx();
  }
}
