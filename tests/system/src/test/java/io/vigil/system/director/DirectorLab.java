package io.vigil.system.director;

import io.vigil.lab.LvsTopology;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import io.vigil.system.lab.VigilCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the director VM tests share on top of {@link LvsTopology}: keepalived.conf pieces, the
 * daemon, the kernel's counters as ipvsadm prints them, the daemon's metrics, and a client holding
 * one TCP connection open through the VIP.
 */
final class DirectorLab {
  /** Generous: under TCG on a busy host a JVM start alone can take minutes. */
  static final Duration WAIT = Duration.ofSeconds(420);

  static final String SERVICE = "TCP " + LvsTopology.VIP + ":80";
  static final String VS = "-t " + LvsTopology.VIP + ":80";

  private DirectorLab() {}

  /** A NAT real server block with an HTTP_GET check on / . */
  static String realServer(
      String address, int weight, String extra, int retry, int delayBeforeRetry) {
    return "  real_server "
        + address
        + " 80 {\n    weight "
        + weight
        + "\n"
        + (extra.isEmpty() ? "" : "    " + extra + "\n")
        + "    HTTP_GET {\n      url {\n        path /\n        status_code 200\n      }\n"
        + "      connect_timeout 3\n      retry "
        + retry
        + "\n      delay_before_retry "
        + delayBeforeRetry
        + "\n    }\n  }\n";
  }

  static Path writeConfig(String text) throws java.io.IOException {
    Path conf = Files.createTempFile("vigil-director", ".conf");
    Files.writeString(conf, text);
    return conf;
  }

  /** Starts {@code vigil run ARGS...} in {@code ns} and waits until it says it is running. */
  static NsProcess startDaemon(Netns ns, String... args) {
    NsProcess p = ns.start(VigilCli.argv(args));
    p.awaitOutput(Pattern.compile("vigil running: "), WAIT);
    return p;
  }

  static long await(BooleanSupplier cond, String what, NsProcess daemon) {
    return VigilCli.await(cond, what, WAIT, daemon::output);
  }

  /** Occurrences of {@code text} in the daemon's output. */
  static int count(NsProcess p, String text) {
    return p.output().split(Pattern.quote(text), -1).length - 1;
  }

  /**
   * The kernel's counters of one destination ({@code address:port}) of {@link #SERVICE}: conns, in
   * packets, out packets, in bytes, out bytes (ipvsadm -Ln --stats --exact), then its weight
   * (ipvsadm -Ln); null when absent.
   */
  static long[] destinationStats(Netns dir, String destination) {
    long[] v = new long[6];
    String[] f = destinationLine(dir.sh("ipvsadm -Ln --stats --exact " + VS), destination);
    if (f == null || f.length != 7) {
      return null;
    }
    for (int i = 0; i < 5; i++) {
      v[i] = Long.parseLong(f[2 + i]);
    }
    f = destinationLine(dir.sh("ipvsadm -Ln " + VS), destination);
    if (f == null) {
      return null;
    }
    v[5] = Long.parseLong(f[3]);
    return v;
  }

  private static String[] destinationLine(String ipvsadm, String destination) {
    for (String line : ipvsadm.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 4 && f[0].equals("->") && f[1].equals(destination)) {
        return f;
      }
    }
    return null;
  }

  /** One page of the daemon's status endpoint (default port), fetched inside {@code dir}. */
  static String get(Netns dir, String path) {
    return dir.sh("curl -s --max-time 20 http://127.0.0.1:9180" + path);
  }

  /** The daemon's /metrics as sample line (name and labels) to value. */
  static Map<String, Double> metrics(Netns dir) {
    Map<String, Double> m = new HashMap<>();
    for (String line : get(dir, "/metrics").split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int sp = line.lastIndexOf(' ');
      m.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
    }
    return m;
  }

  /** The sum of every sample of a family. */
  static double sum(Map<String, Double> metrics, String family) {
    double s = 0;
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      String k = e.getKey();
      if (k.equals(family) || k.startsWith(family + "{")) {
        s += e.getValue();
      }
    }
    return s;
  }

  static String destLabel(String destination) {
    return "{service=\"" + SERVICE + "\",destination=\"" + destination + "\"}";
  }

  /**
   * The IPVS connection entries of the VIP as "client-port destination state" strings ({@code
   * ipvsadm -Lnc}).
   */
  static List<String> connections(Netns dir) {
    List<String> out = new ArrayList<>();
    for (String line : dir.sh("ipvsadm -Lnc").split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 6 && f[0].equals("TCP") && f[4].equals(LvsTopology.VIP + ":80")) {
        String port = f[3].substring(f[3].lastIndexOf(':') + 1);
        out.add(port + " " + f[5] + " " + f[2]);
      }
    }
    return out;
  }

  /**
   * A client holding one TCP connection to the VIP: it sends an HTTP request line at once and the
   * blank line that completes it only when released, so the answer travels over a connection that
   * was opened before whatever happened in between.
   */
  static final class Held {
    private static final String SCRIPT =
        """
        import os, socket, sys, time
        s = socket.create_connection((sys.argv[1], 80), timeout=30)
        s.sendall(b"GET / HTTP/1.0\\r\\n")
        print("held %d" % s.getsockname()[1], flush=True)
        end = time.time() + 900
        while not os.path.exists(sys.argv[2]):
            if time.time() > end:
                print("never released", flush=True)
                sys.exit(2)
            time.sleep(0.1)
        s.settimeout(60)
        s.sendall(b"\\r\\n")
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        print("answer %s" % data.split(b"\\r\\n\\r\\n", 1)[-1].decode().strip(), flush=True)
        """;

    final NsProcess process;
    final int port;
    private final Path release;

    private Held(NsProcess process, int port, Path release) {
      this.process = process;
      this.port = port;
      this.release = release;
    }

    static Held open(Netns client) throws java.io.IOException {
      Path release = Files.createTempFile("vigil-held", ".go");
      Files.delete(release);
      NsProcess p = client.start("python3", "-c", SCRIPT, LvsTopology.VIP, release.toString());
      Matcher m = p.awaitOutput(Pattern.compile("held (\\d+)"), WAIT);
      return new Held(p, Integer.parseInt(m.group(1)), release);
    }

    /** Completes the request; returns the name of the real server that answered. */
    String release() throws java.io.IOException {
      Files.createFile(release);
      return process.awaitOutput(Pattern.compile("answer (\\S*)"), WAIT).group(1);
    }

    /** The destination the kernel scheduled this connection to, from ipvsadm -Lnc, or null. */
    String destination(Netns dir) {
      for (String c : connections(dir)) {
        String[] f = c.split(" ");
        if (f[0].equals(Integer.toString(port))) {
          return f[1];
        }
      }
      return null;
    }

    /** Its connection entry's state (ESTABLISHED), or null when the kernel has none. */
    String state(Netns dir) {
      for (String c : connections(dir)) {
        String[] f = c.split(" ");
        if (f[0].equals(Integer.toString(port))) {
          return f[2];
        }
      }
      return null;
    }
  }
}
