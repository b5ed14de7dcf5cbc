package io.vigil.system.e2e;

import io.vigil.lab.LvsTopology;
import org.junit.jupiter.api.Test;

/**
 * The end-to-end story in TUN (ipip to the real servers), nopreempt: the old master stays backup.
 */
class TunE2eVmIT extends E2eVmCase {
  @Test
  void everyStepOfTheStoryHappens() {
    everyStepHappens(LvsTopology.Mode.TUN, false);
  }
}
