package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import io.vigil.vrrp.wire.InternetChecksum;
import io.vigil.vrrp.wire.Ipv4Header;
import io.vigil.vrrp.wire.VrrpHeader;
import io.vigil.vrrp.wire.VrrpV2Packet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adverts broken on the wire, one field each, sent from a third namespace with a raw socket to two
 * running {@code vigil run} directors: every one is dropped, counted by its reason on {@code
 * /metrics} and {@code /status}, logged, and neither director changes state. Each is derived from
 * the first advert keepalived 2.2.7 sent (vrrp's golden/v2-ipv4-pass.hex: VRRPv2, VRID 52, advert 3
 * s, auth PASS "vigil42", VIP 192.0.2.110), from the sender's address and with priority 250,
 * checksum recomputed unless the checksum is the broken field: the same advert unbroken makes the
 * master step down, which the test checks last (so a drop is the validation's doing, not a packet
 * that never arrived).
 */
class VigilRunBadAdvertsIT {
  @RegisterExtension final NetLab lab = new NetLab();

  static final Path GOLDEN =
      Path.of(System.getProperty("user.dir"))
          .resolve("../vrrp/src/test/resources/io/vigil/vrrp/golden/v2-ipv4-pass.hex")
          .normalize();
  static final String VIP = "192.0.2.110";
  static final int IP = Ipv4Header.MIN_LENGTH; // the capture's IP header has no options

  Netns a;
  Netns b;
  Netns sender;
  @TempDir Path dir;

  @BeforeEach
  void topology() {
    DirectorLan lan = DirectorLan.on(lab);
    a = lan.a();
    b = lan.b();
    sender = lan.client();
    sender.sh("ip route add 224.0.0.0/4 dev eth0");
  }

  /**
   * A VRRPv2 instance that keepalived's golden advert matches (VRID 52, advert 3 s, auth PASS
   * "vigil42") unless {@code vrid} differs, with {@code extra} lines.
   */
  static String instance(String name, int vrid, int priority, String vip, String extra) {
    return """
        vrrp_instance %s {
          interface eth0
          %s
          version 2
          virtual_router_id %d
          priority %d
          advert_int 3
          authentication {
            auth_type PASS
            auth_pass vigil42
          }
          virtual_ipaddress {
            %s/24
          }
        }
        """
        .formatted(name, extra, vrid, priority, vip);
  }

  NsProcess vigil(Netns ns, String name, int priority, String extra) throws IOException {
    Path c =
        Files.writeString(dir.resolve(name + ".conf"), instance("VI_1", 52, priority, VIP, extra));
    return ns.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString()));
  }

  /** keepalived's advert, from the sender (192.0.2.3) with priority 250, checksum right. */
  static byte[] derived() throws IOException {
    StringBuilder hex = new StringBuilder();
    for (String line : Files.readAllLines(GOLDEN, StandardCharsets.US_ASCII)) {
      if (!line.startsWith("#")) {
        hex.append(line.strip());
      }
    }
    byte[] p = HexFormat.of().parseHex(hex);
    assertThat(p).hasSize(IP + VrrpV2Packet.length(1));
    p[Ipv4Header.SOURCE_OFFSET + 3] = 3; // 192.0.2.1 -> 192.0.2.3 (not in the VRRP checksum)
    p[IP + VrrpHeader.PRIORITY_OFFSET] = (byte) 250;
    return checksummed(p);
  }

  /** The VRRP checksum recomputed over the message after the IP header. */
  static byte[] checksummed(byte[] p) {
    int at = IP + VrrpHeader.CHECKSUM_OFFSET;
    p[at] = 0;
    p[at + 1] = 0;
    int sum = InternetChecksum.finish(InternetChecksum.add(0, p, IP, p.length - IP));
    p[at] = (byte) (sum >>> 8);
    p[at + 1] = (byte) sum;
    return p;
  }

  /** Each broken advert by the reason it must be dropped for (the metric's label). */
  static Map<String, byte[]> broken() throws IOException {
    Map<String, UnaryOperator<byte[]>> how = new LinkedHashMap<>();
    how.put("ttl", p -> set(p, Ipv4Header.TTL_OFFSET, 254)); // IP header: the kernel's checksum
    how.put("checksum", p -> set(p, IP + VrrpHeader.CHECKSUM_OFFSET, p[IP + 6] ^ 0x5a));
    how.put("version", p -> checksummed(set(p, IP, 0x31))); // version 3, type 1, the v2 layout
    how.put("type", p -> checksummed(set(p, IP, 0x22)));
    how.put("vrid", p -> checksummed(set(p, IP + VrrpHeader.VRID_OFFSET, 53)));
    how.put("too_short", p -> Arrays.copyOf(p, IP + 6));
    // the auth data cut off: the length no longer matches the one address it announces
    how.put("length", p -> checksummed(Arrays.copyOf(p, IP + VrrpV2Packet.length(1) - 8)));
    how.put("address_count", VigilRunBadAdvertsIT::twoAddresses);
    how.put("auth_type", p -> checksummed(set(p, IP + VrrpV2Packet.AUTH_TYPE_OFFSET, 0)));
    how.put(
        "auth_data",
        p -> checksummed(set(p, IP + VrrpHeader.ADDRESSES_OFFSET + 4, 'V'))); // "Vigil42"
    how.put("interval", p -> checksummed(set(p, IP + VrrpV2Packet.ADVER_INT_OFFSET, 1)));
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (var e : how.entrySet()) {
      out.put(e.getKey(), e.getValue().apply(derived()));
    }
    return out;
  }

  static byte[] set(byte[] p, int at, int value) {
    p[at] = (byte) value;
    return p;
  }

  /** A well-formed advert of two addresses (192.0.2.110 and .111) where one is configured. */
  static byte[] twoAddresses(byte[] p) {
    int addresses = IP + VrrpHeader.ADDRESSES_OFFSET;
    byte[] q = new byte[p.length + 4];
    System.arraycopy(p, 0, q, 0, addresses + 4);
    q[addresses + 4] = (byte) 192;
    q[addresses + 5] = 0;
    q[addresses + 6] = 2;
    q[addresses + 7] = 111;
    System.arraycopy(p, addresses + 4, q, addresses + 8, 8); // the auth data
    q[IP + VrrpHeader.COUNT_ADDRS_OFFSET] = 2;
    return checksummed(q);
  }

  /** Sends the packets from {@code from} on a raw socket (IP header included) to 224.0.0.18. */
  static void send(Netns from, List<byte[]> packets) {
    List<String> argv = new ArrayList<>(List.of("python3", "-c", SENDER));
    packets.forEach(p -> argv.add(HexFormat.of().formatHex(p)));
    assertThat(from.exec(argv.toArray(String[]::new)).exitCode()).isZero();
  }

  static final String SENDER =
      "import socket, sys\n"
          + "s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)\n"
          + "for h in sys.argv[1:]:\n"
          + "    s.sendto(bytes.fromhex(h), ('224.0.0.18', 0))\n";

  static final Pattern DROPPED =
      Pattern.compile(
          "vigil_vrrp_adverts_dropped_total\\{instance=\"VI_1\",reason=\"([a-z_]+)\"} (\\d+)");

  static Map<String, Long> dropped(Netns ns) {
    Map<String, Long> out = new LinkedHashMap<>();
    Matcher m = DROPPED.matcher(ns.sh("curl -s 127.0.0.1:9180/metrics || true"));
    while (m.find()) {
      out.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return out;
  }

  /** Waits (bounded) until every reason has been counted at least once on {@code ns}. */
  static Map<String, Long> awaitDropped(Netns ns, Iterable<String> reasons) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (true) {
      Map<String, Long> d = dropped(ns);
      boolean all = true;
      for (String r : reasons) {
        all &= d.getOrDefault(r, 0L) > 0;
      }
      if (all) {
        return d;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(ns + " counted only " + d);
      }
      Thread.sleep(100);
    }
  }

  static boolean holdsVip(Netns ns) {
    return ns.sh("ip -o -4 addr show dev eth0").contains(" " + VIP + "/24");
  }

  @Test
  void everyBrokenAdvertIsDroppedCountedByReasonAndChangesNothing() throws Exception {
    Map<String, byte[]> broken = broken();
    NsProcess master = vigil(a, "a", 200, "state MASTER");
    NsProcess backup = vigil(b, "b", 100, "state BACKUP");
    master.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    backup.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(30));
    assertThat(holdsVip(a)).isTrue();
    // the master is master 3 s after its start, the backup's down interval is 9.6 s: settled
    int masterChanges = master.count("INSTANCE VI_1:");
    int backupChanges = backup.count("INSTANCE VI_1:");

    send(sender, new ArrayList<>(broken.values()));
    Map<String, Long> onMaster = awaitDropped(a, broken.keySet());
    Map<String, Long> onBackup = awaitDropped(b, broken.keySet());
    for (String reason : broken.keySet()) {
      assertThat(onMaster.get(reason)).as("master, %s", reason).isEqualTo(1);
      assertThat(onBackup.get(reason)).as("backup, %s", reason).isEqualTo(1);
    }
    assertThat(master.count("INSTANCE VI_1:")).as(master.output()).isEqualTo(masterChanges);
    assertThat(backup.count("INSTANCE VI_1:")).as(backup.output()).isEqualTo(backupChanges);
    assertThat(holdsVip(a)).isTrue();
    assertThat(holdsVip(b)).isFalse();
    String status = a.sh("curl -s 127.0.0.1:9180/status");
    assertThat(status)
        .contains("\"state\":\"MASTER\"")
        .contains("\"ttl\":1")
        .contains("\"auth_data\":1");
    master.awaitOutput(
        Pattern.compile("VI_1 on eth0: \\d+ adverts dropped since the last report \\(.*ttl 1"),
        Duration.ofSeconds(5));
    System.out.printf("dropped, by reason: master %s, backup %s%n", onMaster, onBackup);

    // the same advert unbroken (priority 250) is taken: the master steps down
    send(sender, List.of(derived()));
    master.awaitOutput(Pattern.compile("INSTANCE VI_1: BACKUP"), Duration.ofSeconds(10));
    master.signal("TERM");
    backup.signal("TERM");
    assertThat(master.waitFor(Duration.ofSeconds(20))).isZero();
    assertThat(backup.waitFor(Duration.ofSeconds(20))).isZero();
  }
}
