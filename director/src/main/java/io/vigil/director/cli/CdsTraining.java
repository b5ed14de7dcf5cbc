package io.vigil.director.cli;

import io.vigil.kernel.NativeSupport;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.text.Names;
import io.vigil.netlink.ipvs.text.Rule;
import io.vigil.netlink.ipvs.text.RuleParser;
import io.vigil.netlink.ipvs.text.SystemNames;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * The training run of Vigil's class-data sharing archive: the launchers run it under {@code
 * -XX:ArchiveClassesAtExit} ({@code VIGIL_CDS=dump}) so that the JVM maps the classes an operator's
 * command loads instead of reading and verifying them from the jars at every start. It loads what
 * {@code vigil ipvs restore} loads (the rule language, JNA and a generic netlink socket, the IPVS
 * requests) and the command tree, and it changes nothing: it parses a sample, encodes its requests
 * without sending them, and at most reads the IPVS version (no IPVS is fine).
 */
public final class CdsTraining {
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
    VigilCommand.commandLine().usage(new PrintStream(OutputStream.nullOutputStream()));
  }
}
