package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Keepalived;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The address an instance sends from (see {@code VrrpSources}): an interface without an IPv4
 * address holds it in FAULT until one is added, and the deletion of the one it sends from puts it
 * back in FAULT, as keepalived 2.2.7 does (both daemons in turn, the same notify lines); a new
 * address after that is the source of its adverts. A {@code unicast_src_ip} is bound (the kernel
 * would send from the interface's primary address) and, with {@code track_src_ip}, followed.
 */
class VigilRunSourceAddressIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  /** Outside the interface's subnet, so that deleting its address does not delete the VIP. */
  static final String VIP = "198.51.100.120";

  /**
   * A change to the namespace, then the notify line to wait for (and how many of it by then),
   * whether the VIP is on eth0 then, and the source of the adverts then (null: not checked).
   */
  record Step(String command, String state, int count, boolean vip, String source) {}

  /**
   * Runs {@code impl} with {@code vip} (and {@code extra} in its instance) through the steps,
   * {@code before} done first; stops it: the notify lines in order.
   */
  List<String> run(
      Netns ns,
      String impl,
      String extra,
      String vip,
      String before,
      List<Step> steps,
      NsProcess tcpdump)
      throws Exception {
    Path d = Files.createDirectories(dir.resolve(impl + extra.length()));
    Files.writeString(
        d.resolve("notify.sh"), "#!/bin/sh\necho \"$@\" >> " + d.resolve("log") + "\n");
    d.resolve("notify.sh").toFile().setExecutable(true);
    Files.writeString(d.resolve("log"), "");
    Path conf =
        Files.writeString(
            d.resolve("k.conf"),
            VigilRunTrackPrimaryIT.conf(d, extra, vip + (vip.contains(":") ? "/64" : "/24")));
    ns.sh(before);
    NsProcess p =
        impl.equals("keepalived")
            ? Keepalived.vrrp(ns, conf, d)
            : ns.start(VigilJvm.argv("run", "--vrrp-only", "-f", conf.toString()));
    for (Step s : steps) {
      if (!s.command().isEmpty()) {
        ns.sh(s.command());
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      String line = "INSTANCE VI_1 " + s.state();
      while (Files.readAllLines(d.resolve("log")).stream().filter(l -> l.startsWith(line)).count()
          < s.count()) {
        assertThat(System.nanoTime() - deadline)
            .as("%s: no %d x '%s' after '%s'; output:\n%s", impl, s.count(), line, s, p.output())
            .isNegative();
        Thread.sleep(100);
      }
      awaitVip(ns, vip, s.vip(), p);
      if (tcpdump != null && s.source() != null) {
        tcpdump.awaitOutput(
            Pattern.compile(Pattern.quote(s.source()) + " > [0-9.]+: VRRPv2, Advertisement"),
            Duration.ofSeconds(10));
      }
    }
    p.signal("TERM");
    assertThat(p.waitFor(Duration.ofSeconds(20))).as(p.output()).isZero();
    lastOutput = p.output();
    Thread.sleep(500); // the last notify script
    List<String> lines = Files.readAllLines(d.resolve("log"));
    System.out.println(impl + " with '" + extra + "': " + lines);
    return lines;
  }

  static final String FLUSH = "ip addr flush dev eth0";

  /** The output of the daemon {@link #run} ran last. */
  String lastOutput = "";

  /** No address, one comes, it goes, another comes, the daemon stops: the notify lines. */
  static final List<String> DOWN_UP_DOWN_UP =
      List.of(
          "INSTANCE VI_1 FAULT 150",
          "INSTANCE VI_1 BACKUP 150",
          "INSTANCE VI_1 MASTER 150",
          "INSTANCE VI_1 FAULT 150",
          "INSTANCE VI_1 BACKUP 150",
          "INSTANCE VI_1 MASTER 150",
          "INSTANCE VI_1 STOP 150");

  static void awaitVip(Netns ns, String vip, boolean present, NsProcess p) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (ns.sh("ip addr show dev eth0").contains(vip + "/") != present) {
      assertThat(System.nanoTime() - deadline)
          .as("VIP %s never %s; output:\n%s", vip, present ? "added" : "removed", p.output())
          .isNegative();
      Thread.sleep(100);
    }
  }

  @Test
  void anIpv6InstanceComesUpWithTheLinkLocalAddressItsInterfaceGetsAsInKeepalived()
      throws Exception {
    // down at start: no link-local address until the link comes up (Vigil did not start the
    // instance at all)
    Netns ns = DirectorLan.on(lab).a();
    String vip6 = "2001:db8::120";
    List<Step> steps =
        List.of(
            new Step("", "FAULT", 1, false, null),
            new Step("ip link set eth0 up", "MASTER", 1, true, null));
    String down = "ip link set eth0 down; ip addr flush dev eth0";
    List<String> keepalived = run(ns, "keepalived", "", vip6, down, steps, null);
    List<String> vigil = run(ns, "vigil", "", vip6, down, steps, null);
    assertThat(vigil).isEqualTo(keepalived);
    assertThat(vigil)
        .containsExactly(
            "INSTANCE VI_1 FAULT 150",
            "INSTANCE VI_1 BACKUP 150",
            "INSTANCE VI_1 MASTER 150",
            "INSTANCE VI_1 STOP 150");
  }

  @Test
  void anInterfaceWithoutAnAddressIsAFaultUntilOneComesAsInKeepalived() throws Exception {
    Netns ns = DirectorLan.on(lab).a();
    List<Step> steps =
        List.of(
            new Step("", "FAULT", 1, false, null), // no IPv4 address on eth0
            new Step("ip addr add 192.0.2.1/24 dev eth0", "MASTER", 1, true, "192.0.2.1"),
            new Step("ip addr del 192.0.2.1/24 dev eth0", "FAULT", 2, false, null),
            new Step("ip addr add 192.0.2.5/24 dev eth0", "MASTER", 2, true, "192.0.2.5"));
    List<String> keepalived = run(ns, "keepalived", "", VIP, FLUSH, steps, null);
    NsProcess tcpdump = ns.start("tcpdump", "-l", "-n", "-i", "eth0", "ip proto 112");
    tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));
    List<String> vigil = run(ns, "vigil", "", VIP, FLUSH, steps, tcpdump);
    tcpdump.close();
    assertThat(vigil).isEqualTo(keepalived);
    assertThat(vigil).isEqualTo(DOWN_UP_DOWN_UP);
  }

  @Test
  void aUnicastSourceIsBoundAndFollowedWithTrackSrcIp() throws Exception {
    // keepalived 2.2.7 stays in FAULT for good when its unicast_src_ip is missing at start, and
    // does not follow a track_src_ip that is a secondary address: Vigil alone, what the man page
    // says
    Netns ns = DirectorLan.on(lab).a();
    String extra =
        """
        unicast_src_ip 192.0.2.9
          track_src_ip
          unicast_peer {
            192.0.2.2
          }""";
    NsProcess tcpdump = ns.start("tcpdump", "-l", "-n", "-i", "eth0", "ip proto 112");
    tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));
    List<String> vigil =
        run(
            ns,
            "vigil",
            extra,
            VIP,
            FLUSH,
            List.of(
                new Step("ip addr add 192.0.2.1/24 dev eth0", "FAULT", 1, false, null),
                // a secondary: unbound, the kernel would send from 192.0.2.1
                new Step("ip addr add 192.0.2.9/24 dev eth0", "MASTER", 1, true, "192.0.2.9"),
                new Step("ip addr del 192.0.2.9/24 dev eth0", "FAULT", 2, false, null),
                new Step("ip addr add 192.0.2.9/24 dev eth0", "MASTER", 2, true, "192.0.2.9")),
            tcpdump);
    assertThat(tcpdump.output()).doesNotContain("192.0.2.1 > 192.0.2.2: VRRP");
    tcpdump.close();
    assertThat(vigil).isEqualTo(DOWN_UP_DOWN_UP);
  }

  @Test
  void aVipDeletedWithTheAddressItIsSentFromIsNotPutBack() throws Exception {
    // the VIP in the interface's subnet: deleting the primary deletes it too, and the kernel says
    // so first. keepalived 2.2.7 goes BACKUP for the VIP, then FAULT; Vigil, which puts back a VIP
    // deleted behind its back, must not put this one back: straight to FAULT
    Netns ns = DirectorLan.on(lab).a();
    String vip = "192.0.2.120";
    List<String> vigil =
        run(
            ns,
            "vigil",
            "",
            vip,
            FLUSH + "; ip addr add 192.0.2.1/24 dev eth0",
            List.of(
                new Step("", "MASTER", 1, true, null),
                new Step("ip addr del 192.0.2.1/24 dev eth0", "FAULT", 1, false, null),
                new Step("ip addr add 192.0.2.1/24 dev eth0", "MASTER", 2, true, null)),
            null);
    assertThat(lastOutput).doesNotContain("putting it back");
    assertThat(vigil).as("up, down, up, stop").isEqualTo(DOWN_UP_DOWN_UP.subList(1, 7));
  }
}
