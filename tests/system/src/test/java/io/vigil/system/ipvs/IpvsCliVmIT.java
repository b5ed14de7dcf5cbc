package io.vigil.system.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.ExecResult;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.system.lab.InVm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * `vigil ipvs list/save` against `ipvsadm -L/-S` on the real kernel, for one rich table and every
 * listing option, with names resolved through the namespace's own /etc/hosts; and `vigil ipvs
 * restore`'s error paths.
 */
class IpvsCliVmIT {
  @RegisterExtension static final NetLab lab = new NetLab();

  /** The rich table, as ipvsadm commands (the same as the golden capture's). */
  static final List<String> RICH =
      List.of(
          "-A -t 192.0.2.10:80 -s wrr",
          "-a -t 192.0.2.10:80 -r 203.0.113.6:80 -g -w 0 -x 100 -y 10",
          "-a -t 192.0.2.10:80 -r 203.0.113.5:8080 -m -w 3",
          "-a -t 192.0.2.10:80 -r 198.51.100.20 -m",
          "-A -t 192.0.2.10:22 -s nq",
          "-A -u 192.0.2.10:53 -s sh -p 300 -M 255.255.255.0 -b sh-fallback,sh-port",
          "-a -u 192.0.2.10:53 -r 203.0.113.7:53 -i -w 1",
          "-a -u 192.0.2.10:53 -r 203.0.113.8 -i --tun-type gue --tun-port 6080 --tun-csum",
          "-a -u 192.0.2.10:53 -r 203.0.113.9 -i --tun-type gre --tun-nocsum -w 4",
          "-A -f 7 -s lc",
          "-a -f 7 -r 203.0.113.10:0 -g",
          "-A -f 8 -6 -s rr",
          "-A -f 2882430849 -s wlc",
          "-A -t [2001:db8::10]:443 -s mh -p 60 -M 64 -b mh-port",
          "-a -t [2001:db8::10]:443 -r [2001:db8::5]:443 -m -w 2",
          "-a -t [2001:db8::10]:443 -r [2001:db8:0:1::5]:8443 -m -w 2",
          "-a -t [2001:db8::10]:443 -r 203.0.113.11 -i",
          "-A -u 192.0.2.11:5060 -s rr -p 180 --pe sip",
          "-A -u 192.0.2.12:0 -s dh -p",
          "-A -u 192.0.2.13:514 -s rr -o",
          "-A --sctp-service 192.0.2.14:9999 -s sed",
          "-a --sctp-service 192.0.2.14:9999 -r 198.51.100.30:9999 -m -w 5",
          "-A -t 192.0.2.16:443 -s lblcr -p 3600 -M 255.255.0.0",
          "-A -t 192.0.2.17:8443 -s ovf",
          "-a -t 192.0.2.17:8443 -r 198.51.100.40:8443 -m -w 65535 -x 2147483647 -y 1");

  static final String HOSTS =
      "127.0.0.1 localhost\n"
          + "192.0.2.10 web.example\n"
          + "203.0.113.5 rs1.example\n"
          + "203.0.113.6 a-very-long-real-server-name.example\n"
          + "192.0.2.13 a-really-long-virtual-service-name.example\n"
          + "2001:db8::5 rs6.example\n";

  /** The same arguments to `ipvsadm` and to `vigil ipvs list|save`. */
  static final List<String> VARIANTS =
      List.of(
          "-L",
          "-L -n",
          "-L -n --stats",
          "-L --stats",
          "-L -n --rate",
          "-L -n --thresholds",
          "-L --thresholds",
          "-L -n --persistent-conn",
          "-L -n --tun-info",
          "-L -n --stats --exact",
          "-L -n --nosort",
          "-L -n -t 192.0.2.10:80",
          "-L -t web.example:http",
          "-L -n -u 192.0.2.10:53",
          "-L -n --sctp-service 192.0.2.14:9999",
          "-L -n -f 7",
          "-L -n -f 8 -6",
          "-L -n -t [2001:db8::10]:443",
          "-S",
          "-S -n");

  @BeforeAll
  static void needsIpvs() {
    InVm.assumeIpvs();
  }

  /** A namespace with its own /etc/hosts (ip netns exec bind-mounts /etc/netns/NAME/hosts). */
  private static Netns namespaceWithHosts(String name) throws IOException {
    Netns ns = lab.netns(name);
    Path dir = Path.of("/etc/netns", ns.name());
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("hosts"), HOSTS);
    return ns;
  }

  static String vigilArgs(String ipvsadmArgs) {
    String rest = ipvsadmArgs.length() > 2 ? ipvsadmArgs.substring(3) : "";
    return (ipvsadmArgs.startsWith("-S") ? "ipvs save " : "ipvs list ") + rest;
  }

  @Test
  void listAndSaveEqualIpvsadmForEveryOption() throws IOException {
    Netns ns = namespaceWithHosts("cli-rich");
    for (String rule : RICH) {
      ns.sh("ipvsadm " + rule);
    }
    List<String> commands = new ArrayList<>();
    for (String v : VARIANTS) {
      commands.add(vigilArgs(v).strip());
    }
    ExecResult r = LongExec.exec(ns, IpvsCliDriver.argv(commands));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    List<String> ours = IpvsCliDriver.outputs(r.stdout());
    assertThat(ours).hasSize(VARIANTS.size());
    for (int i = 0; i < VARIANTS.size(); i++) {
      String theirs = ns.sh("ipvsadm " + VARIANTS.get(i));
      assertThat(ours.get(i)).as("vigil " + commands.get(i)).isEqualTo(theirs);
    }
  }

  @Test
  void restoreReportsBadLinesAndRefusalsByLineAndSyncSendsNothingForAnEqualTable()
      throws IOException {
    Netns ns = lab.netns("cli-errors");
    Path bad = Files.createTempFile("vigil-bad", ".rules");
    Files.writeString(bad, "-A -t 192.0.2.10:80 -s rr\n-a -t 192.0.2.10:80 -r 203.0.113.5 -w x\n");
    ExecResult r =
        LongExec.exec(ns, "sh", "-c", InNetns.vigilWithInput(bad.toString(), "ipvs", "restore"));
    assertThat(r.exitCode()).as("ipvsadm -R's exit code for a bad line").isEqualTo(2);
    assertThat(r.stderr()).startsWith("line 2: illegal weight specified\n");
    assertThat(ns.sh("ipvsadm -Sn")).as("nothing applied").isEmpty();

    Path dup = Files.createTempFile("vigil-dup", ".rules");
    Files.writeString(
        dup,
        "-A -t 192.0.2.10:80 -s rr\n"
            + "-a -t 192.0.2.10:80 -r 203.0.113.5:8080 -m -w 2\n"
            + "-A -t 192.0.2.10:80 -s wrr\n"
            + "-A -u 192.0.2.10:53 -s sh\n");
    r = LongExec.exec(ns, "sh", "-c", InNetns.vigilWithInput(dup.toString(), "ipvs", "restore"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr().strip())
        .isEqualTo("line 3: EEXIST: add service TCP 192.0.2.10:80: File exists");
    assertThat(ns.sh("ipvsadm -Sn"))
        .isEqualTo(
            "-A -t 192.0.2.10:80 -s rr\n"
                + "-a -t 192.0.2.10:80 -r 203.0.113.5:8080 -m -w 2\n"
                + "-A -u 192.0.2.10:53 -s sh\n");

    // --sync: the saved table re-applied sends no write; a change is an edit in place
    Path saved = Files.createTempFile("vigil-saved", ".rules");
    Files.writeString(saved, ns.sh("ipvsadm -Sn"));
    r =
        LongExec.exec(
            ns,
            "sh",
            "-c",
            InNetns.vigilWithInput(saved.toString(), "ipvs", "restore", "--sync", "-v"));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stderr()).contains("0 write requests, 0 refused");
    Files.writeString(
        saved, "-A -t 192.0.2.10:80 -s wlc\n-a -t 192.0.2.10:80 -r 203.0.113.5:8080 -m -w 5\n");
    r =
        LongExec.exec(
            ns,
            "sh",
            "-c",
            InNetns.vigilWithInput(saved.toString(), "ipvs", "restore", "--sync", "-v"));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    // edit service, edit destination, delete the UDP service
    assertThat(r.stderr()).contains("3 write requests, 0 refused");
    assertThat(ns.sh("ipvsadm -Sn"))
        .isEqualTo("-A -t 192.0.2.10:80 -s wlc\n-a -t 192.0.2.10:80 -r 203.0.113.5:8080 -m -w 5\n");
  }

  @Test
  void withoutCapNetAdminItIsOneClearLine() {
    Netns ns = lab.netns("cli-eperm");
    // root without CAP_NET_ADMIN: dropped from the bounding set, so the JVM never has it
    List<String> argv =
        new ArrayList<>(List.of("setpriv", "--bounding-set=-net_admin", "--inh-caps=-net_admin"));
    argv.addAll(List.of(InNetns.vigil("ipvs", "list", "-n")));
    ExecResult r = LongExec.exec(ns, argv.toArray(String[]::new));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr().strip())
        .startsWith("vigil ipvs list: IPVS needs CAP_NET_ADMIN (run as root): EPERM")
        .doesNotContain("\n");
  }
}
