package io.vigil.kernel.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongToIntFunction;

/**
 * What a socket given a {@link Wakeup} does, whatever the socket: a wait far longer than the test
 * ends when the wake-up is woken, as a timeout (-1); a wake-up while nobody waits ends the next
 * wait, and only that one; a datagram after them still ends a wait with its length.
 */
final class WakeupCheck {
  /** A wait of ten minutes: it ends early or the check fails (after 10 s). */
  static final long LONG_WAIT_NS = TimeUnit.MINUTES.toNanos(10);

  static final long ENDS_WITHIN_S = 10;

  /** How long a wait is watched to see that it does not end on its own. */
  static final long STILL_WAITING_MS = 300;

  private WakeupCheck() {}

  /**
   * {@code waitNs} waits on the socket (its timeout in ns; the datagram's length or -1); {@code
   * send} makes a datagram of {@code length} bytes reach it.
   */
  static void check(Wakeup wakeup, LongToIntFunction waitNs, Runnable send, int length)
      throws Exception {
    ExecutorService waiter =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "wakeup-check");
              t.setDaemon(true); // a wait that is never woken must not keep the JVM up
              return t;
            });
    try {
      Future<Integer> first = waiter.submit(() -> waitNs.applyAsInt(LONG_WAIT_NS));
      assertThatThrownBy(() -> first.get(STILL_WAITING_MS, TimeUnit.MILLISECONDS))
          .as("the wait has not ended on its own")
          .isInstanceOf(TimeoutException.class);
      wakeup.wake();
      assertThat(first.get(ENDS_WITHIN_S, TimeUnit.SECONDS)).as("woken: no datagram").isEqualTo(-1);

      wakeup.wake(); // nobody waits: the next wait ends at once, and only that one
      assertThat(
              waiter
                  .submit(() -> waitNs.applyAsInt(LONG_WAIT_NS))
                  .get(ENDS_WITHIN_S, TimeUnit.SECONDS))
          .isEqualTo(-1);
      Future<Integer> next = waiter.submit(() -> waitNs.applyAsInt(LONG_WAIT_NS));
      assertThatThrownBy(() -> next.get(STILL_WAITING_MS, TimeUnit.MILLISECONDS))
          .as("one wake-up ended one wait")
          .isInstanceOf(TimeoutException.class);

      send.run();
      assertThat(next.get(ENDS_WITHIN_S, TimeUnit.SECONDS)).isEqualTo(length);
    } finally {
      waiter.shutdownNow();
    }
  }
}
