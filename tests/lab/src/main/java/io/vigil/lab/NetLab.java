package io.vigil.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Throwaway network topologies for JUnit 5 tests: namespaces as hosts, bridges as switches, veth
 * pairs as cables, and commands run inside a namespace.
 *
 * <pre>{@code
 * @RegisterExtension static final NetLab lab = new NetLab();
 * Netns a = lab.netns("a"), b = lab.netns("b");
 * Bridge lan = lab.bridge("lan");
 * a.attach(lan, "eth0", "192.0.2.1/24");
 * b.attach(lan, "eth0", "192.0.2.2/24");
 * a.sh("ping -c1 -W2 192.0.2.2");
 * }</pre>
 *
 * <p>Every namespace of a run is named {@code vl<pid>-<name>}. Teardown is guaranteed three ways:
 * after the test class (or method, for a non-static extension), in a JVM shutdown hook, and for a
 * JVM that was killed, by the next run, which deletes every {@code vl<pid>-} namespace whose pid is
 * no longer alive. Without root the tests are skipped with a one-line reason.
 */
public final class NetLab
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final String PREFIX = "vl" + ProcessHandle.current().pid() + "-";
  private static final Pattern LAB_NETNS = Pattern.compile("^vl(\\d+)-\\S+");
  private static final AtomicInteger BRIDGES = new AtomicInteger();
  private static final List<NetLab> LIVE = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(NetLab::teardown), "netlab-teardown"));
  }

  private final List<String> namespaces = new CopyOnWriteArrayList<>();
  private final List<NsProcess> processes = new CopyOnWriteArrayList<>();
  private boolean classScoped;

  /** Why the lab cannot run here, or null when it can. */
  public static String unavailableReason() {
    if (!isRoot()) {
      return "network-namespace lab needs root (run the tests as root, as CI does)";
    }
    if (Commands.run(List.of("ip", "-V")).exitCode() != 0) {
      return "network-namespace lab needs iproute2's ip command";
    }
    return null;
  }

  /** True when this JVM runs as uid 0. */
  public static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2].equals("0"); // effective uid
        }
      }
    } catch (IOException e) {
      return false;
    }
    return false;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    classScoped = true;
    prepare();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!classScoped) {
      prepare();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!classScoped) {
      teardown();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    teardown();
  }

  private void prepare() {
    String reason = unavailableReason();
    Assumptions.assumeTrue(reason == null, reason);
    sweepStale();
    LIVE.add(this);
  }

  /** Creates a namespace (a test host) with loopback up. */
  public Netns netns(String name) {
    String full = PREFIX + name;
    Commands.ip("netns", "add", full);
    namespaces.add(full);
    Commands.ip("-n", full, "link", "set", "lo", "up");
    return new Netns(this, full);
  }

  /** Creates a bridge, in a namespace of its own, with snooping and forwarding delay off. */
  public Bridge bridge(String name) {
    String ns = PREFIX + "sw" + BRIDGES.incrementAndGet() + "-" + name;
    Commands.ip("netns", "add", ns);
    namespaces.add(ns);
    Commands.ip(
        "-n",
        ns,
        "link",
        "add",
        "name",
        "sw0",
        "type",
        "bridge",
        "forward_delay",
        "0",
        "mcast_snooping",
        "0");
    Commands.ip("-n", ns, "link", "set", "dev", "sw0", "up");
    return new Bridge(ns);
  }

  /** A direct cable between two hosts: {@code ifA} in {@code a}, {@code ifB} in {@code b}, up. */
  public void veth(Netns a, String ifA, Netns b, String ifB) {
    Commands.ip(
        "-n", a.name(), "link", "add", "name", ifA, "type", "veth", "peer", "name", ifB, "netns",
        b.name());
    a.up(ifA);
    b.up(ifB);
  }

  /** The namespaces this lab made and has not yet deleted. */
  public List<String> namespaces() {
    return List.copyOf(namespaces);
  }

  void track(NsProcess p) {
    processes.add(p);
  }

  /** Kills what the tests started and deletes every namespace; safe to call more than once. */
  public void teardown() {
    for (NsProcess p : processes) {
      p.close();
    }
    processes.clear();
    List<String> left = new ArrayList<>(namespaces);
    namespaces.clear();
    for (String ns : left) {
      deleteNetns(ns);
    }
    LIVE.remove(this);
  }

  /** Deletes lab namespaces left by runs whose JVM is gone (killed before it could clean up). */
  static int sweepStale() {
    int removed = 0;
    ExecResult r = Commands.run(List.of("ip", "netns", "list"));
    for (String line : r.stdout().split("\n")) {
      Matcher m = LAB_NETNS.matcher(line.strip());
      if (!m.find()) {
        continue;
      }
      long pid = Long.parseLong(m.group(1));
      if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty()) {
        deleteNetns(m.group().split("\\s")[0]);
        removed++;
      }
    }
    return removed;
  }

  private static void deleteNetns(String ns) {
    // Kill anything still running inside, then delete; veths and bridges go with the namespace.
    ExecResult pids = Commands.run(List.of("ip", "netns", "pids", ns));
    for (String pid : pids.stdout().split("\\s+")) {
      if (!pid.isBlank()) {
        Commands.run(List.of("kill", "-s", "KILL", pid));
      }
    }
    Commands.run(List.of("ip", "netns", "delete", ns));
  }
}
