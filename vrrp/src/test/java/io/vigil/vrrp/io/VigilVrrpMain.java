package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.wire.ChecksumMode;
import io.vigil.vrrp.wire.DropCounters;
import io.vigil.vrrp.wire.ReceiveRules;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A one-instance Vigil VRRP speaker for the namespace tests, run in its own JVM inside a namespace:
 * {@code IFNAME VERSION VRID PRIORITY INTERVAL_CS PRIMARY VIP [pass=PASSWORD]
 * [peer=UNICAST_PEER]...}. Prints {@code STATE x} on every transition and {@code DROPS ...} on
 * exit; SIGTERM shuts it down (priority 0 if master).
 */
public final class VigilVrrpMain {
  private static String ifname;

  private VigilVrrpMain() {}

  private static void ipAddr(String verb, InetAddress ip) {
    try {
      Process p =
          new ProcessBuilder(
                  "ip",
                  "addr",
                  verb,
                  ip.getHostAddress() + (ip instanceof Inet4Address ? "/24" : "/64"),
                  "dev",
                  ifname)
              .inheritIO()
              .start();
      p.waitFor();
    } catch (java.io.IOException e) {
      System.out.println("ip addr " + verb + " failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  public static void main(String[] args) throws Exception {
    String ifname = args[0];
    int version = Integer.parseInt(args[1]);
    int vrid = Integer.parseInt(args[2]);
    int priority = Integer.parseInt(args[3]);
    int intervalCs = Integer.parseInt(args[4]);
    InetAddress primary =
        args[5].equals("link-local")
            ? io.vigil.kernel.socket.RawIpv6Socket.linkLocalAddress(ifname)
            : InetAddress.getByName(args[5]);
    List<InetAddress> vips = List.of(InetAddress.getByName(args[6]));
    InstanceConfig config =
        InstanceConfig.builder("VI_1", vrid, version, primary, vips)
            .priority(priority)
            .advertIntervalCs(intervalCs)
            .garpMaster(0, 1)
            .build();
    VigilVrrpMain.ifname = ifname;
    ReceiveRules rules = ReceiveRules.of(vrid, version, intervalCs, vips);
    List<InetAddress> peers = new java.util.ArrayList<>();
    for (int i = 7; i < args.length; i++) {
      if (args[i].startsWith("pass=")) {
        rules = rules.withPassword(args[i].substring(5).getBytes(StandardCharsets.US_ASCII));
      } else if (args[i].startsWith("peer=")) {
        peers.add(InetAddress.getByName(args[i].substring(5)));
      }
    }
    if (!peers.isEmpty()) {
      rules = rules.withUnicastPeers(java.util.Set.copyOf(peers), 255, 255);
    }
    DropCounters drops = new DropCounters();
    VrrpRunner runner =
        new VrrpRunner(
            config,
            rules,
            ifname,
            null,
            peers,
            255,
            ChecksumMode.PSEUDO_HEADER,
            false,
            null,
            drops,
            VigilVrrpMain::effect,
            System::nanoTime);
    Thread loop = new Thread(runner::run, "vrrp");
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  runner.stop();
                  try {
                    loop.join(2_000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  System.out.println("DROPS " + drops);
                  System.out.flush();
                }));
    System.out.println("READY");
    System.out.flush();
    loop.start();
    loop.join();
    runner.close();
  }

  /** The test harness's stand-in for rtnetlink: {@code ip addr} in this namespace. */
  private static void effect(Action a) {
    if (a instanceof Action.AddVips v) {
      v.vips().forEach(ip -> ipAddr("add", ip));
    } else if (a instanceof Action.RemoveVips v) {
      v.vips().forEach(ip -> ipAddr("del", ip));
    } else if (a instanceof Action.SendGarp g) {
      System.out.println("GARP " + g.addresses() + " x" + g.repeat());
    } else if (a instanceof Action.RunNotify n) {
      System.out.println("STATE " + n.state() + " " + n.priority());
      System.out.flush();
    }
  }
}
