package io.vigil.kernel.socket;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.kernel.KernelException;
import io.vigil.kernel.process.OpenFiles;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A wake-up that cannot be opened closes what its owner opened before it, in order, and only then
 * throws: the eventfd is made to fail by a soft limit on open descriptors at the lowest free one.
 */
class WakeupOpenFailureIT {
  @Test
  void closesWhatWasOpenedBeforeAndThrowsTheReason() {
    Wakeup.open().close(); // the native binding loads here, not under the limit
    List<String> closed = new ArrayList<>();
    long soft = OpenFiles.limit()[0];
    OpenFiles.limitSoft(OpenFiles.lowestFree());
    Throwable thrown;
    try {
      thrown = catchOpen(() -> closed.add("socket"), () -> closed.add("packet socket"));
    } finally {
      OpenFiles.limitSoft(soft);
    }

    assertThat(thrown)
        .isInstanceOf(KernelException.class)
        .hasMessageStartingWith("eventfd: EMFILE");
    assertThat(closed).containsExactly("socket", "packet socket");
    assertThat(OpenFiles.limit()[0]).isEqualTo(soft);
  }

  @Test
  void closesNothingWhenItOpens() {
    List<String> closed = new ArrayList<>();
    try (Wakeup w = Wakeup.open(() -> closed.add("socket"))) {
      assertThat(w.fd()).isNotNegative();
    }
    assertThat(closed).isEmpty();
  }

  private static Throwable catchOpen(Runnable... closeOnFailure) {
    try {
      Wakeup.open(closeOnFailure).close();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }
}
