package io.vigil.director.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignalsTest {
  @Test
  void aHandledSignalReachesTheHandler() throws InterruptedException {
    CountDownLatch got = new CountDownLatch(1);
    Signals.on("USR2", got::countDown);
    Signals.raise("USR2");
    assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
  }
}
