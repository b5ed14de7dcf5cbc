package io.vigil.director.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Bridge;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code vigil run} and its capabilities, for real: without CAP_NET_ADMIN / CAP_NET_RAW it stops
 * with one line before touching anything; as the unprivileged user {@code nobody} holding only
 * those two (ambient, as the systemd unit grants them) it runs VRRP and adds its addresses.
 */
class PrivilegesIT {
  @RegisterExtension final NetLab lab = new NetLab();

  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final String VIP = "192.0.2.100";

  private Path dir;
  private Netns ns;

  @BeforeEach
  void setUp() throws IOException {
    dir = Files.createTempDirectory("vigil-priv-it");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Bridge lan = lab.bridge("lan");
    ns = lab.netns("p").attach(lan, "eth0", "192.0.2.1/24");
  }

  @AfterEach
  void cleanUp() throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private Path config() throws IOException {
    Path c =
        Files.writeString(
            dir.resolve("vigil.conf"),
            """
            static_ipaddress {
              203.0.113.5/24 dev eth0
            }
            vrrp_instance VI_1 {
              interface eth0
              virtual_router_id 51
              advert_int 1
              virtual_ipaddress {
                %s/24
              }
            }
            """
                .formatted(VIP));
    Files.setPosixFilePermissions(c, PosixFilePermissions.fromString("rw-r--r--"));
    return c;
  }

  /** The test's class path copied where {@code nobody} can read it (/root is not readable). */
  private String readableClassPath() throws IOException {
    Path cp = Files.createDirectories(dir.resolve("cp"));
    List<String> out = new ArrayList<>();
    int n = 0;
    for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path src = Path.of(e);
      if (!Files.exists(src)) {
        continue;
      }
      Path dst = cp.resolve((n++) + "-" + src.getFileName());
      if (Files.isDirectory(src)) {
        try (Stream<Path> s = Files.walk(src)) {
          for (Path p : s.toList()) {
            Path t = dst.resolve(src.relativize(p).toString());
            if (Files.isDirectory(p)) {
              Files.createDirectories(t);
            } else {
              Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
            }
          }
        }
      } else {
        Files.copy(src, dst);
      }
      out.add(dst.toString());
    }
    try (Stream<Path> s = Files.walk(cp)) {
      for (Path p : s.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return String.join(File.pathSeparator, out);
  }

  private static String java() {
    return VigilJvm.java();
  }

  @Test
  void withoutTheNetworkCapabilitiesItStopsWithOneLineAndTouchesNothing() throws Exception {
    NsProcess p =
        ns.start(
            "setpriv",
            "--bounding-set=-net_admin,-net_raw",
            "--inh-caps=-net_admin,-net_raw",
            "--",
            java(),
            "-cp",
            System.getProperty("java.class.path"),
            "io.vigil.director.cli.VigilCommand",
            "run",
            "--status-port",
            "0",
            "-f",
            config().toString());
    assertThat(p.waitFor(WAIT)).as(p.output()).isEqualTo(1);
    assertThat(p.output())
        .contains(
            "vigil run: cannot start: CAP_NET_ADMIN is needed to program IPVS and add virtual IPs;"
                + " CAP_NET_RAW is needed for VRRP adverts and gratuitous ARP");
    assertThat(ns.sh("ip -o addr show dev eth0")).doesNotContain("203.0.113.5");
  }

  @Test
  void asNobodyWithOnlyNetAdminAndNetRawItRunsVrrpAndAddsItsAddresses() throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp")); // JNA unpacks its library here
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
    NsProcess p =
        ns.start(
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--inh-caps=+net_admin,+net_raw",
            "--ambient-caps=+net_admin,+net_raw",
            "--",
            java(),
            "-Djava.io.tmpdir=" + tmp,
            "-XX:-UsePerfData",
            "-cp",
            readableClassPath(),
            "io.vigil.director.cli.VigilCommand",
            "run",
            "--vrrp-only",
            "--status-port",
            "0",
            "-f",
            config().toString());
    p.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), WAIT);
    assertThat(Files.readString(Path.of("/proc/" + p.pid() + "/status")))
        .containsPattern("(?m)^Uid:\\s+65534\\s")
        .containsPattern("(?m)^CapEff:\\s+0000000000003000$");
    String addrs = ns.sh("ip -o -4 addr show dev eth0");
    assertThat(addrs).contains("inet 203.0.113.5/24").contains("inet " + VIP + "/24");
    p.signal("TERM");
    assertThat(p.waitFor(WAIT)).as(p.output()).isZero();
    assertThat(ns.sh("ip -o -4 addr show dev eth0")).doesNotContain(VIP + "/24");
  }
}
