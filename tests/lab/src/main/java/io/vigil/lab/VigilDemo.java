package io.vigil.lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live demo ({@code bin/vigil-demo}, inside the lab VM): runs {@link E2eScenario} in one or all
 * forwarding modes and narrates it: each step with a timestamp, which director is master, the
 * master's IPVS table when it changes, and a running tally of which real server answered; then PASS
 * or FAIL per step and the measured figures. Exits 0 when every step passed, 1 otherwise, 2 on bad
 * arguments.
 *
 * <pre>
 * VigilDemo [--mode nat|dr|tun|all] [--nopreempt] [--wait SECONDS] [--started FILE] VIGIL...
 * </pre>
 *
 * VIGIL is how to run the vigil CLI (e.g. the path of bin/vigil); --started names a file to create
 * once this JVM runs (bin/vigil-demo stops its boot progress then).
 */
public final class VigilDemo implements E2eScenario.Listener {
  private static final long TALLY_EVERY_NS = 1_000_000_000L;
  private static final long TABLE_EVERY_NS = 2_000_000_000L;
  private static final int RECENT = 30;

  private final PrintStream out;
  private final long t0Ns = System.nanoTime();
  private String lastTally = "";
  private long lastTallyNs;
  private String lastTable = "";
  private long lastTableNs;

  VigilDemo(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws IOException {
    List<LvsTopology.Mode> modes = List.of(LvsTopology.Mode.NAT);
    boolean preempt = true;
    Duration wait = Duration.ofSeconds(240);
    List<String> vigil = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--mode" -> {
          String m = i + 1 < args.length ? args[++i].toUpperCase(Locale.ROOT) : "";
          if (m.equals("ALL")) {
            modes = List.of(LvsTopology.Mode.values());
          } else if (List.of("NAT", "DR", "TUN").contains(m)) {
            modes = List.of(LvsTopology.Mode.valueOf(m));
          } else {
            usage("--mode takes nat, dr, tun or all");
          }
        }
        case "--nopreempt" -> preempt = false;
        case "--wait" -> wait = Duration.ofSeconds(Long.parseLong(args[++i]));
        case "--started" -> Files.writeString(Path.of(args[++i]), "started\n");
        default -> vigil.addAll(List.of(args).subList(i, args.length));
      }
      if (!vigil.isEmpty()) {
        break;
      }
    }
    if (vigil.isEmpty()) {
      usage("no vigil command");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    boolean allPassed = true;
    List<String> summary = new ArrayList<>();
    for (LvsTopology.Mode mode : modes) {
      VigilDemo demo = new VigilDemo(out);
      out.printf(
          "%n=== Vigil end to end, %s mode (%s) ===%n", mode, preempt ? "preempt" : "nopreempt");
      E2eScenario s = new E2eScenario(mode, preempt, vigil, wait, demo);
      List<E2eScenario.StepResult> results = s.run();
      out.printf("%n--- %s: result ---%n", mode);
      for (E2eScenario.StepResult r : results) {
        out.printf("%-7s %2d. %s%n", r.outcome(), r.number(), r.title());
        allPassed &= r.outcome() == E2eScenario.Outcome.PASS;
      }
      out.printf("%n--- %s: figures ---%n%s", mode, s.figuresText());
      long passed = results.stream().filter(r -> r.outcome() == E2eScenario.Outcome.PASS).count();
      summary.add(mode + " " + passed + "/" + results.size() + " steps passed");
    }
    out.printf("%n%s: %s%n", allPassed ? "PASS" : "FAIL", String.join(", ", summary));
    System.exit(allPassed ? 0 : 1);
  }

  private static void usage(String why) {
    System.err.println("vigil-demo: " + why);
    System.err.println(
        "usage: VigilDemo [--mode nat|dr|tun|all] [--nopreempt] [--wait SECONDS]"
            + " [--started FILE] VIGIL...");
    System.exit(2);
  }

  private String stamp() {
    return String.format("[%6.1fs]", (System.nanoTime() - t0Ns) / 1e9);
  }

  @Override
  public void step(int number, String title) {
    out.printf("%n%s step %d: %s%n", stamp(), number, title);
  }

  @Override
  public void say(String line) {
    out.printf("%s   %s%n", stamp(), line);
  }

  @Override
  public void result(E2eScenario.StepResult r) {
    out.printf("%s   %s  %s%n", stamp(), r.outcome(), r.detail().replace("\n", "\n           "));
  }

  @Override
  public void tick(E2eScenario s) {
    long now = System.nanoTime();
    if (now - lastTallyNs >= TALLY_EVERY_NS) {
      lastTallyNs = now;
      String line = tallyLine(s);
      if (!line.equals(lastTally)) {
        lastTally = line;
        out.printf("%s   %s%n", stamp(), line);
      }
    }
    if (now - lastTableNs >= TABLE_EVERY_NS) {
      lastTableNs = now;
      String table = s.masterTable();
      String shape = table.replaceAll("(?m)\\s+\\d+\\s+\\d+$", "");
      if (!table.isEmpty() && !shape.equals(lastTable)) {
        lastTable = shape;
        out.printf("%s   IPVS on dir%d (the master):%n", stamp(), s.master());
        for (String l : table.split("\n")) {
          out.printf("             %s%n", l);
        }
      }
    }
  }

  /** "dir1 MASTER, dir2 BACKUP | rs1 12 ##.. | ... | failed 0 | recent 3231x". */
  private static String tallyLine(E2eScenario s) {
    Map<String, Integer> tally = s.tally();
    int total = tally.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder b = new StringBuilder();
    b.append("dir1 ").append(s.directorState(1)).append(", dir2 ").append(s.directorState(2));
    tally.forEach(
        (name, count) -> {
          b.append(" | ").append(name).append(' ').append(count);
          if (!name.equals("failed") && total > 0) {
            int bar = (int) Math.round(12.0 * count / total);
            b.append(' ').append("#".repeat(bar)).append(".".repeat(12 - bar));
          }
        });
    b.append(" | recent ").append(s.recentAnswers(RECENT));
    return b.toString();
  }
}
