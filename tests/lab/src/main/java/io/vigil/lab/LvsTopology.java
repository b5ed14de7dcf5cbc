package io.vigil.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classic LVS topology, in namespaces: a client, two directors and N real servers.
 *
 * <pre>
 *  front 198.51.100.0/24:  client .100   dir1 .1   dir2 .2   VIP .10 (held by the VRRP master)
 *                          [DR, TUN: real servers .11, .12, ... here too, replying straight to the client]
 *  back  203.0.113.0/24:   dir1 .1   dir2 .2   gateway VIP .254   [NAT: real servers .11, .12, ...]
 * </pre>
 *
 * <p>NAT: the real servers route through the back gateway VIP, so replies pass the master director.
 * DR: the VIP sits on each real server's loopback with arp_ignore=1 / arp_announce=2. TUN: the VIP
 * sits on each real server's tunl0 (ipip) with reverse-path filtering off. Every real server runs
 * {@code realserver.py}, answering GET / with its own name on port 80.
 */
public final class LvsTopology {
  /** How the directors forward to the real servers. */
  public enum Mode {
    NAT,
    DR,
    TUN
  }

  public static final String VIP = "198.51.100.10";
  public static final String BACK_VIP = "203.0.113.254";
  public static final String CLIENT = "198.51.100.100";
  public static final int PORT = 80;

  private final NetLab lab;
  private final Mode mode;
  private final Netns client;
  private final List<Netns> directors = new ArrayList<>();
  private final List<Netns> reals = new ArrayList<>();
  private final List<String> realAddresses = new ArrayList<>();
  private final NsProcess[] realServers;
  private final Path script;

  private LvsTopology(NetLab lab, Mode mode, int realCount) {
    this.lab = lab;
    this.mode = mode;
    this.script = extractScript("realserver.py");
    this.realServers = new NsProcess[realCount];
    Bridge front = lab.bridge("front");
    Bridge back = lab.bridge("back");
    client = lab.netns("client").attach(front, "eth0", CLIENT + "/24");
    for (int d = 1; d <= 2; d++) {
      Netns dir = lab.netns("dir" + d);
      dir.attach(front, "eth0", "198.51.100." + d + "/24");
      dir.attach(back, "eth1", "203.0.113." + d + "/24");
      // As an LVS director should be set: a connection whose real server was removed is ended
      // at its next packet (expire_nodest_conn), and in DR and TUN, where the director sees only
      // the client's half, a SYN that reuses the client port of a connection in FIN_WAIT is
      // scheduled afresh (conn_reuse_mode bit 2). Without them the kernel drops, for two
      // minutes, every SYN from a client port it last saw going to a removed real server.
      dir.sh(
          "sysctl -qw net.ipv4.ip_forward=1 net.ipv4.vs.expire_nodest_conn=1"
              + " net.ipv4.vs.conn_reuse_mode=3");
      directors.add(dir);
    }
    for (int r = 1; r <= realCount; r++) {
      Netns rs = lab.netns("rs" + r);
      String addr;
      switch (mode) {
        case NAT -> {
          addr = "203.0.113." + (10 + r);
          rs.attach(back, "eth0", addr + "/24");
          rs.sh("ip route add default via " + BACK_VIP);
        }
        case DR -> {
          addr = "198.51.100." + (10 + r);
          rs.sh("sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2");
          rs.attach(front, "eth0", addr + "/24");
          rs.addr("lo", VIP + "/32");
        }
        case TUN -> {
          addr = "198.51.100." + (10 + r);
          rs.sh(
              "sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2"
                  + " net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0");
          rs.attach(front, "eth0", addr + "/24");
          rs.sh("ip link set dev tunl0 up && sysctl -qw net.ipv4.conf.tunl0.rp_filter=0");
          rs.addr("tunl0", VIP + "/32");
        }
        default -> throw new IllegalStateException(mode.toString());
      }
      reals.add(rs);
      realAddresses.add(addr);
    }
  }

  /** Builds the topology in {@code lab}'s namespaces. */
  public static LvsTopology build(NetLab lab, Mode mode, int realCount) {
    return new LvsTopology(lab, mode, realCount);
  }

  public Mode mode() {
    return mode;
  }

  public Netns client() {
    return client;
  }

  /** Director 1 or 2. */
  public Netns director(int n) {
    return directors.get(n - 1);
  }

  /** Real server 1..N. */
  public Netns real(int n) {
    return reals.get(n - 1);
  }

  /** The name real server n answers with. */
  public static String realName(int n) {
    return "rs" + n;
  }

  public String realAddress(int n) {
    return realAddresses.get(n - 1);
  }

  public int realCount() {
    return reals.size();
  }

  /** The IPVS forwarding flag for ipvsadm (-m, -g, -i). */
  public String ipvsadmForwarding() {
    return switch (mode) {
      case NAT -> "-m";
      case DR -> "-g";
      case TUN -> "-i";
    };
  }

  /** Starts every real server's HTTP responder and waits (bounded) until each listens. */
  public void startRealServers(Duration timeout) {
    for (int n = 1; n <= reals.size(); n++) {
      startRealServer(n);
    }
    for (NsProcess p : realServers) {
      p.awaitOutput(LISTENING, timeout);
    }
  }

  private static final Pattern LISTENING = Pattern.compile("^listening ", Pattern.MULTILINE);

  /** Starts real server n's responder (it prints "listening ..." when ready). */
  public NsProcess startRealServer(int n) {
    NsProcess p =
        real(n).start("python3", "-u", script.toString(), realName(n), "0.0.0.0", "" + PORT);
    realServers[n - 1] = p;
    return p;
  }

  /** Starts real server n's responder again after {@link #stopRealServer} and waits for it. */
  public void restartRealServer(int n, Duration timeout) {
    startRealServer(n).awaitOutput(LISTENING, timeout);
  }

  /** Stops real server n's responder (SIGKILL): its port refuses connections from now on. */
  public void stopRealServer(int n, Duration timeout) {
    NsProcess p = realServers[n - 1];
    if (p != null) {
      p.killTree();
      p.waitFor(timeout);
    }
  }

  /** The real server's responder (its output has a "peer ADDRESS ..." line per request). */
  public NsProcess realServer(int n) {
    return realServers[n - 1];
  }

  /**
   * Starts the client's request loop ({@code loadclient.py}: one GET to the VIP at a time, a line
   * per request); it stops by itself after {@code maxCount} requests or {@code maxSeconds}. With
   * {@code hold}, every request goes over one kept-alive connection and the first error ends it.
   */
  public NsProcess startClientLoad(
      int intervalMs, int timeoutMs, int maxCount, int maxSeconds, boolean hold) {
    Path load = extractScript("loadclient.py");
    List<String> argv =
        new ArrayList<>(
            List.of(
                "python3",
                "-u",
                load.toString(),
                VIP,
                "" + PORT,
                "" + intervalMs,
                "" + timeoutMs,
                "" + maxCount,
                "" + maxSeconds));
    if (hold) {
      argv.add("--hold");
    }
    return client.start(argv.toArray(String[]::new));
  }

  /** The MAC address of an interface in a namespace. */
  public static String mac(Netns ns, String ifname) {
    String link = ns.sh("ip -o link show dev " + ifname);
    Matcher m = Pattern.compile("link/ether (\\S+)").matcher(link);
    if (!m.find()) {
      throw new LabException("no MAC address on " + ns + " " + ifname + ": " + link);
    }
    return m.group(1);
  }

  /** Makes real server n answer {@code code} (e.g. 503) until {@link #heal(int)}. */
  public void failHealth(int n, int code) {
    real(n).sh("echo " + code + " > /tmp/realserver-" + realName(n) + ".status");
  }

  public void heal(int n) {
    real(n).sh("rm -f /tmp/realserver-" + realName(n) + ".status");
  }

  /**
   * One HTTP/1.0 request from the client's port {@code localPort} to the VIP, read to the real
   * server's close (not to its Content-Length), so that the server closes first and the port is
   * free again at once: a client that closed first would hold it in FIN-WAIT or TIME-WAIT, and
   * curl's next bind to it would fail (exit 45, seen as no answer). The answering real server's
   * name, or null.
   */
  public String requestFromClientPort(Duration timeout, int localPort) {
    return request(
        timeout, "-0", "--ignore-content-length", "--local-port", Integer.toString(localPort));
  }

  /** One request from the client to the VIP: the answering real server's name, or null. */
  public String requestFromClient(Duration timeout) {
    return request(timeout);
  }

  private String request(Duration timeout, String... options) {
    List<String> argv = new ArrayList<>(List.of("curl", "-s"));
    argv.addAll(List.of(options));
    argv.addAll(
        List.of(
            "--max-time",
            Long.toString(Math.max(1, timeout.toSeconds())),
            "http://" + VIP + ":" + PORT + "/"));
    ExecResult r = client.exec(argv.toArray(String[]::new));
    return r.ok() ? r.stdout().strip() : null;
  }

  /** The lab's resource {@code name} (a script) as a temporary file, deleted when the JVM exits. */
  static Path extractScript(String name) {
    try (InputStream in = LvsTopology.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new LabException(name + " missing from the lab's resources");
      }
      Path p = Files.createTempFile("vigil-" + name.replace(".py", ""), ".py");
      Files.copy(in, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      p.toFile().deleteOnExit();
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return "LvsTopology["
        + mode
        + ", "
        + reals.size()
        + " real servers, lab "
        + lab.namespaces()
        + "]";
  }
}
