package io.vigil.healthcheck.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.HealthEvent;
import io.vigil.healthcheck.HealthEvent.RealServerChanged;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.HttpCheckSpec;
import io.vigil.healthcheck.spec.MiscCheckSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.TestSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine end to end: real servers, real checks, events through the listener. */
class HealthEngineTest {
  private static final long MS = 1_000_000L;

  private static CheckTiming fast(CheckerKind kind) {
    return TestSpecs.timing(kind, 150 * MS)
        .withWarmupNs(0)
        .withConnectTimeoutNs(3000 * MS)
        .withDelayBeforeRetryNs(50 * MS);
  }

  private static RealServerChanged next(BlockingQueue<HealthEvent> q) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() - deadline < 0) {
      HealthEvent e = q.poll(100, TimeUnit.MILLISECONDS);
      if (e instanceof RealServerChanged rc) {
        return rc;
      }
    }
    throw new AssertionError("no real server verdict within 10 s");
  }

  @Test
  void anHttpServerGoesDownAfterItsRetriesAndComesBack() throws Exception {
    BlockingQueue<HealthEvent> events = new LinkedBlockingQueue<>();
    try (TestHttpServer server = new TestHttpServer()) {
      HttpCheckSpec http =
          TestSpecs.httpGet(
              ConnectSpec.to(server.address()),
              fast(CheckerKind.HTTP_GET),
              List.of(TestSpecs.url("/health")));
      RealServerSpec rs = new RealServerSpec("TCP 192.0.2.10:80 rs1", 3, true, List.of(http));
      HealthEngine engine =
          new HealthEngine(
              List.of(rs),
              events::add,
              new HealthEngine.Options(1, 2, System::nanoTime, new Random(1)));
      try {
        engine.start();
        assertThat(next(events))
            .extracting(RealServerChanged::alive, RealServerChanged::reason)
            .containsExactly(true, "initial state");
        // let a few good checks pass, then break the server
        while (engine.checksDone() < 3) {
          assertThat(events.poll(100, TimeUnit.MILLISECONDS)).isNull();
        }
        server.status = 503;
        RealServerChanged down = next(events);
        assertThat(down.alive()).isFalse();
        assertThat(down.reason()).isEqualTo("HTTP_GET HTTP 503 on /health after 1 retry");
        server.status = 200;
        RealServerChanged up = next(events);
        assertThat(up.alive()).isTrue();
        assertThat(up.reason()).isEqualTo("HTTP_GET HTTP ok on /health");
        assertThat(up.weight()).isEqualTo(3);
      } finally {
        engine.close();
      }
      // omega: the alive server is reported down at shutdown
      RealServerChanged last = next(events);
      assertThat(last.alive()).isFalse();
      assertThat(last.reason()).isEqualTo("shutdown (omega)");
    }
  }

  /** Every result, passing or failing, reaches the listener, before the events it causes. */
  @Test
  void everyChecksResultReachesTheListenerBeforeItsEvents() throws Exception {
    BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    io.vigil.healthcheck.HealthListener listener =
        new io.vigil.healthcheck.HealthListener() {
          @Override
          public void onEvent(HealthEvent e) {
            seen.add(e.getClass().getSimpleName());
          }

          @Override
          public void onCheck(
              io.vigil.healthcheck.CheckerRef ref,
              CheckerKind kind,
              io.vigil.healthcheck.CheckResult r,
              long atNs) {
            seen.add(
                ref.realServerId() + " " + kind + " " + (r.up() ? "up " : "down ") + r.reason());
          }
        };
    try (TestHttpServer server = new TestHttpServer()) {
      HttpCheckSpec http =
          TestSpecs.httpGet(
              ConnectSpec.to(server.address()),
              fast(CheckerKind.HTTP_GET),
              List.of(TestSpecs.url("/health")));
      RealServerSpec rs = new RealServerSpec("rs1", 3, false, List.of(http));
      try (HealthEngine engine =
          new HealthEngine(
              List.of(rs),
              listener,
              new HealthEngine.Options(1, 2, System::nanoTime, new Random(1)))) {
        engine.start();
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("RealServerChanged"); // initial
        for (int i = 0; i < 3; i++) {
          assertThat(seen.poll(10, TimeUnit.SECONDS))
              .isEqualTo("rs1 HTTP_GET up HTTP ok on /health");
        }
        server.status = 503;
        String s;
        do {
          s = seen.poll(10, TimeUnit.SECONDS);
        } while ("rs1 HTTP_GET up HTTP ok on /health".equals(s));
        assertThat(s).isEqualTo("rs1 HTTP_GET down HTTP 503 on /health");
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("CheckFailed"); // its retry
        assertThat(seen.poll(10, TimeUnit.SECONDS))
            .isEqualTo("rs1 HTTP_GET down HTTP 503 on /health");
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("CheckerChanged");
        assertThat(seen.poll(10, TimeUnit.SECONDS)).isEqualTo("RealServerChanged");
      }
    }
  }

  /**
   * checkNow runs the selected checks at once: a BFD_CHECK told that its session changed answers
   * then, not a minute later at its next turn.
   */
  @Test
  void checkNowRunsTheSelectedChecksAtOnce() throws Exception {
    BlockingQueue<HealthEvent> events = new LinkedBlockingQueue<>();
    java.util.concurrent.atomic.AtomicBoolean up =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    io.vigil.healthcheck.spec.BfdCheckSpec bfd =
        new io.vigil.healthcheck.spec.BfdCheckSpec(
            "to_rs",
            TestSpecs.timing(CheckerKind.BFD_CHECK, 60_000 * MS).withWarmupNs(0).withRetry(0));
    RealServerSpec rs = new RealServerSpec("rs1", 1, false, List.of(bfd));
    try (HealthEngine engine =
        new HealthEngine(
            List.of(rs),
            events::add,
            new HealthEngine.Options(1, 2, System::nanoTime, new Random(1))
                .withBfdSessions(
                    name -> name.equals("to_rs") ? Optional.of(up.get()) : Optional.empty()))) {
      engine.checkNow(s -> true); // before start: nothing
      engine.start();
      assertThat(next(events).alive()).isTrue(); // initial state
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (engine.checksDone() < 1 && System.nanoTime() - deadline < 0) {
        Thread.sleep(10);
      }
      assertThat(engine.checksDone()).isEqualTo(1);
      up.set(false);
      engine.checkNow(s -> s instanceof MiscCheckSpec); // not selected: nothing runs
      engine.checkNow(
          s ->
              s instanceof io.vigil.healthcheck.spec.BfdCheckSpec b && b.session().equals("to_rs"));
      RealServerChanged down = next(events); // within 10 s, where its turn is 60 s away
      assertThat(down.alive()).isFalse();
      assertThat(down.reason()).isEqualTo("BFD_CHECK BFD to_rs is down");
      assertThat(engine.checksDone()).isEqualTo(2);
    }
  }

  /**
   * With BFD not run ({@code vigil run -B}) a BFD_CHECK keeps its initial state, as keepalived's
   * checker that no BFD event reaches: up, or down with {@code alpha}, through its checks.
   */
  @Test
  void withBfdNotRunABfdCheckKeepsItsInitialState() throws Exception {
    BlockingQueue<HealthEvent> events = new LinkedBlockingQueue<>();
    io.vigil.healthcheck.spec.CheckTiming timing =
        TestSpecs.timing(CheckerKind.BFD_CHECK, 50 * MS).withWarmupNs(0).withRetry(0);
    RealServerSpec plain =
        new RealServerSpec(
            "plain",
            1,
            false,
            List.of(new io.vigil.healthcheck.spec.BfdCheckSpec("to_rs", timing)));
    RealServerSpec alpha =
        new RealServerSpec(
            "alpha",
            1,
            false,
            List.of(new io.vigil.healthcheck.spec.BfdCheckSpec("to_rs", timing.withAlpha(true))));
    try (HealthEngine engine =
        new HealthEngine(
            List.of(plain, alpha),
            events::add,
            new HealthEngine.Options(1, 2, System::nanoTime, new Random(1))
                .withBfdSessions(name -> Optional.of(true)) // not asked: BFD does not run
                .withBfdNotRun())) {
      engine.start();
      java.util.Map<String, Boolean> initial = new java.util.HashMap<>();
      for (int i = 0; i < 2; i++) {
        RealServerChanged c = next(events);
        initial.put(c.realServerId(), c.alive());
      }
      assertThat(initial).containsEntry("plain", true).containsEntry("alpha", false);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (engine.checksDone() < 6 && System.nanoTime() - deadline < 0) {
        Thread.sleep(10);
      }
      assertThat(engine.checksDone()).isGreaterThanOrEqualTo(6); // three turns of both
      assertThat(events)
          .as("no verdict changed after the initial ones")
          .noneMatch(
              e -> e instanceof RealServerChanged || e instanceof HealthEvent.CheckerChanged);
    }
  }

  /**
   * A checker that never answers (a bug the guard is there for) is reported down once its timeouts
   * and the 5 s margin are over, and its checks go on: the next one is launched a delay_loop later.
   */
  @Test
  void aCheckerThatNeverAnswersIsDownAfterTheGuard() throws Exception {
    BlockingQueue<HealthEvent> events = new LinkedBlockingQueue<>();
    io.vigil.healthcheck.spec.TcpCheckSpec tcp =
        new io.vigil.healthcheck.spec.TcpCheckSpec(
            ConnectSpec.to(new java.net.InetSocketAddress("127.0.0.1", 9)),
            TestSpecs.timing(CheckerKind.TCP_CHECK, 200 * MS)
                .withWarmupNs(0)
                .withConnectTimeoutNs(100 * MS)
                .withRetry(0));
    RealServerSpec rs = new RealServerSpec("rs1", 1, false, List.of(tcp));
    java.util.concurrent.atomic.AtomicInteger launched =
        new java.util.concurrent.atomic.AtomicInteger();
    try (HealthEngine engine =
        new HealthEngine(
            List.of(rs),
            events::add,
            new HealthEngine.Options(1, 2, System::nanoTime, new Random(1)))) {
      engine.replaceChecker(
          new io.vigil.healthcheck.CheckerRef("rs1", 0), done -> launched.incrementAndGet());
      long start = System.nanoTime();
      engine.start();
      assertThat(next(events).reason()).isEqualTo("initial state");
      RealServerChanged down = next(events);
      long after = System.nanoTime() - start;
      assertThat(down.alive()).isFalse();
      assertThat(down.reason()).isEqualTo("TCP_CHECK checker did not answer within 5.1 s");
      assertThat(after).as("ns to the guard's verdict").isBetween(5_000 * MS, 9_000 * MS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (launched.get() < 2 && System.nanoTime() - deadline < 0) {
        Thread.sleep(20);
      }
      assertThat(launched.get()).as("checks launched").isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void reloadKeepsUnchangedServersQuietAndChecksNewOnes() throws Exception {
    BlockingQueue<HealthEvent> events = new LinkedBlockingQueue<>();
    try (TestHttpServer server = new TestHttpServer()) {
      HttpCheckSpec http =
          TestSpecs.httpGet(
              ConnectSpec.to(server.address()),
              fast(CheckerKind.HTTP_GET),
              List.of(TestSpecs.url("/")));
      RealServerSpec rs1 = new RealServerSpec("rs1", 1, false, List.of(http));
      try (HealthEngine engine =
          new HealthEngine(
              List.of(rs1),
              events::add,
              new HealthEngine.Options(1, 2, System::nanoTime, new Random(1)))) {
        engine.start();
        engine.whenSettled().get(10, TimeUnit.SECONDS);
        assertThat(next(events).realServerId()).isEqualTo("rs1");
        int closedPort;
        try (java.net.ServerSocket s =
            new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
          closedPort = s.getLocalPort();
        }
        io.vigil.healthcheck.spec.TcpCheckSpec tcp =
            new io.vigil.healthcheck.spec.TcpCheckSpec(
                ConnectSpec.to(
                    new java.net.InetSocketAddress(
                        java.net.InetAddress.getLoopbackAddress(), closedPort)),
                fast(CheckerKind.TCP_CHECK).withRetry(0));
        engine.reload(List.of(rs1, new RealServerSpec("rs2", 1, false, List.of(tcp))));
        assertThat(next(events))
            .extracting(RealServerChanged::realServerId, RealServerChanged::reason)
            .containsExactly("rs2", "added");
        RealServerChanged down = next(events);
        assertThat(down.realServerId()).isEqualTo("rs2");
        assertThat(down.reason()).isEqualTo("TCP_CHECK connection refused");
        // rs1 stayed as it was: no verdict about it
        assertThat(events)
            .noneMatch(e -> e instanceof RealServerChanged c && c.realServerId().equals("rs1"));
      }
    }
  }

  @Test
  void aDynamicScriptSetsTheWeightThroughTheEngine(@TempDir Path dir) throws Exception {
    Path w = dir.resolve("weight");
    Files.writeString(w, "12");
    Path script = dir.resolve("w.sh");
    Files.writeString(script, "#!/bin/sh\nexit $(cat " + w + ")\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    MiscCheckSpec misc =
        new MiscCheckSpec(
            List.of(script.toString()),
            2000 * MS,
            true,
            Optional.empty(),
            fast(CheckerKind.MISC_CHECK));
    BlockingQueue<HealthEvent> events = new LinkedBlockingQueue<>();
    try (HealthEngine engine =
        new HealthEngine(
            List.of(new RealServerSpec("rs", 1, false, List.of(misc))),
            events::add,
            new HealthEngine.Options(1, 2, System::nanoTime, new Random(1)))) {
      engine.start();
      engine.whenSettled().get(10, TimeUnit.SECONDS);
      assertThat(engine.checksDone()).isPositive();
      assertThat(next(events).weight()).isEqualTo(1);
      RealServerChanged w10 = next(events);
      assertThat(w10.alive()).isTrue();
      assertThat(w10.weight()).isEqualTo(10);
      Files.writeString(w, "1");
      RealServerChanged down = next(events);
      assertThat(down.alive()).isFalse();
      assertThat(down.reason()).isEqualTo("MISC_CHECK exit status 1");
      Files.writeString(w, "0");
      RealServerChanged up = next(events);
      assertThat(up.alive()).isTrue();
      assertThat(up.weight()).isEqualTo(1);
    }
  }

  /** The watchdog's view: a blocked event loop shows as quiet; once it runs again, as turning. */
  @Test
  void aBlockedEventLoopShowsAsQuietUntilItTurnsAgain() throws Exception {
    HealthEngine engine =
        new HealthEngine(
            List.of(), e -> {}, new HealthEngine.Options(1, 2, System::nanoTime, new Random(1)));
    try {
      assertThat(engine.quietForNs(System.nanoTime())).isZero(); // not started
      engine.start();
      assertThat(engine.quietForNs(System.nanoTime())).isZero();

      java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
      engine.transport().group().forEach(loop -> loop.execute(() -> awaitQuietly(release)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (engine.quietForNs(System.nanoTime()) == 0 && System.nanoTime() - deadline < 0) {
        Thread.sleep(20);
      }
      assertThat(engine.quietForNs(System.nanoTime())).isPositive();

      release.countDown();
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (engine.quietForNs(System.nanoTime()) > 0 && System.nanoTime() - deadline < 0) {
        Thread.sleep(20);
      }
      assertThat(engine.quietForNs(System.nanoTime())).isZero();
    } finally {
      engine.close();
    }
    assertThat(engine.quietForNs(System.nanoTime())).isZero(); // closed
  }

  private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
