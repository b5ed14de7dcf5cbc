package io.vigil.lab;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A network namespace of the lab: a test host. Created by {@link NetLab#netns(String)}. */
public final class Netns {
  private final NetLab lab;
  private final String name;

  Netns(NetLab lab, String name) {
    this.lab = lab;
    this.name = name;
  }

  /** The real namespace name, for {@code ip netns exec NAME ...}. */
  public String name() {
    return name;
  }

  /**
   * Plugs this host into {@code bridge} with a veth pair whose end in this namespace is {@code
   * ifname}; adds the given addresses (IPv4 or IPv6 CIDR; IPv6 without duplicate address detection,
   * so they are usable at once) and brings everything up.
   */
  public Netns attach(Bridge bridge, String ifname, String... cidrs) {
    String port = bridge.nextPortName();
    Commands.ip(
        "-n",
        name,
        "link",
        "add",
        ifname,
        "type",
        "veth",
        "peer",
        "name",
        port,
        "netns",
        bridge.namespace());
    Commands.ip(
        "-n", bridge.namespace(), "link", "set", "dev", port, "master", bridge.device(), "up");
    up(ifname);
    for (String cidr : cidrs) {
      addr(ifname, cidr);
    }
    return this;
  }

  /** Adds an address (CIDR) to an interface of this namespace. */
  public Netns addr(String ifname, String cidr) {
    if (cidr.indexOf(':') >= 0) {
      Commands.ip("-n", name, "addr", "add", cidr, "dev", ifname, "nodad");
    } else {
      Commands.ip("-n", name, "addr", "add", cidr, "dev", ifname);
    }
    return this;
  }

  /** Sets an interface up. */
  public Netns up(String ifname) {
    Commands.ip("-n", name, "link", "set", "dev", ifname, "up");
    return this;
  }

  /** Sets an interface down (a cut cable, as far as the tests are concerned). */
  public Netns down(String ifname) {
    Commands.ip("-n", name, "link", "set", "dev", ifname, "down");
    return this;
  }

  /** Runs a command in this namespace and waits for it (at most a minute). */
  public ExecResult exec(String... argv) {
    return Commands.run(inside(List.of(argv)));
  }

  /** Runs one shell line in this namespace; throws unless it exits 0; returns its stdout. */
  public String sh(String line) {
    return exec("sh", "-c", line).orThrow("[" + name + "] " + line);
  }

  /**
   * Starts a command in this namespace in the background, in its own process group. The lab kills
   * the group when the test class ends if the test has not.
   */
  public NsProcess start(String... argv) {
    List<String> full = new ArrayList<>(inside(List.of(argv)));
    // setsid makes the command a process-group leader with the same pid: killTree() reaches all.
    full.add(4, "setsid");
    try {
      Process p =
          new ProcessBuilder(full)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.from(Commands.devNull()))
              .start();
      NsProcess np = new NsProcess(full, p);
      lab.track(np);
      return np;
    } catch (IOException e) {
      throw new LabException("cannot start " + full, e);
    }
  }

  private List<String> inside(List<String> argv) {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", name));
    full.addAll(argv);
    return full;
  }

  @Override
  public String toString() {
    return name;
  }
}
