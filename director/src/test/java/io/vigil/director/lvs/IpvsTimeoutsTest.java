package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.model.LvsTimeouts;
import io.vigil.netlink.ipvs.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** lvs_timeouts against a twin of the kernel's IPVS timeouts (900 120 300, the kernel's own). */
class IpvsTimeoutsTest {
  private Timeouts kernel = new Timeouts(900, 120, 300);
  private final List<Timeouts> sets = new ArrayList<>();
  private int gets;
  private final IpvsTimeouts t =
      new IpvsTimeouts(
          new IpvsTimeouts.Kernel() {
            @Override
            public Timeouts get() {
              gets++;
              return kernel;
            }

            @Override
            public void set(Timeouts x) {
              sets.add(x);
              kernel = x;
            }
          });

  @Test
  void withoutLvsTimeoutsTheKernelIsNotTouched() {
    assertThat(t.apply(Optional.empty())).isEmpty();
    assertThat(gets).isZero();
    assertThat(sets).isEmpty();
  }

  @Test
  void theWrittenOnesAreSetTheOthersKeepTheKernelsAndAReloadChangesOnlyWhatChanged() {
    assertThat(t.apply(Optional.of(new LvsTimeouts(7200, 0, 60))))
        .contains(new Timeouts(7200, 120, 60));
    // the same again: nothing to set
    assertThat(t.apply(Optional.of(new LvsTimeouts(7200, 0, 60)))).isEmpty();
    // tcpfin written, udp no longer: udp goes back to what the kernel had before
    assertThat(t.apply(Optional.of(new LvsTimeouts(7200, 30, 0))))
        .contains(new Timeouts(7200, 30, 300));
    // lvs_timeouts gone: all three as they were before Vigil set any
    assertThat(t.apply(Optional.empty())).contains(new Timeouts(900, 120, 300));
    assertThat(t.apply(Optional.empty())).isEmpty();
    assertThat(gets).as("the kernel's own read once").isEqualTo(1);
    assertThat(sets).hasSize(3);
  }

  @Test
  void timeoutsTheKernelAlreadyHasAreNotSetAgain() {
    assertThat(t.apply(Optional.of(new LvsTimeouts(900, 0, 0)))).isEmpty();
    assertThat(sets).isEmpty();
  }
}
