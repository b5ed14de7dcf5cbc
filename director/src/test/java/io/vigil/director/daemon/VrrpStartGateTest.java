package io.vigil.director.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.vrrp.VrrpSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VrrpStartGateTest {
  private final List<List<VrrpSpec>> applied = new ArrayList<>();
  private final VrrpStartGate<List<VrrpSpec>> gate =
      new VrrpStartGate<List<VrrpSpec>>(applied::add);
  private final List<VrrpSpec> first = List.of();
  private final List<VrrpSpec> second = new ArrayList<>();

  @Test
  void nothingStartsBeforeTheDelayAndTheLatestStartsWhenItPasses() {
    gate.apply(first);
    gate.apply(second); // a reload during the delay
    assertThat(applied).isEmpty();
    gate.open();
    assertThat(applied).hasSize(1);
    assertThat(applied.get(0)).isSameAs(second);
    gate.apply(first); // afterwards, straight through
    assertThat(applied).hasSize(2);
    gate.open();
    assertThat(applied).hasSize(2);
  }

  @Test
  void aStopDuringTheDelayMeansNothingEverStarts() {
    gate.apply(first);
    gate.close();
    gate.open();
    gate.apply(second);
    assertThat(applied).isEmpty();
  }
}
