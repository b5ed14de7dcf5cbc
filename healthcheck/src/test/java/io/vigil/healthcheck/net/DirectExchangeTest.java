package io.vigil.healthcheck.net;

import static io.vigil.healthcheck.net.Checks.once;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.HttpCheckSpec;
import io.vigil.healthcheck.spec.TestSpecs;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What is particular to the bare-socket exchange ({@link DirectExchange}): its one edge-triggered
 * registration. {@link HttpCheckerTest} runs everything else on it and on channels.
 */
class DirectExchangeTest {
  static Transport transport;

  @BeforeAll
  static void group() {
    transport = Transport.create(1, false);
  }

  @AfterAll
  static void closeGroup() {
    transport.close();
  }

  /**
   * A server that answers and closes its side before it has read the request: the connection, the
   * answer and the close can all come in one edge-triggered event, and the check must read them
   * then (no second edge comes), not wait for its timeout. keepalived sends its request and reads
   * the same answer.
   */
  @Test
  void anAnswerThatComesWithTheConnectionIsReadAtOnce() throws Exception {
    try (java.net.ServerSocket ss =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      java.util.concurrent.CompletableFuture<Void> served =
          HttpCheckerTest.answerAtOnce(ss, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", true);
      HttpCheckSpec spec =
          HttpCheckerTest.spec(HttpCheckerTest.at(ss), 20_000, TestSpecs.url("/early"));
      long start = System.nanoTime();
      assertThat(once(new HttpChecker(spec, transport)))
          .isEqualTo(CheckResult.up("HTTP ok on /early"));
      assertThat(System.nanoTime() - start)
          .as("ns to the verdict (connect_timeout 20 s)")
          .isLessThan(TimeUnit.SECONDS.toNanos(10));
      served.get(10, TimeUnit.SECONDS);
    }
  }
}
