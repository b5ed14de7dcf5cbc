package io.vigil.system.e2e;

import io.vigil.lab.LvsTopology;
import org.junit.jupiter.api.Test;

/** The end-to-end story in DR (VIP on the real servers' loopback), old master preempts. */
class DrE2eVmIT extends E2eVmCase {
  @Test
  void everyStepOfTheStoryHappens() {
    everyStepHappens(LvsTopology.Mode.DR, true);
  }
}
