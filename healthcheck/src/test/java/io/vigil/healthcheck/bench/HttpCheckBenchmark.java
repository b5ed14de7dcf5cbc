package io.vigil.healthcheck.bench;

import io.vigil.healthcheck.HealthEvent;
import io.vigil.healthcheck.HealthEvent.RealServerChanged;
import io.vigil.healthcheck.net.HealthEngine;
import io.vigil.healthcheck.spec.CheckTiming;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.HttpCheckSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.healthcheck.spec.TestSpecs;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: N real servers checked with HTTP_GET at a 1 s delay_loop, measuring this JVM's CPU
 * seconds per 10,000 checks, heap after GC and RSS, appended to a results file. The servers run in
 * a child JVM ({@link BenchHttpServers}).
 *
 * <pre>
 * mvn -B -ntp -o -pl healthcheck -am test-compile -DskipTests
 * mvn -B -ntp -o -q -pl healthcheck dependency:build-classpath -Dmdep.outputFile=/tmp/hc-cp.txt
 * java -cp healthcheck/target/classes:healthcheck/target/test-classes:$(cat /tmp/hc-cp.txt) \
 *   io.vigil.healthcheck.bench.HttpCheckBenchmark 10000 30 healthcheck/bench/results.txt 20
 *   (servers, measured seconds, results file, warmup seconds before measuring)
 * </pre>
 */
public final class HttpCheckBenchmark {
  private HttpCheckBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    Path out = Path.of(args.length > 2 ? args[2] : "benchmark-results.txt");
    int warmupS = args.length > 3 ? Integer.parseInt(args[3]) : 20;

    Process servers =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                BenchHttpServers.class.getName(),
                String.valueOf(n))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader r =
          new BufferedReader(
              new InputStreamReader(servers.getInputStream(), StandardCharsets.US_ASCII));
      String ready = r.readLine();
      if (ready == null || !ready.startsWith("READY")) {
        throw new IllegalStateException("servers did not start: " + ready);
      }
      run(n, seconds, warmupS, out);
    } finally {
      servers.getOutputStream().close();
      if (!servers.waitFor(10, TimeUnit.SECONDS)) {
        servers.destroyForcibly();
      }
    }
  }

  private static void run(int n, int seconds, int warmupS, Path out) throws Exception {
    long loopNs = TimeUnit.SECONDS.toNanos(1);
    CheckTiming timing = TestSpecs.timing(CheckerKind.HTTP_GET, loopNs);
    List<RealServerSpec> specs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HttpCheckSpec http =
          TestSpecs.httpGet(
              ConnectSpec.to(BenchHttpServers.address(i)), timing, List.of(TestSpecs.url("/")));
      specs.add(new RealServerSpec("rs" + i, 1, false, List.of(http)));
    }
    AtomicLong downs = new AtomicLong();
    AtomicLong failures = new AtomicLong();
    java.util.concurrent.ConcurrentHashMap<String, AtomicLong> reasons =
        new java.util.concurrent.ConcurrentHashMap<>();
    HealthEngine engine =
        new HealthEngine(
            specs,
            (HealthEvent e) -> {
              if (e instanceof RealServerChanged c && !c.alive()) {
                downs.incrementAndGet();
              } else if (e instanceof HealthEvent.CheckFailed f) {
                failures.incrementAndGet();
                reasons.computeIfAbsent(f.reason(), k -> new AtomicLong()).incrementAndGet();
              }
            },
            new HealthEngine.Options(1, 8, System::nanoTime, new Random()));
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    try {
      engine.start();
      // warmup spreads the first checks over one delay_loop; the JIT needs longer to settle
      Thread.sleep(warmupS * 1000L);
      long cpu0 = os.getProcessCpuTime();
      long checks0 = engine.checksDone();
      long t0 = System.nanoTime();
      Thread.sleep(seconds * 1000L);
      long cpuNs = os.getProcessCpuTime() - cpu0;
      long checks = engine.checksDone() - checks0;
      double wallS = (System.nanoTime() - t0) / 1e9;
      System.gc();
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      String rss =
          Files.readAllLines(Path.of("/proc/self/status")).stream()
              .filter(l -> l.startsWith("VmRSS:"))
              .findFirst()
              .orElse("VmRSS: ?")
              .replaceAll("\\s+", " ");
      String line =
          String.format(
              java.util.Locale.ROOT,
              "%s vigil HTTP_GET servers=%d delay_loop=1s transport=%s warmup=%ds window=%.1fs checks=%d"
                  + " checks/s=%.0f cpu_s=%.2f cpu_s_per_10k_checks=%.3f heap_after_gc_MiB=%.1f %s"
                  + " failed_checks=%d downs=%d load=%.1f cores=%d%n",
              Instant.now(),
              n,
              engine.transport().epoll() ? "epoll" : "nio",
              warmupS,
              wallS,
              checks,
              checks / wallS,
              cpuNs / 1e9,
              checks == 0 ? Double.NaN : cpuNs / 1e9 / checks * 10_000,
              heap / 1048576.0,
              rss,
              failures.get(),
              downs.get(),
              os.getSystemLoadAverage(),
              Runtime.getRuntime().availableProcessors());
      if (!reasons.isEmpty()) {
        line = line.stripTrailing() + " reasons=" + reasons + System.lineSeparator();
      }
      System.out.print(line);
      Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } finally {
      engine.close();
    }
  }
}
