package io.vigil.netlink.rtnl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.netlink.NetlinkException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * NLM_F_DUMP_INTR from the real kernel: while another socket keeps adding and deleting an address,
 * a dump of many addresses (several datagrams long) is marked interrupted by the kernel, and {@link
 * io.vigil.netlink.NetlinkConnection#dump} answers it with a fresh dump. (IPVS's own dumps never
 * set the flag; rtnetlink's address dumps do, which is where the retry can be seen against a
 * kernel.)
 *
 * <p>The kernel does not flag every inconsistent IPv6 address dump: with the retry, a dump came
 * back once with an address twice and no message flagged (one CI run in several; without the retry
 * two runs in three had one). So this checks that flagged dumps are seen and done again, and
 * counts, without asserting, the dumps that still came back with an unchanging address missing or
 * repeated.
 */
class RtnlDumpInterruptedIT {
  @RegisterExtension final NetLab lab = new NetLab();

  static final int STABLE = 2000;
  static final long MAX_NS = TimeUnit.SECONDS.toNanos(30);
  static final int MAX_DUMPS = 400;

  @Test
  void aDumpTheKernelInterruptsIsDoneAgainAndComesBackWhole() throws Exception {
    Netns a = lab.netns("dintr-a");
    Netns b = lab.netns("dintr-b");
    lab.veth(a, "v0", b, "v1");
    try (RtnlClient dumper = RtnlNamespaceIT.clientIn(a);
        RtnlClient churner = RtnlNamespaceIT.clientIn(a)) {
      int idx = dumper.link("v0").index();
      Set<InetAddress> stable = new HashSet<>();
      List<io.vigil.netlink.NetlinkConnection.Request> adds = new ArrayList<>();
      for (int i = 1; i <= STABLE; i++) {
        InetAddress ip = RtnlNamespaceIT.ip("2001:db8:1::" + Integer.toHexString(i));
        stable.add(ip);
        adds.add(dumper.addAddressRequest(IfAddress.of(idx, ip, 128).withFlags(IfAddress.F_NODAD)));
      }
      assertThat(dumper.apply(adds)).containsOnlyNulls();

      // the churn: one address in and out every 5 ms, until the dumps are done (bounded anyway)
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong changes = new AtomicLong();
      IfAddress moving =
          IfAddress.of(idx, RtnlNamespaceIT.ip("2001:db8:2::1"), 128).withFlags(IfAddress.F_NODAD);
      long started = System.nanoTime();
      Thread churn =
          new Thread(
              () -> {
                while (!stop.get() && System.nanoTime() - started < MAX_NS) {
                  churner.addAddress(moving);
                  churner.deleteAddress(moving);
                  changes.addAndGet(2);
                  LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
              },
              "churn");
      churn.start();

      int whole = 0;
      int notWhole = 0;
      int busy = 0;
      try {
        for (int d = 0; d < MAX_DUMPS && System.nanoTime() - started < MAX_NS; d++) {
          List<IfAddress> got;
          try {
            got = dumper.addresses(idx);
          } catch (NetlinkException e) {
            busy++; // five interrupted dumps in a row: "the table kept changing" (EBUSY)
            continue;
          }
          List<InetAddress> ours =
              got.stream()
                  .map(IfAddress::address)
                  .filter(x -> x instanceof Inet6Address && stable.contains(x))
                  .toList();
          if (ours.size() != STABLE || new HashSet<>(ours).size() != STABLE) {
            notWhole++; // an inconsistency the kernel did not flag
            continue;
          }
          whole++;
          if (whole >= 20 && dumper.connection().interruptedDumps() >= 3) {
            break;
          }
        }
      } finally {
        stop.set(true);
        churn.join(10_000);
      }
      System.out.printf(
          "%d whole dumps, %d not whole and not flagged, %d given up as busy, %d interrupted and"
              + " done again, %d changes by the churn%n",
          whole, notWhole, busy, dumper.connection().interruptedDumps(), changes.get());
      assertThat(changes.get()).as("changes made during the dumps").isPositive();
      assertThat(whole).as("dumps that came back whole").isGreaterThanOrEqualTo(20);
      assertThat(dumper.connection().interruptedDumps())
          .as("dumps the kernel marked NLM_F_DUMP_INTR, each done again")
          .isPositive();
    }
  }
}
