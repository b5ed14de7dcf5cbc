package io.vigil.director.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class IpvsReconcilerTest {
  private final InMemoryIpvsKernel kernel = new InMemoryIpvsKernel();
  private final IpvsReconciler reconciler = new IpvsReconciler(kernel, false);

  private static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static ServiceKey tcp(String addr, int port) {
    return ServiceKey.of(Protocol.TCP, ip(addr), port);
  }

  private static DestKey rs(String addr, int port) {
    return new DestKey(ip(addr), port);
  }

  private static IpvsReconciler.Wanted wanted(String sched, Object... destAndWeight) {
    Map<DestKey, DestSettings> d = new LinkedHashMap<>();
    for (int i = 0; i < destAndWeight.length; i += 2) {
      d.put(
          (DestKey) destAndWeight[i],
          DestSettings.of(Forwarding.MASQ, (Integer) destAndWeight[i + 1]));
    }
    return new IpvsReconciler.Wanted(ServiceSettings.of(sched, ServiceKey.AF_INET), d);
  }

  @Test
  void aNewServicesDestinationsAreAddedInTheOrderWanted() {
    Object[] dests = new Object[40];
    for (int i = 0; i < 20; i++) {
      dests[2 * i] = rs("203.0.113." + (20 - i), 8000 + i);
      dests[2 * i + 1] = 1;
    }
    IpvsReconciler.Outcome o =
        reconciler.reconcile(Map.of(tcp("192.0.2.10", 80), wanted("wrr", dests)));

    List<Object> added =
        o.applied().stream()
            .filter(op -> op instanceof TablePlan.AddDestination<?, ?, ?, ?>)
            .map(op -> ((TablePlan.AddDestination<?, ?, ?, ?>) op).destination())
            .collect(java.util.stream.Collectors.toList());
    List<Object> inOrder = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i += 2) {
      inOrder.add(dests[i]);
    }
    assertThat(added).isEqualTo(inOrder);
  }

  @Test
  void aTableThatIsAlreadyRightCostsOneDumpAndNoWrite() {
    Map<ServiceKey, IpvsReconciler.Wanted> want =
        Map.of(tcp("192.0.2.10", 80), wanted("wrr", rs("203.0.113.5", 80), 1));
    assertThat(reconciler.reconcile(want).applied()).hasSize(2);
    long writes = kernel.writesSent();

    IpvsReconciler.Outcome again = reconciler.reconcile(want);

    assertThat(again.wasInSync()).isTrue();
    assertThat(kernel.writesSent()).isEqualTo(writes);
    assertThat(kernel.dumps()).isEqualTo(2);
  }

  @Test
  void planSaysWhatAFastPassWouldWriteAndWritesNothing() {
    ServiceKey web = tcp("192.0.2.10", 80);
    assertThat(reconciler.plan(Map.of(web, wanted("wrr", rs("203.0.113.5", 80), 1))))
        .as("before any full pass")
        .isEmpty();
    reconciler.reconcile(Map.of(web, wanted("wrr", rs("203.0.113.5", 80), 1)));
    long writes = kernel.writesSent();
    long dumps = kernel.dumps();
    Map<ServiceKey, IpvsReconciler.Wanted> changed =
        Map.of(web, wanted("wrr", rs("203.0.113.5", 80), 0, rs("203.0.113.6", 80), 1));

    var planned = reconciler.plan(changed);

    assertThat(planned)
        .extracting(op -> op.getClass().getSimpleName())
        .containsExactly("AddDestination", "EditDestination");
    assertThat(kernel.writesSent()).isEqualTo(writes);
    assertThat(kernel.dumps()).isEqualTo(dumps);
    assertThat(reconciler.reconcileKnown(changed).applied()).isEqualTo(planned);
  }

  @Test
  void startUpAdoptsWhatIsAlreadyInTheKernelWithoutRewritingIt() {
    ServiceKey web = tcp("192.0.2.10", 80);
    kernel.services.put(web, ServiceSettings.of("wrr", ServiceKey.AF_INET));
    kernel.dests.put(
        web,
        new LinkedHashMap<>(Map.of(rs("203.0.113.5", 80), DestSettings.of(Forwarding.MASQ, 1))));

    IpvsReconciler.Outcome o =
        reconciler.reconcile(
            Map.of(web, wanted("wrr", rs("203.0.113.5", 80), 1, rs("203.0.113.6", 80), 1)));

    assertThat(o.applied())
        .containsExactly(
            new TablePlan.AddDestination<>(
                web, rs("203.0.113.6", 80), DestSettings.of(Forwarding.MASQ, 1)));
    assertThat(kernel.writesPerEntry).doesNotContainKey(web);
  }

  @Test
  void driftBehindOurBackIsRepairedOnTheNextPass() {
    ServiceKey web = tcp("192.0.2.10", 80);
    var want = Map.of(web, wanted("wrr", rs("203.0.113.5", 80), 3, rs("203.0.113.6", 80), 1));
    reconciler.reconcile(want);
    // like `ipvsadm -d` and `ipvsadm -e -w 9` run by hand
    kernel.dests.get(web).remove(rs("203.0.113.6", 80));
    kernel.dests.get(web).put(rs("203.0.113.5", 80), DestSettings.of(Forwarding.MASQ, 9));

    IpvsReconciler.Outcome o = reconciler.reconcile(want);

    assertThat(o.applied()).hasSize(2);
    assertThat(o.failures()).isEmpty();
    assertThat(kernel.dests.get(web))
        .containsEntry(rs("203.0.113.5", 80), DestSettings.of(Forwarding.MASQ, 3))
        .containsEntry(rs("203.0.113.6", 80), DestSettings.of(Forwarding.MASQ, 1));
  }

  @Test
  void foreignServicesAreReportedAndLeftAloneButOursAreDeletedWhenNoLongerWanted() {
    ServiceKey byHand = tcp("198.51.100.1", 22);
    kernel.services.put(byHand, ServiceSettings.of("rr", ServiceKey.AF_INET));
    kernel.dests.put(byHand, new LinkedHashMap<>());
    ServiceKey web = tcp("192.0.2.10", 80);
    reconciler.reconcile(Map.of(web, wanted("rr")));

    IpvsReconciler.Outcome o = reconciler.reconcile(Map.of());

    assertThat(o.applied()).containsExactly(new TablePlan.DeleteService<>(web));
    assertThat(o.foreign()).containsExactly(byHand);
    assertThat(kernel.services).containsOnlyKeys(byHand);
  }

  @Test
  void removeForeignDeletesWhatTheConfigDoesNotName() {
    ServiceKey byHand = tcp("198.51.100.1", 22);
    kernel.services.put(byHand, ServiceSettings.of("rr", ServiceKey.AF_INET));
    kernel.dests.put(byHand, new LinkedHashMap<>());

    IpvsReconciler.Outcome o = new IpvsReconciler(kernel, true).reconcile(Map.of());

    assertThat(o.applied()).containsExactly(new TablePlan.DeleteService<>(byHand));
    assertThat(kernel.services).isEmpty();
  }

  @Test
  void aRefusalIsReportedWithItsOperationAndDoesNotStopTheOthers() {
    ServiceKey bad = tcp("192.0.2.10", 80);
    ServiceKey good = tcp("192.0.2.11", 80);
    var want = new LinkedHashMap<ServiceKey, IpvsReconciler.Wanted>();
    want.put(bad, wanted("nosuch"));
    want.put(good, wanted("rr", rs("203.0.113.5", 80), 1));

    IpvsReconciler.Outcome o = reconciler.reconcile(want);

    assertThat(o.failures()).hasSize(1);
    assertThat(o.failures().get(0).op())
        .isEqualTo(new TablePlan.AddService<>(bad, want.get(bad).settings()));
    assertThat(((NetlinkException) o.failures().get(0).error()).errnoName()).isEqualTo("ENOENT");
    assertThat(kernel.dests.get(good)).containsKey(rs("203.0.113.5", 80));
  }

  /** From any kernel state, one pass reaches the desired table and a second pass writes nothing. */
  @RepeatedTest(100)
  void onePassConvergesFromAnyStartAndTheNextIsANoOp(RepetitionInfo rep) {
    Random rnd = new Random(7919L * rep.getCurrentRepetition());
    IpvsReconciler r = new IpvsReconciler(kernel, true);
    for (var e : randomTable(rnd).entrySet()) {
      kernel.services.put(e.getKey(), e.getValue().settings());
      kernel.dests.put(e.getKey(), new LinkedHashMap<>(e.getValue().destinations()));
    }
    Map<ServiceKey, IpvsReconciler.Wanted> want = randomTable(rnd);

    assertThat(r.reconcile(want).failures()).isEmpty();
    assertThat(kernel.services.keySet()).isEqualTo(want.keySet());
    want.forEach(
        (k, w) -> {
          assertThat(kernel.services.get(k)).isEqualTo(w.settings());
          assertThat(kernel.dests.get(k)).isEqualTo(w.destinations());
        });
    long writes = kernel.writesSent();
    assertThat(r.reconcile(want).wasInSync()).isTrue();
    assertThat(kernel.writesSent()).isEqualTo(writes);
  }

  @Test
  void theFastPassWritesWhatAVerdictNeedsWithoutADump() {
    ServiceKey web = tcp("192.0.2.10", 80);
    reconciler.reconcile(
        Map.of(web, wanted("wrr", rs("203.0.113.5", 80), 1, rs("203.0.113.6", 80), 1)));
    long writes = kernel.writesSent();

    IpvsReconciler.Outcome down =
        reconciler.reconcileKnown(Map.of(web, wanted("wrr", rs("203.0.113.5", 80), 1)));
    IpvsReconciler.Outcome same =
        reconciler.reconcileKnown(Map.of(web, wanted("wrr", rs("203.0.113.5", 80), 1)));

    assertThat(down.applied())
        .containsExactly(new TablePlan.DeleteDestination<>(web, rs("203.0.113.6", 80)));
    assertThat(same.wasInSync()).isTrue();
    assertThat(kernel.writesSent()).isEqualTo(writes + 1);
    assertThat(kernel.dumps()).isEqualTo(1);
    assertThat(kernel.dests.get(web)).containsOnlyKeys(rs("203.0.113.5", 80));
  }

  @Test
  void beforeAnyFullPassTheFastPassIsOne() {
    ServiceKey web = tcp("192.0.2.10", 80);

    reconciler.reconcileKnown(Map.of(web, wanted("rr", rs("203.0.113.5", 80), 1)));

    assertThat(kernel.dumps()).isEqualTo(1);
    assertThat(kernel.dests.get(web)).containsOnlyKeys(rs("203.0.113.5", 80));
  }

  @Test
  void aFastWriteRefusedBecauseOfDriftIsFollowedByAFullPassThatRepairs() {
    ServiceKey web = tcp("192.0.2.10", 80);
    reconciler.reconcile(
        Map.of(web, wanted("wrr", rs("203.0.113.5", 80), 1, rs("203.0.113.6", 80), 1)));
    kernel.services.clear(); // ipvsadm -C behind our back
    kernel.dests.clear();

    IpvsReconciler.Outcome o =
        reconciler.reconcileKnown(Map.of(web, wanted("wrr", rs("203.0.113.5", 80), 2)));

    assertThat(o.failures()).isEmpty();
    assertThat(o.applied())
        .startsWith(
            new TablePlan.EditDestination<>(
                web,
                rs("203.0.113.5", 80),
                DestSettings.of(Forwarding.MASQ, 1),
                DestSettings.of(Forwarding.MASQ, 2)));
    assertThat(kernel.dumps()).isEqualTo(2);
    assertThat(kernel.services).containsOnlyKeys(web);
    assertThat(kernel.dests.get(web))
        .isEqualTo(Map.of(rs("203.0.113.5", 80), DestSettings.of(Forwarding.MASQ, 2)));
  }

  /**
   * A run of fast passes over random tables, with drift now and then, ends where one full pass
   * would: the kernel holds the last desired table, and a full pass after it writes nothing.
   */
  @RepeatedTest(100)
  void fastPassesWithRandomDriftEndOnTheDesiredTable(RepetitionInfo rep) {
    Random rnd = new Random(104729L * rep.getCurrentRepetition());
    IpvsReconciler r = new IpvsReconciler(kernel, true);
    Map<ServiceKey, IpvsReconciler.Wanted> want = randomTable(rnd);
    r.reconcile(want);
    int drifts = 0;
    for (int step = 0; step < 20; step++) {
      if (rnd.nextInt(4) == 0 && !kernel.services.isEmpty()) { // drift: a service or a dest lost
        drifts++;
        ServiceKey k = kernel.services.keySet().iterator().next();
        if (rnd.nextBoolean() || kernel.dests.get(k).isEmpty()) {
          kernel.services.remove(k);
          kernel.dests.remove(k);
        } else {
          kernel.dests.get(k).remove(kernel.dests.get(k).keySet().iterator().next());
        }
      }
      want = randomTable(rnd);
      assertThat(r.reconcileKnown(want).failures()).isEmpty();
    }
    // only a write refused because of drift costs a dump: what the fast passes believed was true
    assertThat(kernel.dumps()).isLessThanOrEqualTo(1 + drifts);
    IpvsReconciler.Outcome full = r.reconcile(want);

    // drift after the last refused write stays until a full pass: then that pass repairs it
    assertThat(full.failures()).isEmpty();
    assertThat(kernel.services.keySet()).isEqualTo(want.keySet());
    want.forEach((k, w) -> assertThat(kernel.dests.get(k)).isEqualTo(w.destinations()));
    assertThat(r.reconcile(want).wasInSync()).isTrue();
  }

  private static Map<ServiceKey, IpvsReconciler.Wanted> randomTable(Random rnd) {
    String[] scheds = {"rr", "wrr", "lc", "sh"};
    Forwarding[] fwd = {Forwarding.MASQ, Forwarding.DROUTE, Forwarding.TUNNEL};
    Map<ServiceKey, IpvsReconciler.Wanted> t = new LinkedHashMap<>();
    int n = rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      ServiceKey k = tcp("192.0.2." + (1 + rnd.nextInt(4)), 80 + rnd.nextInt(2));
      Map<DestKey, DestSettings> d = new LinkedHashMap<>();
      int m = rnd.nextInt(5);
      for (int j = 0; j < m; j++) {
        d.put(
            rs("203.0.113." + (1 + rnd.nextInt(6)), 80),
            DestSettings.of(fwd[rnd.nextInt(fwd.length)], rnd.nextInt(4)));
      }
      t.put(
          k,
          new IpvsReconciler.Wanted(
              ServiceSettings.of(scheds[rnd.nextInt(scheds.length)], ServiceKey.AF_INET), d));
    }
    return t;
  }
}
