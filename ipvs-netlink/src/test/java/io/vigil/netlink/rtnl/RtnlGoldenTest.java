package io.vigil.netlink.rtnl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.netlink.Golden;
import io.vigil.netlink.KernelTwin;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NlMsg;
import io.vigil.netlink.Wire;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our rtnetlink encoding and decoding against iproute2's {@code ip} talking to the host kernel
 * (src/test/resources/golden/ip-*.hex, captured with strace by capture-ip.sh; v0 is ifindex 3).
 */
class RtnlGoldenTest {
  static final int V0 = 3;

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(s, e);
    }
  }

  /** The first message of ip's request of {@code type}, seq and pid zeroed. */
  static byte[] theirs(String capture, int type) {
    byte[] d = Golden.load(capture).first(type).sent();
    int len = ByteBuffer.wrap(d).order(ByteOrder.nativeOrder()).getInt(0);
    return Golden.normalise(Arrays.copyOf(d, len)); // ip sends its whole request buffer
  }

  /** Our message as the connection sends it: REQUEST and {@code extra} flags, seq and pid zero. */
  static byte[] ours(byte[] message, int extra) {
    byte[] m = message.clone();
    ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.nativeOrder());
    b.putShort(
        NlMsg.FLAGS_OFFSET, (short) (b.getShort(NlMsg.FLAGS_OFFSET) | NlMsg.F_REQUEST | extra));
    return m;
  }

  static String hex(byte[] b) {
    return HexFormat.ofDelimiter(" ").formatHex(b);
  }

  static Stream<Arguments> requests() {
    IfAddress v4 = IfAddress.of(V0, ip("192.0.2.1"), 24);
    IfAddress full =
        IfAddress.of(V0, ip("198.51.100.2"), 24)
            .withBroadcast(ip("198.51.100.255"))
            .withLabel("v0:vip")
            .withScope(Rtnl.RT_SCOPE_LINK);
    IfAddress v6 =
        IfAddress.of(V0, ip("2001:db8::1"), 64)
            .withFlags(IfAddress.F_NODAD | IfAddress.F_NOPREFIXROUTE);
    IfAddress scopeHost = IfAddress.of(V0, ip("192.0.2.2"), 24).withScope(Rtnl.RT_SCOPE_HOST);
    IfAddress peer = IfAddress.of(V0, ip("192.0.2.7"), 32).withPeer(ip("192.0.2.8"));
    IfAddress deprecated =
        IfAddress.of(V0, ip("2001:db8::2"), 64)
            .withFlags(IfAddress.F_NODAD)
            .withPreferredLifetime(0);
    IfAddress wideFlags =
        IfAddress.of(V0, ip("2001:db8::3"), 64)
            .withFlags(
                IfAddress.F_HOMEADDRESS | IfAddress.F_MANAGETEMPADDR | IfAddress.F_NOPREFIXROUTE);
    return Stream.of(
        Arguments.of("ip-addr-add-v4", Rtnl.RTM_NEWADDR, RtnlCodec.addAddress(v4), NlMsg.F_ACK),
        Arguments.of(
            "ip-addr-add-v4-full", Rtnl.RTM_NEWADDR, RtnlCodec.addAddress(full), NlMsg.F_ACK),
        Arguments.of("ip-addr-add-v6", Rtnl.RTM_NEWADDR, RtnlCodec.addAddress(v6), NlMsg.F_ACK),
        Arguments.of(
            "ip-addr-add-v4-peer", Rtnl.RTM_NEWADDR, RtnlCodec.addAddress(peer), NlMsg.F_ACK),
        Arguments.of(
            "ip-addr-del-v4-peer", Rtnl.RTM_DELADDR, RtnlCodec.deleteAddress(peer), NlMsg.F_ACK),
        Arguments.of(
            "ip-addr-add-v6-deprecated",
            Rtnl.RTM_NEWADDR,
            RtnlCodec.addAddress(deprecated),
            NlMsg.F_ACK),
        Arguments.of(
            "ip-addr-add-v6-flags", Rtnl.RTM_NEWADDR, RtnlCodec.addAddress(wideFlags), NlMsg.F_ACK),
        Arguments.of(
            "ip-addr-error-scope", Rtnl.RTM_NEWADDR, RtnlCodec.addAddress(scopeHost), NlMsg.F_ACK),
        Arguments.of("ip-addr-del-v4", Rtnl.RTM_DELADDR, RtnlCodec.deleteAddress(v4), NlMsg.F_ACK),
        Arguments.of(
            "ip-addr-del-v6",
            Rtnl.RTM_DELADDR,
            RtnlCodec.deleteAddress(IfAddress.of(V0, ip("2001:db8::1"), 64)),
            NlMsg.F_ACK),
        Arguments.of("ip-addr-show", Rtnl.RTM_GETADDR, RtnlCodec.dumpAddresses(), 0),
        Arguments.of("ip-link-show", Rtnl.RTM_GETLINK, RtnlCodec.dumpLinks(), 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void ourRequestIsByteIdenticalToIps(String capture, int type, byte[] message, int extraFlags) {
    assertThat(hex(ours(message, extraFlags))).isEqualTo(hex(theirs(capture, type)));
  }

  /** Answers our request of the captured type with what the kernel answered ip's. */
  static KernelTwin replay(String capture) {
    Golden g = Golden.load(capture);
    return new KernelTwin(
        r -> {
          Golden.Exchange e = g.first(r.type());
          return e.answers().stream()
              .map(a -> Golden.restamp(a, r.seq(), KernelTwin.PORT_ID))
              .toList();
        });
  }

  @Test
  void aVrfsTableIsDecodedFromItsLinkInfo() {
    List<Link> links = new RtnlClient(replay("ip-link-show-vrf"), 1000).links();
    assertThat(links)
        .extracting(Link::name, Link::kind, Link::vrfTable)
        .contains(
            org.assertj.core.groups.Tuple.tuple("blue", "vrf", 10L),
            org.assertj.core.groups.Tuple.tuple("v0", "veth", 0L),
            org.assertj.core.groups.Tuple.tuple("lo", null, 0L));
  }

  @Test
  void theLinkDumpDecodesNamesStatesAndMacs() {
    List<Link> links = new RtnlClient(replay("ip-link-show"), 1000).links();
    assertThat(links)
        .extracting(Link::index, Link::name)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "lo"),
            org.assertj.core.groups.Tuple.tuple(2, "v1"),
            org.assertj.core.groups.Tuple.tuple(3, "v0"));
    Link v0 = links.get(2);
    assertThat(v0.mac()).isEqualTo("02:00:00:00:00:01");
    assertThat(v0.mtu()).isEqualTo(1500);
    assertThat(v0.adminUp()).isTrue();
    assertThat(v0.operState()).isEqualTo(OperState.UP);
    assertThat(links.get(0).mac()).isEqualTo("00:00:00:00:00:00");
    assertThat(links.get(0).mtu()).isEqualTo(65536);
  }

  @Test
  void theAddressDumpDecodesWhatIpShowed() {
    List<IfAddress> all = new RtnlClient(replay("ip-addr-show"), 1000).addresses();
    // at capture time: 192.0.2.1/24, 198.51.100.2/24 (label, link scope, broadcast), 192.0.2.7
    // peer 192.0.2.8 and 2001:db8::1/64 (nodad, noprefixroute) on v0, plus v0's and v1's
    // link-local IPv6 addresses
    assertThat(find(all, "192.0.2.1"))
        .isEqualTo(new IfAddress(V0, ip("192.0.2.1"), 24, "v0", 0, null, IfAddress.F_PERMANENT));
    assertThat(find(all, "198.51.100.2"))
        .isEqualTo(
            new IfAddress(
                V0,
                ip("198.51.100.2"),
                24,
                "v0:vip",
                Rtnl.RT_SCOPE_LINK,
                ip("198.51.100.255"),
                IfAddress.F_PERMANENT));
    assertThat(find(all, "192.0.2.7"))
        .isEqualTo(
            new IfAddress(
                V0,
                ip("192.0.2.7"),
                32,
                "v0",
                0,
                null,
                IfAddress.F_PERMANENT,
                ip("192.0.2.8"),
                IfAddress.FOREVER));
    assertThat(find(all, "192.0.2.1").peer()).isNull();
    assertThat(all)
        .anySatisfy(
            a -> {
              assertThat(a.address()).isEqualTo(ip("2001:db8::1"));
              assertThat(a.prefixLength()).isEqualTo(64);
              assertThat(a.flags() & (IfAddress.F_NODAD | IfAddress.F_NOPREFIXROUTE))
                  .isEqualTo(IfAddress.F_NODAD | IfAddress.F_NOPREFIXROUTE);
            });
    assertThat(all)
        .anySatisfy(
            a -> {
              assertThat(a.address().isLinkLocalAddress()).isTrue();
              assertThat(a.scope()).isEqualTo(Rtnl.RT_SCOPE_LINK);
            });
  }

  static IfAddress find(List<IfAddress> all, String address) {
    return all.stream().filter(a -> a.address().equals(ip(address))).findFirst().orElseThrow();
  }

  static Stream<Arguments> refusals() {
    return Stream.of(
        Arguments.of("ip-addr-error-exists", "EEXIST", "ipv4: Address already assigned"),
        Arguments.of("ip-addr-error-not-there", "EADDRNOTAVAIL", "ipv4: Address not found"),
        Arguments.of("ip-addr-error-scope", "EINVAL", "ipv4: Invalid scope value"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void theKernelsRealRefusalsCarryErrnoAndExtendedAck(String capture, String errno, String extAck) {
    Golden g = Golden.load(capture);
    byte[] answer = g.exchanges().get(g.exchanges().size() - 1).answers().get(0);
    KernelTwin twin =
        new KernelTwin(r -> List.of(Golden.restamp(answer, r.seq(), KernelTwin.PORT_ID)));
    RtnlClient c = new RtnlClient(twin, 1000);
    IfAddress a = IfAddress.of(V0, ip("192.0.2.1"), 24);
    assertThatThrownBy(() -> c.addAddress(a))
        .isInstanceOfSatisfying(
            NetlinkException.class,
            e -> {
              assertThat(e.errnoName()).isEqualTo(errno);
              assertThat(e.extAck()).isEqualTo(extAck);
              assertThat(e.getMessage())
                  .isEqualTo(errno + ": add address 192.0.2.1/24 on ifindex 3: " + extAck);
            });
  }

  @Test
  void eventsAreTypedAndAnOverflowResynchronisesByDump() {
    Golden links = Golden.load("ip-link-show");
    Golden addrs = Golden.load("ip-addr-show");
    KernelTwin dumps =
        new KernelTwin(
            r -> {
              Golden g = r.type() == Rtnl.RTM_GETLINK ? links : addrs;
              return g.first(r.type()).answers().stream()
                  .map(a -> Golden.restamp(a, r.seq(), KernelTwin.PORT_ID))
                  .toList();
            });
    KernelTwin events = new KernelTwin(r -> List.of());
    // a link event and an address event as the kernel multicasts them: seq 0, pid 0; the bodies
    // are the kernel's own link and address messages from the dumps
    byte[] linkMsg = Wire.split(links.first(Rtnl.RTM_GETLINK).answers().get(0)).get(0).bytes();
    byte[] addrMsg = Wire.split(addrs.first(Rtnl.RTM_GETADDR).answers().get(0)).get(0).bytes();
    byte[] delAddr = Golden.restamp(addrMsg, 0, 0);
    ByteBuffer.wrap(delAddr)
        .order(ByteOrder.nativeOrder())
        .putShort(NlMsg.TYPE_OFFSET, (short) Rtnl.RTM_DELADDR);
    events.inject(Wire.datagram(Golden.restamp(linkMsg, 0, 0), delAddr));
    events.failNextReceive(
        new io.vigil.kernel.KernelException("netlink recv", io.vigil.kernel.Errno.ENOBUFS));
    byte[] garbage = Golden.restamp(linkMsg, 0, 0);
    garbage[NlMsg.HEADER_LENGTH + 4] = 0; // ifindex 0: not a link
    garbage[NlMsg.HEADER_LENGTH + 5] = 0;
    events.inject(garbage);
    try (RtnlEvents sub = new RtnlEvents(events, new RtnlClient(dumps, 1000))) {
      List<RtnlEvent> first = sub.poll(100);
      assertThat(first).hasSize(2);
      assertThat(first.get(0)).isInstanceOf(RtnlEvent.LinkChanged.class);
      assertThat(((RtnlEvent.LinkChanged) first.get(0)).link().name()).isEqualTo("lo");
      assertThat(first.get(1)).isInstanceOf(RtnlEvent.AddressRemoved.class);
      List<RtnlEvent> second = sub.poll(100);
      assertThat(second)
          .singleElement()
          .isInstanceOfSatisfying(
              RtnlEvent.Resynchronised.class,
              r -> {
                assertThat(r.links()).extracting(Link::name).containsExactly("lo", "v1", "v0");
                assertThat(r.addresses()).isNotEmpty();
              });
      assertThat(sub.overruns()).isEqualTo(1);
      assertThat(sub.poll(100)).isEmpty();
      assertThat(sub.malformed()).isEqualTo(1);
      assertThat(sub.poll(100)).isEmpty(); // nothing more: a timeout is just no events
    }
  }

  @Test
  void promoteSecondariesIsByteForByteWhatKeepalivedSends() {
    // keepalived 2.2.7 setting promote_secondaries on v0 (ifindex 3), by capture-keepalived.sh
    assertThat(
            hex(
                ours(
                    RtnlCodec.setInetDevconf(V0, Rtnl.IPV4_DEVCONF_PROMOTE_SECONDARIES, 1),
                    NlMsg.F_ACK)))
        .isEqualTo(hex(theirs("keepalived-promote-secondaries", Rtnl.RTM_NEWLINK)));
  }

  /**
   * keepalived's rtnetlink requests of {@code type} in a capture, in order, each as {@link #theirs}
   * makes it (datagrams of one message: its nftables batches hold several, and their batch begin
   * has RTM_NEWLINK's number).
   */
  static List<String> theirsAll(String capture, int type) {
    List<String> out = new java.util.ArrayList<>();
    for (Golden.Exchange e : Golden.load(capture).exchanges()) {
      List<Wire.Msg> msgs = Wire.split(e.sent());
      if (msgs.size() == 1 && msgs.get(0).type() == type) {
        byte[] d = e.sent();
        int len = ByteBuffer.wrap(d).order(ByteOrder.nativeOrder()).getInt(0);
        out.add(hex(Golden.normalise(Arrays.copyOf(d, len))));
      }
    }
    return out;
  }

  @Test
  void theVmacIsByteForByteWhatKeepalivedSends() {
    // keepalived 2.2.7 with use_vmac on v0 (ifindex 3), VRID 91: VMAC vrrp.91 is ifindex 4
    int vmac = 4;
    byte[] mac = {0x00, 0x00, 0x5e, 0x00, 0x01, 0x5b};
    java.util.Map<Integer, Integer> onVmac = new java.util.LinkedHashMap<>();
    onVmac.put(Rtnl.IPV4_DEVCONF_ARP_IGNORE, 1);
    onVmac.put(Rtnl.IPV4_DEVCONF_ACCEPT_LOCAL, 1);
    onVmac.put(Rtnl.IPV4_DEVCONF_RP_FILTER, 0);
    onVmac.put(Rtnl.IPV4_DEVCONF_PROMOTE_SECONDARIES, 1);
    java.util.Map<Integer, Integer> onBase = new java.util.LinkedHashMap<>();
    onBase.put(Rtnl.IPV4_DEVCONF_ARP_IGNORE, 1);
    onBase.put(Rtnl.IPV4_DEVCONF_ARPFILTER, 1);
    // its last: putting back the base's values, which it read wrongly as 1 and 1 (they were 0)
    assertThat(theirsAll("keepalived-vmac", Rtnl.RTM_NEWLINK))
        .containsExactly(
            hex(ours(RtnlCodec.newMacvlan("vrrp.91", V0, mac), NlMsg.F_ACK)),
            hex(ours(RtnlCodec.setInetDevconf(vmac, onVmac), NlMsg.F_ACK)),
            hex(ours(RtnlCodec.setInetDevconf(V0, onBase), NlMsg.F_ACK)),
            hex(ours(RtnlCodec.setAddrGenMode(vmac, Rtnl.IN6_ADDR_GEN_MODE_NONE), NlMsg.F_ACK)),
            hex(ours(RtnlCodec.setLinkUp(vmac), NlMsg.F_ACK)),
            hex(ours(RtnlCodec.setInetDevconf(V0, onBase), NlMsg.F_ACK)));
    assertThat(theirsAll("keepalived-vmac", Rtnl.RTM_DELLINK))
        .containsExactly(hex(ours(RtnlCodec.deleteLink(vmac), NlMsg.F_ACK)));
  }

  @Test
  void theIpvlanIsByteForByteWhatKeepalivedSends() {
    // keepalived 2.2.7 with use_ipvlan ipvl91 192.0.2.92/24 private on v0 (ifindex 3); the host's
    // kernel refused it (no ipvlan driver), so this is its one RTM_NEWLINK
    assertThat(theirsAll("keepalived-ipvlan", Rtnl.RTM_NEWLINK))
        .containsExactly(hex(ours(RtnlCodec.newIpvlan("ipvl91", V0, 1), NlMsg.F_ACK)));
  }

  @Test
  void theIpv6VmacAndItsLinkLocalAreByteForByteWhatKeepalivedSends() throws Exception {
    // keepalived 2.2.7, an IPv6 instance with use_vmac on v0 (ifindex 3), VRID 91: VMAC vrrp.91
    // is ifindex 5 there, with 00:00:5e:00:02:5b and v0's link-local address; no IPv4 devconf
    int vmac = 5;
    byte[] mac = {0x00, 0x00, 0x5e, 0x00, 0x02, 0x5b};
    assertThat(theirsAll("keepalived-vmac6", Rtnl.RTM_NEWLINK))
        .containsExactly(
            hex(ours(RtnlCodec.newMacvlan("vrrp.91", V0, mac), NlMsg.F_ACK)),
            hex(ours(RtnlCodec.setAddrGenMode(vmac, Rtnl.IN6_ADDR_GEN_MODE_NONE), NlMsg.F_ACK)),
            hex(ours(RtnlCodec.setLinkUp(vmac), NlMsg.F_ACK)));
    java.net.Inet6Address ll =
        (java.net.Inet6Address) InetAddress.getByName("fe80::40fe:4dff:fe0c:af80");
    assertThat(theirsAll("keepalived-vmac6", Rtnl.RTM_NEWADDR))
        .containsExactly(hex(ours(RtnlCodec.addVmacAddress(vmac, ll), NlMsg.F_ACK)));
  }

  @Test
  void theVmacIsDecodedAsTheMacvlanItIs() {
    // the kernel's answer to keepalived's RTM_GETLINK of vrrp.91 (the one by name: 0x34 bytes)
    Golden.Exchange get =
        Golden.load("keepalived-vmac").exchanges().stream()
            .filter(
                e -> {
                  List<Wire.Msg> m = Wire.split(e.sent());
                  return m.size() == 1
                      && m.get(0).type() == Rtnl.RTM_GETLINK
                      && m.get(0).bytes().length == 0x34;
                })
            .findFirst()
            .orElseThrow();
    ByteBuffer answer = ByteBuffer.wrap(get.answers().get(0)).order(ByteOrder.nativeOrder());
    int len = answer.getInt(0);
    Link vmac =
        RtnlCodec.decodeLink(
            new io.vigil.netlink.NetlinkConnection.Message(
                answer.getShort(4), answer.getShort(6), 0, 0, answer, 0, len));
    assertThat(vmac.name()).isEqualTo("vrrp.91");
    assertThat(vmac.kind()).isEqualTo("macvlan");
    assertThat(vmac.lowerIndex()).isEqualTo(V0);
    assertThat(vmac.mac()).isEqualTo("00:00:5e:00:01:5b");
    assertThat(vmac.mode()).as("IFLA_MACVLAN_MODE").isEqualTo(Rtnl.MACVLAN_MODE_PRIVATE);
    assertThat(vmac.kindFlags()).as("IFLA_MACVLAN_FLAGS").isZero();
  }
}
