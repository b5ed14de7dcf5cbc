package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Bridge;
import io.vigil.lab.Keepalived;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code use_vmac} on addresses, against keepalived 2.2.7 with the same configuration, each alone
 * on the same two LANs: an IPv4 instance on eth0 with a VIP on eth1 and an IPv6 excluded address of
 * its own, both with {@code use_vmac}. Both daemons make the same two VMACs (vrrp.91 on eth1 with
 * 00:00:5e:00:01:5b, vrrp6.91 on eth0 with 00:00:5e:00:02:5b: name, MAC, mode, settings and, while
 * master, addresses), and delete them at their stop; Vigil's VIP on eth1 answers the client there
 * with the VMAC's MAC. Before, use_vmac on an address was "not implemented": the address went on
 * eth1 itself.
 */
class VigilRunAddressVmacIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  static final String CONF =
      """
      vrrp_instance VI_1 {
        interface eth0
        state BACKUP
        virtual_router_id 91
        priority 100
        advert_int 1
        virtual_ipaddress {
          192.0.2.91/24
          198.51.100.91/24 dev eth1 use_vmac
        }
        virtual_ipaddress_excluded {
          2001:db8::91/64 use_vmac
        }
      }
      """;

  /**
   * The VMACs as a daemon made them: their links, IPv4 settings and addresses (eth0's link-local
   * address, which the IPv6 VMAC borrows, written LL).
   */
  static String vmacs(Netns ns) {
    String ll =
        ns.sh("ip -6 -o addr show dev eth0 scope link | awk '{print $4}' | cut -d/ -f1").strip();
    StringBuilder out = new StringBuilder();
    for (String name : new String[] {"vrrp.91", "vrrp6.91"}) {
      String link = ns.sh("ip -d -o link show " + name);
      out.append(name)
          .append(
              link.contains(name + "@eth1")
                  ? "@eth1"
                  : link.contains(name + "@eth0") ? "@eth0" : "@?")
          .append(' ')
          .append(field(link, "link/ether"))
          .append(link.contains("macvlan mode private") ? " private" : " not-private")
          .append(link.contains("addrgenmode none") ? " addrgenmode-none" : "")
          .append(link.contains(",UP") ? " up" : " down");
      if (name.equals("vrrp.91")) {
        for (String k : new String[] {"arp_ignore", "accept_local", "rp_filter"}) {
          out.append(' ')
              .append(k)
              .append('=')
              .append(ns.sh("cat /proc/sys/net/ipv4/conf/" + name + "/" + k).strip());
        }
      }
      out.append(" addresses:");
      for (String line : ns.sh("ip -o addr show dev " + name).split("\n")) {
        if (!line.isBlank()) {
          String[] f = line.trim().split("\\s+");
          out.append(' ').append(f[3].replace(ll + "/", "LL/"));
        }
      }
      out.append('\n');
    }
    out.append("eth1 arp_ignore=")
        .append(ns.sh("cat /proc/sys/net/ipv4/conf/eth1/arp_ignore").strip())
        .append(" arp_filter=")
        .append(ns.sh("cat /proc/sys/net/ipv4/conf/eth1/arp_filter").strip());
    return out.toString();
  }

  static String field(String line, String key) {
    String[] f = line.split("\\s+");
    for (int i = 0; i + 1 < f.length; i++) {
      if (f[i].equals(key)) {
        return f[i + 1];
      }
    }
    return "?";
  }

  @Test
  void theAddressesVmacsAreKeepalivedsAndTheVipAnswersWithTheVirtualMac() throws Exception {
    Bridge lan = lab.bridge("lan");
    Bridge lan2 = lab.bridge("lan2");
    Netns a = lab.netns("a").attach(lan, "eth0", "192.0.2.1/24");
    a.attach(lan2, "eth1", "198.51.100.1/24");
    Netns b = lab.netns("b").attach(lan, "eth0", "192.0.2.2/24");
    b.attach(lan2, "eth1", "198.51.100.2/24");
    Netns client = lab.netns("client").attach(lan2, "eth0", "198.51.100.3/24");
    a.sh("ip link set eth0 down && ip link set eth0 up"); // a link-local address for eth0
    String vmac4 = "00:00:5e:00:01:5b";

    Path kc = Files.writeString(dir.resolve("keepalived.conf"), CONF);
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(Pattern.compile("Entering MASTER STATE"), Duration.ofSeconds(30));
    String theirs = vmacs(b);
    assertThat(theirs)
        .contains("vrrp.91@eth1 " + vmac4 + " private")
        .contains("198.51.100.91/24")
        .contains("vrrp6.91@eth0 00:00:5e:00:02:5b private")
        .contains("2001:db8::91/64");
    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(20));
    assertThat(b.exec("ip", "link", "show", "vrrp.91").exitCode())
        .as("keepalived's gone")
        .isNotZero();

    client.sh("ip neigh flush all");
    NsProcess tcpdump = client.start("tcpdump", "-l", "-n", "-e", "-i", "eth0", "arp");
    tcpdump.awaitOutput(Pattern.compile("listening on eth0"), Duration.ofSeconds(10));
    Path vc = Files.writeString(dir.resolve("vigil.conf"), CONF);
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    assertThat(vmacs(a)).as("vigil's, keepalived's").isEqualTo(theirs);
    assertThat(a.sh("ip -4 addr show dev eth1")).doesNotContain("198.51.100.91");
    // announced on eth1's LAN from the VMAC, which answers the client's ARP for the VIP (the
    // reply to the ping then leaves by eth1, as with keepalived: see VigilRunVmacIT)
    tcpdump.awaitOutput(
        Pattern.compile(
            Pattern.quote(vmac4) + " > ff:ff:ff:ff:ff:ff, ethertype ARP.*198\\.51\\.100\\.91"),
        Duration.ofSeconds(10));
    assertThat(client.exec("ping", "-c", "1", "-W", "2", "198.51.100.91").exitCode()).isZero();
    tcpdump.awaitOutput(
        Pattern.compile("Reply 198\\.51\\.100\\.91 is-at " + Pattern.quote(vmac4)),
        Duration.ofSeconds(10));
    tcpdump.close();

    // deleted behind its back: the instance tracks it and goes to FAULT, as keepalived 2.2.7 does
    // ("Netlink reports vrrp.91 down", FAULT, not made again; measured)
    a.sh("ip link del vrrp.91");
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: FAULT"), Duration.ofSeconds(10));
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).as(v.output()).isZero();
    assertThat(a.exec("ip", "link", "show", "vrrp.91").exitCode()).as("deleted").isNotZero();
    assertThat(a.exec("ip", "link", "show", "vrrp6.91").exitCode()).as("deleted").isNotZero();
  }
}
