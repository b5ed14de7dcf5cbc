package io.vigil.vrrp.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.vrrp.io.ReceiveBuffer.Kind;
import org.junit.jupiter.api.Test;

/** What each sizing asks the kernel for, as keepalived 2.2.7's vrrp_scheduler.c adds it up. */
class ReceiveBufferTest {
  @Test
  void theKernelsDefaultAsksForNothing() {
    assertThat(ReceiveBuffer.DEFAULT.bytes(40, 1500)).isZero();
    assertThat(new ReceiveBuffer(Kind.SIZE, 0, 0).bytes(40, 1500)).isZero();
  }

  @Test
  void aSizeIsTakenAsItIsAndThePoliciesMultiply() {
    assertThat(new ReceiveBuffer(Kind.SIZE, 50_000, 0).bytes(40, 1500)).isEqualTo(50_000);
    // a VRRPv2 advert with two IPv4 addresses: 20 (IP) + 8 + 8 (auth) + 2 x 4
    assertThat(new ReceiveBuffer(Kind.ADVERT, 0, 3).bytes(44, 1500)).isEqualTo(132);
    assertThat(new ReceiveBuffer(Kind.MTU, 0, 4).bytes(44, 9000)).isEqualTo(36_000);
  }

  @Test
  void whatSetsockoptCannotTakeIsCapped() {
    assertThat(new ReceiveBuffer(Kind.SIZE, 4_294_967_295L, 0).bytes(0, 0))
        .isEqualTo(Integer.MAX_VALUE);
    assertThat(new ReceiveBuffer(Kind.MTU, 0, Integer.MAX_VALUE).bytes(0, 65_535))
        .isEqualTo(Integer.MAX_VALUE);
  }
}
