package io.vigil.system.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Guards for tests that need the lab VM's IPVS kernel. */
public final class InVm {
  private InVm() {}

  /** Skips the calling test, with the reason, unless the kernel has IPVS (the lab VM does). */
  public static void assumeIpvs() {
    Assumptions.assumeTrue(
        Files.exists(Path.of("/proc/net/ip_vs")),
        "needs a kernel with IPVS: run inside the lab VM (tests/lab/vm-junit does, in mvn verify)");
  }
}
