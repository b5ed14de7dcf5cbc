package io.vigil.config;

import java.io.IOException;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What a check may ask about the host: the node's config id (for {@code @id} lines), whether an
 * interface exists, whether a script's program exists, and whether a file (the {@code SSL} block's)
 * can be read. Tests pass fixed answers.
 *
 * @param configId keepalived's {@code --config-id}; null matches no {@code @id} line
 * @param interfaceExists whether a network interface of that name exists
 * @param programExists whether a script's program file exists
 * @param fileReadable whether a regular file of that name exists and can be read
 * @param inNetns whether this process runs in the named network namespace ({@code ip netns}'s,
 *     /var/run/netns/NAME; the empty name: the default one, init's)
 * @param netnsOverride keepalived's {@code -s NAME}: the network namespace named on the command
 *     line, which this process runs in, in place of the configuration's {@code net_namespace}; null
 *     for none
 */
public record Environment(
    String configId,
    Predicate<String> interfaceExists,
    Predicate<String> programExists,
    Predicate<String> fileReadable,
    Predicate<String> inNetns,
    String netnsOverride) {

  /** Without a namespace named on the command line. */
  public Environment(
      String configId,
      Predicate<String> interfaceExists,
      Predicate<String> programExists,
      Predicate<String> fileReadable,
      Predicate<String> inNetns) {
    this(configId, interfaceExists, programExists, fileReadable, inNetns, null);
  }

  /** This environment with {@code name} as {@link #netnsOverride}. */
  public Environment withNetnsOverride(String name) {
    return new Environment(configId, interfaceExists, programExists, fileReadable, inNetns, name);
  }

  /** Files are looked up on this host; no named network namespace is this process's. */
  public Environment(
      String configId, Predicate<String> interfaceExists, Predicate<String> programExists) {
    this(configId, interfaceExists, programExists, Environment::readable, n -> false);
  }

  /** This host: the short host name as config id unless given, its interfaces and files. */
  public static Environment host(String configId) {
    return new Environment(
        configId != null ? configId : shortHostName(),
        Environment::hostHasInterface,
        p -> programFile(p, System.getenv("PATH")).isPresent(),
        Environment::readable,
        Environment::hostInNetns);
  }

  /**
   * Whether /var/run/netns/NAME (where {@code ip netns add} mounts a namespace, and keepalived
   * looks for its {@code net_namespace}) is the network namespace this process runs in; the empty
   * name: the default namespace (init's).
   */
  static boolean hostInNetns(String name) {
    if (name.contains("/") || name.equals(".") || name.equals("..")) {
      return false;
    }
    Path ns = name.isEmpty() ? Path.of("/proc/1/ns/net") : Path.of("/var/run/netns", name);
    try {
      return Files.isSameFile(Path.of("/proc/self/ns/net"), ns);
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A host with exactly these interfaces and no script programs; files (which tests create) are
   * looked up for real.
   */
  public static Environment fixed(String configId, Set<String> interfaces) {
    return new Environment(configId, interfaces::contains, p -> false);
  }

  /**
   * The file a script's program runs from: a name with a slash as it is (a regular file), a bare
   * name searched in {@code path} (else {@code /bin:/usr/bin}) for an executable regular file, as
   * keepalived 2.2.7 finds it (lib/notify.c find_path, after execvp). The one search of the config
   * check and of {@code enable_script_security}'s.
   */
  public static java.util.Optional<Path> programFile(String program, String path) {
    if (program.isEmpty()) {
      return java.util.Optional.empty();
    }
    if (program.contains("/")) {
      Path p = Path.of(program);
      return Files.isRegularFile(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
    }
    for (String dir : (path == null ? "/bin:/usr/bin" : path).split(":", -1)) {
      Path p = Path.of(dir.isEmpty() ? "." : dir).resolve(program);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return java.util.Optional.of(p);
      }
    }
    return java.util.Optional.empty();
  }

  private static boolean readable(String p) {
    Path path = Path.of(p);
    return Files.isRegularFile(path) && Files.isReadable(path);
  }

  /**
   * Whether this network namespace has the interface: /sys/class/net lists every one (the JDK's
   * NetworkInterface misses an interface without an address, such as a down veth or a bond slave,
   * which keepalived tracks all the same); the JDK is asked when /sys is not there.
   */
  private static boolean hostHasInterface(String name) {
    if (!name.isEmpty() && !name.contains("/") && !name.equals(".") && !name.equals("..")) {
      Path sys = Path.of("/sys/class/net");
      if (Files.isDirectory(sys)) {
        return Files.exists(sys.resolve(name));
      }
    }
    try {
      return NetworkInterface.getByName(name) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  /** The node name up to its first dot, as keepalived's default config id. */
  public static String shortHostName() {
    try {
      String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      int dot = h.indexOf('.');
      return dot < 0 ? h : h.substring(0, dot);
    } catch (IOException e) {
      return null;
    }
  }
}
