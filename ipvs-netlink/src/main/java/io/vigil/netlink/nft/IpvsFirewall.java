package io.vigil.netlink.nft;

import static io.vigil.netlink.nft.NftCodec.NFPROTO_IPV4;
import static io.vigil.netlink.nft.NftCodec.NFPROTO_IPV6;
import static io.vigil.netlink.nft.NftCodec.REG_1;

import io.vigil.netlink.nft.NftCodec.Expr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The marks of keepalived 2.2.7's {@code nftables_ipvs}: a virtual server group's addresses and
 * ports, per protocol, mapped to the fwmark of the one IPVS service that serves the group. Per
 * family a table ({@code ip|ip6 keepalived_ipvs} unless named) with a base chain {@code in} (hook
 * input, priority -1 unless set) and, per protocol, an interval map {@code tcp_map}, {@code
 * udp_map} or {@code sctp_map} of {@code daddr . dport : mark} and its rule {@code meta mark set ip
 * daddr . tcp dport map @tcp_map return}.
 *
 * <p>{@link #apply} brings the maps to a list of elements: what left the list is deleted, then what
 * joined it is added (as keepalived does at a reload), in one nf_tables transaction, so the kernel
 * applies all of it or none. The first one also deletes a table of the same name left by an earlier
 * run, in the same transaction, so a restart never lets a packet through unmarked. {@link #close}
 * deletes the tables. The messages are keepalived's, byte for byte (the golden captures).
 * Thread-safe.
 */
public final class IpvsFirewall implements AutoCloseable {
  /**
   * {@code nftables_ipvs [TABLE]}, {@code nftables_ipvs_priority} and {@code nftables_counters}.
   */
  public record Settings(String table, int priority, boolean counters) {
    public static final String DEFAULT_TABLE = "keepalived_ipvs";
    public static final int DEFAULT_PRIORITY = -1;
  }

  /**
   * Packets of {@code protocol} (6, 17, 132) to an address from {@code first} to {@code last} (of
   * one family) and {@code port} get {@code mark}.
   */
  public record Element(int protocol, InetAddress first, InetAddress last, int port, int mark) {
    public Element {
      if ((first instanceof Inet4Address) != (last instanceof Inet4Address)) {
        throw new IllegalArgumentException(first + "-" + last + ": two families");
      }
      if (protocol != TCP && protocol != UDP && protocol != SCTP) {
        throw new IllegalArgumentException("protocol " + protocol);
      }
    }

    int family() {
      return first instanceof Inet4Address ? NFPROTO_IPV4 : NFPROTO_IPV6;
    }

    @Override
    public String toString() {
      String range =
          first.equals(last)
              ? first.getHostAddress()
              : first.getHostAddress() + "-" + last.getHostAddress();
      return mapName(protocol) + " " + range + " . " + port + " : " + mark;
    }
  }

  static final int TCP = 6;
  static final int UDP = 17;
  static final int SCTP = 132;
  static final String IN = "in";

  /** The destination address's offset in the IPv4 and IPv6 headers; the destination port's. */
  static final int IPV4_DADDR = 16;

  static final int IPV6_DADDR = 24;
  static final int DPORT = 2;

  private final Settings settings;
  private final VipFirewall.Kernel kernel;

  // the families whose table is made, and the maps made, as "family/protocol"
  private final Set<Integer> tables = new LinkedHashSet<>();
  private final Set<String> maps = new LinkedHashSet<>();
  private final Set<Element> present = new LinkedHashSet<>();

  /** libnftnl-style transaction ids of new sets, counted over the firewall's life. */
  private int setIds;

  public IpvsFirewall(Settings settings, VipFirewall.Kernel kernel) {
    this.settings = settings;
    this.kernel = kernel;
  }

  public Settings settings() {
    return settings;
  }

  /** The elements in the maps now. */
  public synchronized List<Element> elements() {
    return List.copyOf(present);
  }

  /**
   * Makes the maps hold {@code wanted}, in its order: deletes the elements not in it, then adds
   * those missing (making a family's table and a protocol's map and rule at its first element).
   * Returns how many messages went to the kernel (0: nothing changed). Throws the kernel's refusal;
   * then nothing changed.
   */
  public synchronized int apply(List<Element> wanted) {
    Set<Element> want = new LinkedHashSet<>(wanted);
    List<byte[]> out = new ArrayList<>();
    for (Element e : present) {
      if (!want.contains(e)) {
        out.add(element(e, false, 0));
      }
    }
    Set<Integer> newTables = new LinkedHashSet<>(tables);
    Set<String> newMaps = new LinkedHashSet<>(maps);
    int ids = setIds;
    boolean leftoversChecked = !tables.isEmpty();
    for (Element e : want) {
      if (present.contains(e)) {
        continue;
      }
      int family = e.family();
      if (!leftoversChecked) {
        leftoversChecked = true;
        out.addAll(kernel.leftoverDeletions(settings.table()));
      }
      if (newTables.add(family)) {
        out.add(NftCodec.newTable(family, settings.table()));
        out.add(
            NftCodec.newBaseChain(
                family, settings.table(), IN, NftCodec.NF_INET_LOCAL_IN, settings.priority()));
      }
      int setId = 0;
      if (newMaps.add(family + "/" + e.protocol())) {
        setId = ++ids;
        out.add(map(family, e.protocol(), setId));
        out.add(rule(family, e.protocol()));
      }
      out.add(element(e, true, setId));
    }
    if (out.isEmpty()) {
      return 0;
    }
    kernel.transaction(out);
    setIds = ids;
    tables.clear();
    tables.addAll(newTables);
    maps.clear();
    maps.addAll(newMaps);
    present.clear();
    present.addAll(want);
    return out.size();
  }

  /** Deletes the tables this firewall made (keepalived does so at its stop). */
  @Override
  public synchronized void close() {
    if (tables.isEmpty()) {
      return;
    }
    List<byte[]> out = new ArrayList<>();
    for (int family : new int[] {NFPROTO_IPV4, NFPROTO_IPV6}) {
      if (tables.contains(family)) {
        out.add(NftCodec.deleteTable(family, settings.table()));
      }
    }
    kernel.transaction(out);
    tables.clear();
    maps.clear();
    present.clear();
  }

  static String mapName(int protocol) {
    return protocol == TCP ? "tcp_map" : protocol == UDP ? "udp_map" : "sctp_map";
  }

  private byte[] map(int family, int protocol, int id) {
    boolean v4 = family == NFPROTO_IPV4;
    int addressType = v4 ? NftCodec.TYPE_IPADDR : NftCodec.TYPE_IP6ADDR;
    return NftCodec.newSet(
        family,
        settings.table(),
        mapName(protocol),
        NftCodec.NFT_SET_MAP | NftCodec.NFT_SET_INTERVAL | NftCodec.NFT_SET_CONCAT,
        addressType << NftCodec.TYPE_BITS | NftCodec.TYPE_INET_SERVICE,
        keyLength(family),
        NftCodec.TYPE_MARK,
        4,
        id,
        NftCodec.BYTEORDER_HOST,
        NftCodec.BYTEORDER_HOST,
        new int[] {v4 ? 4 : 16, 2},
        settings.counters());
  }

  /**
   * {@code meta l4proto P meta mark set ip daddr . P dport map @P_map [counter] return}. keepalived
   * names the map in the lookup with set id 1 whatever its id.
   */
  private byte[] rule(int family, int protocol) {
    boolean v4 = family == NFPROTO_IPV4;
    List<Expr> e = new ArrayList<>();
    e.add(new NftCodec.Meta(NftCodec.META_L4PROTO, REG_1));
    e.add(new NftCodec.CmpEq(REG_1, new byte[] {(byte) protocol}));
    e.add(
        new NftCodec.Payload(
            NftCodec.PAYLOAD_NETWORK, v4 ? IPV4_DADDR : IPV6_DADDR, v4 ? 4 : 16, REG_1));
    e.add(
        new NftCodec.Payload(
            NftCodec.PAYLOAD_TRANSPORT, DPORT, 2, v4 ? NftCodec.REG32_01 : NftCodec.REG_2));
    e.add(new NftCodec.Lookup(mapName(protocol), REG_1, REG_1, 1));
    e.add(new NftCodec.MetaSet(NftCodec.META_MARK, REG_1));
    if (settings.counters()) {
      e.add(new NftCodec.Counter());
    }
    e.add(new NftCodec.Verdict(NftCodec.NFT_RETURN, null));
    return NftCodec.newRule(family, settings.table(), IN, e);
  }

  private byte[] element(Element e, boolean add, int setId) {
    int family = e.family();
    return NftCodec.mapRangeElement(
        add,
        family,
        settings.table(),
        mapName(e.protocol()),
        setId,
        key(e.first(), e.port(), family),
        key(e.last(), e.port(), family),
        ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(e.mark()).array());
  }

  /** The address, then the port (big-endian), padded to 4 bytes: 8 (IPv4) or 20 (IPv6) bytes. */
  private static byte[] key(InetAddress a, int port, int family) {
    byte[] k = new byte[keyLength(family)];
    byte[] raw = a.getAddress();
    System.arraycopy(raw, 0, k, 0, raw.length);
    k[raw.length] = (byte) (port >> 8);
    k[raw.length + 1] = (byte) port;
    return k;
  }

  private static int keyLength(int family) {
    return family == NFPROTO_IPV4 ? 8 : 20;
  }
}
