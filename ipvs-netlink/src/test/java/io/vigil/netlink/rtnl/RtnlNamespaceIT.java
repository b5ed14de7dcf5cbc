package io.vigil.netlink.rtnl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.kernel.netlink.NetlinkSocket;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.netlink.NetlinkException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * rtnetlink against the host kernel, inside lab namespaces: what we add, dump and delete is what
 * {@code ip -o addr} sees, and link and address changes made by others arrive as events.
 */
class RtnlNamespaceIT {
  @RegisterExtension final NetLab lab = new NetLab();

  static final long EVENT_WAIT_MS = 10_000;

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  static NetlinkSocket socketIn(Netns ns) {
    return NetlinkSocket.openInNetns(Path.of("/run/netns", ns.name()), NetlinkSocket.NETLINK_ROUTE);
  }

  static RtnlClient clientIn(Netns ns) {
    return new RtnlClient(socketIn(ns), RtnlClient.DEFAULT_TIMEOUT_MS);
  }

  @Test
  void addressesAddedDumpedAndDeletedAreWhatIpSees() {
    Netns a = lab.netns("addr-a");
    Netns b = lab.netns("addr-b");
    lab.veth(a, "v0", b, "v1");
    try (RtnlClient c = clientIn(a)) {
      Link v0 = c.link("v0");
      assertThat(v0.name()).isEqualTo("v0");
      assertThat(v0.mac()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
      assertThat(a.sh("ip -o link show dev v0")).contains(v0.index() + ": v0@").contains(v0.mac());
      assertThat(c.links()).extracting(Link::name).contains("lo", "v0");
      int idx = v0.index();

      IfAddress plain = IfAddress.of(idx, ip("192.0.2.10"), 24);
      IfAddress labelled =
          IfAddress.of(idx, ip("198.51.100.10"), 24)
              .withLabel("v0:vip")
              .withBroadcast(ip("198.51.100.255"));
      IfAddress v6 =
          IfAddress.of(idx, ip("2001:db8::10"), 64)
              .withFlags(IfAddress.F_NODAD | IfAddress.F_NOPREFIXROUTE);
      c.addAddress(plain);
      c.addAddress(labelled);
      c.addAddress(v6);

      String shown = a.sh("ip -o addr show dev v0");
      assertThat(shown)
          .contains("inet 192.0.2.10/24 scope global v0")
          .contains("inet 198.51.100.10/24 brd 198.51.100.255 scope global v0:vip")
          .containsPattern("inet6 2001:db8::10/64 scope global (.*)nodad")
          .contains("noprefixroute");

      List<IfAddress> dumped = c.addresses(idx);
      assertThat(dumped).anySatisfy(x -> assertThat(x.sameAs(plain)).isTrue());
      assertThat(dumped)
          .anySatisfy(
              x -> {
                assertThat(x.sameAs(labelled)).isTrue();
                assertThat(x.label()).isEqualTo("v0:vip");
                assertThat(x.broadcast()).isEqualTo(ip("198.51.100.255"));
              });
      assertThat(dumped)
          .anySatisfy(
              x -> {
                assertThat(x.sameAs(v6)).isTrue();
                assertThat(x.flags() & IfAddress.F_NOPREFIXROUTE).isNotZero();
                assertThat(x.flags() & IfAddress.F_NODAD).isNotZero();
              });

      assertThatThrownBy(() -> c.addAddress(plain))
          .isInstanceOfSatisfying(
              NetlinkException.class, e -> assertThat(e.errnoName()).isEqualTo("EEXIST"))
          .hasMessageContaining("add address 192.0.2.10/24 on ifindex " + idx);

      // a batch with a refusal in the middle: the others still happen
      IfAddress extra1 = IfAddress.of(idx, ip("203.0.113.1"), 32);
      IfAddress extra2 = IfAddress.of(idx, ip("203.0.113.2"), 32);
      List<RuntimeException> out =
          c.apply(
              List.of(
                  c.addAddressRequest(extra1),
                  c.addAddressRequest(plain),
                  c.addAddressRequest(extra2)));
      assertThat(out.get(0)).isNull();
      assertThat(((NetlinkException) out.get(1)).errnoName()).isEqualTo("EEXIST");
      assertThat(out.get(2)).isNull();
      assertThat(a.sh("ip -o addr show dev v0")).contains("203.0.113.1/32", "203.0.113.2/32");

      c.deleteAddress(plain);
      c.deleteAddress(v6);
      c.deleteAddress(labelled);
      shown = a.sh("ip -o addr show dev v0");
      assertThat(shown).doesNotContain("192.0.2.10", "2001:db8::10", "198.51.100.10");
      assertThat(c.addresses(idx)).noneMatch(x -> x.sameAs(plain));
      assertThatThrownBy(() -> c.deleteAddress(plain))
          .isInstanceOfSatisfying(
              NetlinkException.class, e -> assertThat(e.errnoName()).isEqualTo("EADDRNOTAVAIL"));
      assertThatThrownBy(() -> c.link("no-such0"))
          .isInstanceOfSatisfying(
              NetlinkException.class, e -> assertThat(e.errnoName()).isEqualTo("ENODEV"));
    }
  }

  @Test
  void aLinkGoingDownAndAnAddressDeletedBehindOurBackArriveAsEvents() {
    Netns a = lab.netns("ev-a");
    Netns b = lab.netns("ev-b");
    lab.veth(a, "v0", b, "v1");
    try (RtnlEvents events = RtnlEvents.subscribe(socketIn(a), clientIn(a));
        RtnlClient c = clientIn(a)) {
      int idx = c.indexOf("v0");
      c.addAddress(IfAddress.of(idx, ip("192.0.2.20"), 24));
      awaitEvent(
          events,
          e ->
              e instanceof RtnlEvent.AddressAdded x
                  && x.address().address().equals(ip("192.0.2.20")));

      // the peer's end goes down: our v0 stays admin up but loses its carrier (veth reports DOWN)
      b.down("v1");
      awaitEvent(
          events,
          e ->
              e instanceof RtnlEvent.LinkChanged x
                  && x.link().name().equals("v0")
                  && x.link().adminUp()
                  && !x.link().usable()
                  && (x.link().flags() & Rtnl.IFF_LOWER_UP) == 0);
      // our end goes down administratively
      a.down("v0");
      awaitEvent(
          events,
          e ->
              e instanceof RtnlEvent.LinkChanged x
                  && x.link().name().equals("v0")
                  && !x.link().adminUp()
                  && x.link().operState() == OperState.DOWN);
      a.up("v0");
      b.up("v1");
      awaitEvent(
          events,
          e ->
              e instanceof RtnlEvent.LinkChanged x
                  && x.link().name().equals("v0")
                  && x.link().operState() == OperState.UP);

      // someone else deletes our address
      a.sh("ip addr del 192.0.2.20/24 dev v0");
      awaitEvent(
          events,
          e ->
              e instanceof RtnlEvent.AddressRemoved x
                  && x.address().address().equals(ip("192.0.2.20"))
                  && x.address().index() == idx);

      // and an IPv6 address added by someone else shows up too
      a.sh("ip addr add 2001:db8::20/64 dev v0 nodad");
      awaitEvent(
          events,
          e ->
              e instanceof RtnlEvent.AddressAdded x
                  && x.address().address().equals(ip("2001:db8::20")));
      assertThat(events.malformed()).isZero();
      assertThat(events.resynchronise().links()).extracting(Link::name).contains("v0");
    }
  }

  @Test
  void anEventSocketThatOverflowsResynchronisesByDump() {
    Netns a = lab.netns("ovf-a");
    Netns b = lab.netns("ovf-b");
    lab.veth(a, "v0", b, "v1");
    NetlinkSocket small = socketIn(a);
    small.receiveBuffer(4096, false); // room for a handful of events only
    try (RtnlEvents events = RtnlEvents.subscribe(small, clientIn(a));
        RtnlClient c = clientIn(a)) {
      int idx = c.indexOf("v0");
      int n = 200;
      List<io.vigil.netlink.NetlinkConnection.Request> adds = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        adds.add(
            c.addAddressRequest(
                IfAddress.of(idx, ip("2001:db8:0:1::" + Integer.toHexString(i)), 128)
                    .withFlags(IfAddress.F_NODAD)));
      }
      // nobody reads the event socket while the kernel announces 200 new addresses
      assertThat(c.apply(adds)).containsOnlyNulls();
      List<RtnlEvent> seen = new ArrayList<>();
      long deadlineNs = System.nanoTime() + EVENT_WAIT_MS * 1_000_000L;
      RtnlEvent.Resynchronised resync = null;
      while (resync == null && deadlineNs - System.nanoTime() > 0) {
        for (RtnlEvent e : events.poll(200)) {
          if (e instanceof RtnlEvent.Resynchronised r) {
            resync = r;
          } else {
            seen.add(e);
          }
        }
      }
      assertThat(resync).as("a resynchronisation after %d events", seen.size()).isNotNull();
      assertThat(events.overruns()).isGreaterThanOrEqualTo(1);
      assertThat(seen.size()).isLessThan(n); // the kernel really dropped some
      assertThat(
              resync.addresses().stream()
                  .filter(x -> x.index() == idx && x.prefixLength() == 128)
                  .count())
          .isEqualTo(n);
    }
  }

  /**
   * A wait for events as long as the daemon's (a minute) ends when another thread wakes it up, with
   * no events; a wake-up before the wait ends the next one, once; events after a wake-up still
   * arrive.
   */
  @Test
  void aLongWaitForEventsEndsWhenWokenUpAndEventsStillArriveAfter() throws Exception {
    Netns a = lab.netns("wake-a");
    Netns b = lab.netns("wake-b");
    lab.veth(a, "v0", b, "v1");
    // no IPv6 on v0: its link-local address, added once DAD is done, would end the waits below
    a.sh("sysctl -qw net.ipv6.conf.v0.disable_ipv6=1");
    try (RtnlEvents events = RtnlEvents.subscribe(socketIn(a), clientIn(a))) {
      while (!events.poll(300).isEmpty()) {} // the veth's own events, before the waits below

      CompletableFuture<List<RtnlEvent>> waiting =
          CompletableFuture.supplyAsync(() -> events.poll(LONG_WAIT_MS));
      // the waiter has not returned on its own: nothing happened in the namespace
      assertThatThrownBy(() -> waiting.get(300, TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class);
      events.wakeUp();
      assertThat(waiting.get(EVENT_WAIT_MS, TimeUnit.MILLISECONDS)).isEmpty();

      events.wakeUp(); // nobody waits: the next wait ends at once, and only that one
      assertThat(
              CompletableFuture.supplyAsync(() -> events.poll(LONG_WAIT_MS))
                  .get(EVENT_WAIT_MS, TimeUnit.MILLISECONDS))
          .isEmpty();
      CompletableFuture<List<RtnlEvent>> next =
          CompletableFuture.supplyAsync(() -> events.poll(LONG_WAIT_MS));
      assertThatThrownBy(() -> next.get(300, TimeUnit.MILLISECONDS))
          .isInstanceOf(TimeoutException.class);

      // an event ends that wait with the event itself
      b.down("v1");
      assertThat(next.get(EVENT_WAIT_MS, TimeUnit.MILLISECONDS))
          .anySatisfy(
              e ->
                  assertThat(e)
                      .isInstanceOfSatisfying(
                          RtnlEvent.LinkChanged.class,
                          x -> assertThat(x.link().name()).isEqualTo("v0")));
    }
  }

  /** The daemon's wait for events, far longer than any of this class's tests. */
  static final long LONG_WAIT_MS = 600_000;

  /** Polls until an event matches, at most {@link #EVENT_WAIT_MS}; fails with what was seen. */
  static void awaitEvent(RtnlEvents events, Predicate<RtnlEvent> wanted) {
    List<RtnlEvent> seen = new ArrayList<>();
    long deadlineNs = System.nanoTime() + EVENT_WAIT_MS * 1_000_000L;
    while (deadlineNs - System.nanoTime() > 0) {
      for (RtnlEvent e : events.poll(200)) {
        if (wanted.test(e)) {
          return;
        }
        seen.add(e);
      }
    }
    throw new AssertionError("no matching event within " + EVENT_WAIT_MS + " ms; saw " + seen);
  }
}
