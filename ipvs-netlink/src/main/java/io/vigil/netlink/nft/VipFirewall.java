package io.vigil.netlink.nft;

import static io.vigil.netlink.nft.NftCodec.NFPROTO_IPV4;
import static io.vigil.netlink.nft.NftCodec.NFPROTO_IPV6;
import static io.vigil.netlink.nft.NftCodec.REG_1;
import static io.vigil.netlink.nft.NftCodec.REG_2;

import io.vigil.netlink.nft.NftCodec.Expr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The firewall of VRRP's no_accept mode, as keepalived 2.2.7 keeps it with nftables: while an
 * instance that does not accept is master, packets to its addresses are dropped on input and
 * packets from them on output (so neither the host nor IPVS answers them), by a table of its own
 * ({@code ip keepalived} / {@code ip6 keepalived} unless named) whose chains hook in at priority -1
 * and look the addresses up in a set. The tables are made the first time an address of their family
 * is added, after deleting a table of the same name left by an earlier run; the addresses come and
 * go as set elements; {@link #close} deletes the tables. IPv6 neighbour discovery passes, and a
 * link-local address is dropped only on its own interface (by index, or by name).
 *
 * <p>The messages are keepalived's, byte for byte (the golden captures); each change is one
 * nf_tables transaction, so the kernel applies all of it or none. Thread-safe.
 */
public final class VipFirewall implements AutoCloseable {
  /**
   * keepalived's {@code nftables [TABLE]}, {@code nftables_priority}, {@code nftables_counters} and
   * {@code nftables_ifindex}.
   */
  public record Settings(String table, int priority, boolean counters, boolean ifindex) {
    public static final String DEFAULT_TABLE = "keepalived";
    public static final int DEFAULT_PRIORITY = -1;

    public static Settings defaults() {
      return new Settings(DEFAULT_TABLE, DEFAULT_PRIORITY, false, false);
    }
  }

  /**
   * One address to drop. A link-local IPv6 one is keyed with its interface: by name when {@code
   * byName} (keepalived does so for an instance with {@code dont_track_primary}, unless {@code
   * nftables_ifindex}), by index otherwise.
   */
  public record Vip(InetAddress address, int ifindex, String ifname, boolean byName) {
    public static Vip of(InetAddress address) {
      return new Vip(address, 0, "", false);
    }

    boolean linkLocal() {
      return !(address instanceof Inet4Address) && address.isLinkLocalAddress();
    }
  }

  /** Where the messages go: a netfilter netlink socket, or a test's twin. */
  public interface Kernel {
    /** Whether a table of this family and name exists. */
    boolean hasTable(int family, String table);

    /**
     * Sends one transaction (these messages between a batch begin and end); throws the kernel's
     * refusal, after which nothing of it applies.
     */
    void transaction(List<byte[]> messages);
  }

  static final String VIPS = "vips";
  static final String ND = "neighbor-discovery";
  static final String LL_INDEX = "vips_link_local";
  static final String LL_NAME = "vips_link_local_name";
  static final String IN = "in";
  static final String OUT = "out";
  static final String IN_LL = "in_link_local";
  static final String OUT_LL = "out_link_local";
  static final int IFNAMSIZ = 16;

  /** Offsets in the IPv4 and IPv6 headers and the ICMPv6 types that always pass. */
  static final int IPV4_SADDR = 12;

  static final int IPV4_DADDR = 16;
  static final int IPV6_NEXTHDR = 6;
  static final int IPV6_SADDR = 8;
  static final int IPV6_DADDR = 24;
  static final int IPPROTO_ICMPV6 = 58;
  static final int ND_NEIGHBOR_SOLICIT = 135;
  static final int ND_NEIGHBOR_ADVERT = 136;

  private final Settings settings;
  private final Kernel kernel;

  /** What is in the kernel (committed transactions only). */
  private boolean ipv4;

  private boolean ipv6;
  private boolean llIndex;
  private boolean llName;
  private final Set<Element> present = new HashSet<>();

  /** libnftnl-style transaction ids of new sets, counted over the firewall's life. */
  private int setIds;

  private record Element(int family, String set, ByteBuffer key) {}

  public VipFirewall(Settings settings, Kernel kernel) {
    this.settings = settings;
    this.kernel = kernel;
  }

  public Settings settings() {
    return settings;
  }

  /** Whether any of the tables exists (made by this firewall and not yet closed). */
  public synchronized boolean active() {
    return ipv4 || ipv6;
  }

  /** The addresses dropped now, as their set keys (for status and tests). */
  public synchronized int size() {
    return present.size();
  }

  /**
   * Starts dropping traffic to and from these addresses (those not dropped already), making the
   * tables first when needed. Throws the kernel's refusal; then nothing changed.
   */
  public synchronized void add(List<Vip> vips) {
    Plan p = new Plan();
    List<Element> fresh = new ArrayList<>();
    for (Vip v : vips) {
      Element e = element(v);
      if (present.contains(e) || fresh.contains(e)) {
        continue;
      }
      if (e.family() == NFPROTO_IPV4) {
        if (!p.ipv4) {
          p.setUpIpv4();
        }
      } else {
        if (!p.ipv6) {
          p.setUpIpv6();
        }
        if (e.set().equals(LL_INDEX) && !p.llIndex) {
          p.setUpLinkLocal(false);
        } else if (e.set().equals(LL_NAME) && !p.llName) {
          p.setUpLinkLocal(true);
        }
      }
      fresh.add(e);
    }
    if (fresh.isEmpty()) {
      return;
    }
    p.elements(fresh, true);
    kernel.transaction(p.messages);
    ipv4 = p.ipv4;
    ipv6 = p.ipv6;
    llIndex = p.llIndex;
    llName = p.llName;
    present.addAll(fresh);
  }

  /** Stops dropping traffic to and from these addresses (those dropped now). */
  public synchronized void remove(List<Vip> vips) {
    List<Element> gone = new ArrayList<>();
    for (Vip v : vips) {
      Element e = element(v);
      if (present.contains(e) && !gone.contains(e)) {
        gone.add(e);
      }
    }
    if (gone.isEmpty()) {
      return;
    }
    Plan p = new Plan();
    p.elements(gone, false);
    kernel.transaction(p.messages);
    present.removeAll(gone);
  }

  /** Deletes the tables this firewall made (keepalived does so at its stop). */
  @Override
  public synchronized void close() {
    if (!ipv4 && !ipv6) {
      return;
    }
    List<byte[]> out = new ArrayList<>();
    if (ipv4) {
      out.add(NftCodec.deleteTable(NFPROTO_IPV4, settings.table()));
    }
    if (ipv6) {
      out.add(NftCodec.deleteTable(NFPROTO_IPV6, settings.table()));
    }
    kernel.transaction(out);
    ipv4 = ipv6 = llIndex = llName = false;
    present.clear();
  }

  private Element element(Vip v) {
    byte[] a = v.address().getAddress();
    if (a.length == 4) {
      return new Element(NFPROTO_IPV4, VIPS, ByteBuffer.wrap(a));
    }
    if (!v.linkLocal()) {
      return new Element(NFPROTO_IPV6, VIPS, ByteBuffer.wrap(a));
    }
    if (v.byName() && !settings.ifindex()) {
      byte[] key = new byte[16 + IFNAMSIZ];
      System.arraycopy(a, 0, key, 0, 16);
      byte[] name = v.ifname().getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(name, 0, key, 16, Math.min(name.length, IFNAMSIZ - 1));
      return new Element(NFPROTO_IPV6, LL_NAME, ByteBuffer.wrap(key));
    }
    ByteBuffer key = ByteBuffer.allocate(20).order(ByteOrder.nativeOrder());
    key.put(a).putInt(v.ifindex()).flip();
    return new Element(NFPROTO_IPV6, LL_INDEX, key);
  }

  /** The messages of one transaction, built on a copy of the state. */
  private final class Plan {
    final List<byte[]> messages = new ArrayList<>();
    boolean ipv4 = VipFirewall.this.ipv4;
    boolean ipv6 = VipFirewall.this.ipv6;
    boolean llIndex = VipFirewall.this.llIndex;
    boolean llName = VipFirewall.this.llName;

    String table() {
      return settings.table();
    }

    /** keepalived's check for a table left behind: before the first table of this run. */
    void deleteLeftovers() {
      if (ipv4 || ipv6) {
        return;
      }
      boolean old4 = kernel.hasTable(NFPROTO_IPV4, table());
      boolean old6 = kernel.hasTable(NFPROTO_IPV6, table());
      if (old4) {
        messages.add(NftCodec.deleteTable(NFPROTO_IPV4, table()));
      }
      if (old6) {
        messages.add(NftCodec.deleteTable(NFPROTO_IPV6, table()));
      }
    }

    void baseChains(int family) {
      messages.add(NftCodec.newTable(family, table()));
      messages.add(
          NftCodec.newBaseChain(
              family, table(), OUT, NftCodec.NF_INET_LOCAL_OUT, settings.priority()));
      messages.add(
          NftCodec.newBaseChain(
              family, table(), IN, NftCodec.NF_INET_LOCAL_IN, settings.priority()));
    }

    void setUpIpv4() {
      deleteLeftovers();
      baseChains(NFPROTO_IPV4);
      messages.add(
          NftCodec.newSet(
              NFPROTO_IPV4,
              table(),
              VIPS,
              0,
              NftCodec.TYPE_IPADDR,
              4,
              ++setIds,
              NftCodec.BYTEORDER_BIG_ENDIAN));
      rule(NFPROTO_IPV4, IN, address(IPV4_DADDR, 4), lookup(VIPS), drop());
      rule(NFPROTO_IPV4, OUT, address(IPV4_SADDR, 4), lookup(VIPS), drop());
      ipv4 = true;
    }

    void setUpIpv6() {
      deleteLeftovers();
      baseChains(NFPROTO_IPV6);
      messages.add(NftCodec.newChain(NFPROTO_IPV6, table(), IN_LL));
      messages.add(NftCodec.newChain(NFPROTO_IPV6, table(), OUT_LL));
      messages.add(
          NftCodec.newSet(
              NFPROTO_IPV6,
              table(),
              VIPS,
              0,
              NftCodec.TYPE_IP6ADDR,
              16,
              ++setIds,
              NftCodec.BYTEORDER_BIG_ENDIAN));
      int nd = ++setIds;
      messages.add(
          NftCodec.newSet(
              NFPROTO_IPV6,
              table(),
              ND,
              NftCodec.NFT_SET_CONSTANT,
              NftCodec.TYPE_ICMPV6_TYPE,
              1,
              nd,
              NftCodec.BYTEORDER_HOST));
      messages.add(
          NftCodec.newSetElements(
              NFPROTO_IPV6,
              table(),
              ND,
              nd,
              List.of(
                  new byte[] {(byte) ND_NEIGHBOR_SOLICIT}, new byte[] {(byte) ND_NEIGHBOR_ADVERT}),
              false));
      Expr[] ndAccept = {
        new NftCodec.Payload(NftCodec.PAYLOAD_NETWORK, IPV6_NEXTHDR, 1, REG_1),
        new NftCodec.CmpEq(REG_1, new byte[] {(byte) IPPROTO_ICMPV6}),
        new NftCodec.Payload(NftCodec.PAYLOAD_TRANSPORT, 0, 1, REG_1),
        lookup(ND),
        new NftCodec.Verdict(NftCodec.NF_ACCEPT, null)
      };
      rule(NFPROTO_IPV6, IN, ndAccept);
      rule(NFPROTO_IPV6, IN, linkLocalGoto(IPV6_DADDR, IN_LL));
      rule(NFPROTO_IPV6, OUT, ndAccept);
      rule(NFPROTO_IPV6, OUT, linkLocalGoto(IPV6_SADDR, OUT_LL));
      rule(NFPROTO_IPV6, IN, address(IPV6_DADDR, 16), lookup(VIPS), drop());
      rule(NFPROTO_IPV6, OUT, address(IPV6_SADDR, 16), lookup(VIPS), drop());
      ipv6 = true;
    }

    /** {@code ip6 daddr|saddr fe80::/10 goto CHAIN}. */
    Expr[] linkLocalGoto(int offset, String chain) {
      byte[] mask = new byte[16];
      mask[0] = (byte) 0xff;
      mask[1] = (byte) 0xc0;
      byte[] prefix = new byte[16];
      prefix[0] = (byte) 0xfe;
      prefix[1] = (byte) 0x80;
      return new Expr[] {
        address(offset, 16),
        new NftCodec.Bitwise(REG_1, mask, new byte[16]),
        new NftCodec.CmpEq(REG_1, prefix),
        new NftCodec.Verdict(NftCodec.NFT_GOTO, chain)
      };
    }

    /** {@code ip6 daddr . iif @vips_link_local drop} and its output twin (or by name). */
    void setUpLinkLocal(boolean byName) {
      String set = byName ? LL_NAME : LL_INDEX;
      int ifType = byName ? NftCodec.TYPE_IFNAME : NftCodec.TYPE_IFINDEX;
      messages.add(
          NftCodec.newSet(
              NFPROTO_IPV6,
              table(),
              set,
              0,
              NftCodec.TYPE_IP6ADDR << NftCodec.TYPE_BITS | ifType,
              16 + (byName ? IFNAMSIZ : 4),
              ++setIds,
              NftCodec.BYTEORDER_HOST));
      rule(
          NFPROTO_IPV6,
          IN_LL,
          address(IPV6_DADDR, 16),
          new NftCodec.Meta(byName ? NftCodec.META_IIFNAME : NftCodec.META_IIF, REG_2),
          lookup(set),
          drop());
      rule(
          NFPROTO_IPV6,
          OUT_LL,
          address(IPV6_SADDR, 16),
          new NftCodec.Meta(byName ? NftCodec.META_OIFNAME : NftCodec.META_OIF, REG_2),
          lookup(set),
          drop());
      if (byName) {
        llName = true;
      } else {
        llIndex = true;
      }
    }

    Expr address(int offset, int len) {
      return new NftCodec.Payload(NftCodec.PAYLOAD_NETWORK, offset, len, REG_1);
    }

    Expr lookup(String set) {
      return new NftCodec.Lookup(set, REG_1);
    }

    Expr drop() {
      return new NftCodec.Verdict(NftCodec.NF_DROP, null);
    }

    /** A rule; with nftables_counters a counter goes before its verdict, as keepalived puts it. */
    void rule(int family, String chain, Expr... exprs) {
      List<Expr> list = new ArrayList<>(List.of(exprs));
      if (settings.counters()) {
        list.add(list.size() - 1, new NftCodec.Counter());
      }
      messages.add(NftCodec.newRule(family, table(), chain, list));
    }

    /** One NEWSETELEM / DELSETELEM per set: IPv4, IPv6, link-local by index, by name. */
    void elements(List<Element> elements, boolean add) {
      add(elements, add, NFPROTO_IPV4, VIPS);
      add(elements, add, NFPROTO_IPV6, VIPS);
      add(elements, add, NFPROTO_IPV6, LL_INDEX);
      add(elements, add, NFPROTO_IPV6, LL_NAME);
    }

    private List<byte[]> keysOf(List<Element> elements, int family, String set) {
      List<byte[]> keys = new ArrayList<>();
      for (Element e : elements) {
        if (e.family() == family && e.set().equals(set)) {
          keys.add(bytes(e.key()));
        }
      }
      return keys;
    }

    private void add(List<Element> elements, boolean add, int family, String set) {
      List<byte[]> keys = keysOf(elements, family, set);
      if (keys.isEmpty()) {
        return;
      }
      messages.add(
          add
              ? NftCodec.newSetElements(family, table(), set, 0, keys, true)
              : NftCodec.deleteSetElements(family, table(), set, keys));
    }
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
