package io.vigil.system.e2e;

import io.vigil.lab.LvsTopology;
import org.junit.jupiter.api.Test;

/** The end-to-end story in NAT (the gateway VIP moves with the master), old master preempts. */
class NatE2eVmIT extends E2eVmCase {
  @Test
  void everyStepOfTheStoryHappens() {
    everyStepHappens(LvsTopology.Mode.NAT, true);
  }
}
