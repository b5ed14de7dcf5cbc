package io.vigil.director.cli;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.director.lvs.LvsMapping;
import io.vigil.director.vrrp.VrrpMapping;
import io.vigil.kernel.NativeSupport;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.text.Names;
import io.vigil.netlink.ipvs.text.Rule;
import io.vigil.netlink.ipvs.text.RuleParser;
import io.vigil.netlink.ipvs.text.SystemNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/**
 * The training run of Vigil's class-data sharing archive: the launchers run it under {@code
 * -XX:ArchiveClassesAtExit} ({@code VIGIL_CDS=dump}) so that the JVM maps the classes an operator's
 * command loads instead of reading and verifying them from the jars at every start. It loads what
 * {@code vigil ipvs restore} loads (the rule language, JNA and a generic netlink socket, the IPVS
 * requests), the command tree, and the configuration parser and the daemon's mappings of a sample
 * configuration, and then every class named in {@value #DAEMON_CLASSES} (what the daemon loads
 * while it runs); it changes nothing: it parses the samples, encodes their requests without sending
 * them, at most reads the IPVS version (no IPVS is fine), and loads the listed classes without
 * initialising them.
 */
public final class CdsTraining {
  /** The classes a running director loads: made in the lab VM by tests/lab/daemon-classes.sh. */
  static final String DAEMON_CLASSES = "daemon-classes.txt";

  static final String SAMPLE =
      "-A -t 192.0.2.10:80 -s wlc\n"
          + "-a -t 192.0.2.10:80 -r 198.51.100.1:8080 -m -w 1\n"
          + "-E -t 192.0.2.10:80 -s rr -p 60\n"
          + "-e -t 192.0.2.10:80 -r 198.51.100.1:8080 -m -w 2\n"
          + "-A -u [2001:db8::1]:53 -s sh -b sh-port\n"
          + "-a -u [2001:db8::1]:53 -r [2001:db8::2]:53 -g\n"
          + "-A -f 7 -s rr\n"
          + "-a -f 7 -r 203.0.113.5:0 -i --tun-type gue --tun-port 6080\n"
          + "-d -f 7 -r 203.0.113.5:0\n"
          + "-D -u [2001:db8::1]:53\n"
          + "-Z -t 192.0.2.10:80\n"
          + "--set 0 0 0\n"
          + "--start-daemon backup --mcast-interface lo --mcast-group 239.0.0.1\n"
          + "--stop-daemon backup\n"
          + "-C\n";

  /** A configuration of the common kinds, for the parser and the daemon's mappings to load. */
  static final String SAMPLE_CONFIG =
      String.join(
          "\n",
          "global_defs {",
          "  router_id training",
          "  vrrp_garp_master_delay 1",
          "}",
          "vrrp_script chk {",
          "  script \"/bin/true\"",
          "  interval 2",
          "  weight -20",
          "}",
          "vrrp_sync_group G {",
          "  group {",
          "    VI_1",
          "  }",
          "  sync_group_tracking_weight",
          "}",
          "vrrp_instance VI_1 {",
          "  state BACKUP",
          "  interface eth0",
          "  virtual_router_id 51",
          "  priority 100",
          "  advert_int 1",
          "  version 3",
          "  track_script {",
          "    chk",
          "  }",
          "  virtual_ipaddress {",
          "    192.0.2.100/24 dev eth0",
          "  }",
          "}",
          "virtual_server 192.0.2.100 80 {",
          "  delay_loop 5",
          "  lb_algo wrr",
          "  lb_kind NAT",
          "  persistence_timeout 60",
          "  protocol TCP",
          "  sorry_server 198.51.100.9 80",
          "  real_server 198.51.100.11 80 {",
          "    weight 2",
          "    HTTP_GET {",
          "      url {",
          "        path /health",
          "        status_code 200-299",
          "      }",
          "      connect_timeout 3",
          "      retry 2",
          "    }",
          "  }",
          "  real_server 198.51.100.12 80 {",
          "    TCP_CHECK {",
          "      connect_timeout 3",
          "    }",
          "  }",
          "  real_server 198.51.100.13 80 {",
          "    MISC_CHECK {",
          "      misc_path \"/bin/true\"",
          "    }",
          "  }",
          "}",
          "virtual_server fwmark 7 {",
          "  lb_algo rr",
          "  lb_kind DR",
          "  real_server 198.51.100.14 0 {",
          "    SSL_GET {",
          "      url {",
          "        path /",
          "      }",
          "    }",
          "  }",
          "}",
          "");

  private CdsTraining() {}

  public static void main(String[] args) {
    RuleParser.Result parsed = RuleParser.parse(SAMPLE, Names.NUMERIC);
    RuleParser.parse("-A -t 192.0.2.10:http\n", SystemNames.load());
    if (!parsed.errors().isEmpty()) {
      throw new IllegalStateException("the training sample does not parse: " + parsed.errors());
    }
    NativeSupport.describe();
    try (IpvsClient c = IpvsClient.open()) {
      c.info();
      for (Rule r : parsed.rules()) {
        IpvsRestore.request(c, r); // encoded, never sent
      }
    } catch (RuntimeException e) {
      // no IPVS (or no privilege) here: what loaded up to the refusal is what matters
    }
    CommandTree.commandLine().usage(new PrintStream(OutputStream.nullOutputStream()));
    // what `vigil run` and `vigil check-config` load before they touch the kernel: the parser, the
    // model, and the daemon's mappings of it (VRRP instances, the IPVS table and its checks)
    LoadResult config =
        ConfigLoader.loadString(
            SAMPLE_CONFIG,
            "training.conf",
            Path.of("/"),
            Environment.fixed("training", Set.of("eth0")));
    if (config.config() != null) {
      VrrpMapping.map(config.config());
      LvsMapping.map(config.config());
    }
    preload(CdsTraining.class.getResourceAsStream(DAEMON_CLASSES));
  }

  /**
   * Loads (without initialising) every class the list names, one binary name a line ('/' or '.'
   * between packages, '#' comments), so that the archive holds them: the classes {@code vigil run}
   * loads while it starts, serves and stops, which the training cannot run itself (it needs IPVS
   * and a network of its own). A name that is not on the class path is skipped. The lambdas and
   * method references of the listed classes on the class path (not the JDK's) are linked too
   * ({@link LambdaSites}), so that the archive holds their classes as well.
   *
   * @return the number of classes loaded
   */
  static int preload(InputStream list) {
    if (list == null) {
      return 0;
    }
    ClassLoader loader = CdsTraining.class.getClassLoader();
    int loaded = 0;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String name = line.strip();
        if (name.isEmpty() || name.startsWith("#")) {
          continue;
        }
        try {
          Class<?> c = Class.forName(name.replace('/', '.'), false, loader);
          loaded++;
          if (c.getClassLoader() == loader) {
            LambdaSites.link(c);
          }
        } catch (ClassNotFoundException | LinkageError e) {
          // an old list, or a class of a library's optional dependency: not archived
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return loaded;
  }
}
