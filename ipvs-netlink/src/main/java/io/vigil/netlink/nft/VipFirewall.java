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
import java.util.List;

/**
 * The firewall of VRRP's no_accept mode and of its VMACs, as keepalived 2.2.7 keeps them with
 * nftables, in a table of its own per family ({@code ip keepalived} / {@code ip6 keepalived} unless
 * named) whose base chains hook in at priority -1. The tables are made when first needed, after
 * deleting a table of the same name left by an earlier run; {@link #close} deletes them.
 *
 * <p>no_accept: while an instance that does not accept is master, packets to its addresses are
 * dropped on input and packets from them on output (so neither the host nor IPVS answers them), the
 * addresses being elements of a set. IPv6 neighbour discovery passes, and a link-local address is
 * dropped only on its own interface (by index, or by name).
 *
 * <p>VMACs: the IGMP and MLD reports that would leave a VMAC leave the interface under it instead,
 * and IPv6 router solicitations from it are dropped ({@link #addVmac}).
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

    /**
     * keepalived's check for tables left by an earlier run: the deletions of this name's IPv4 and
     * IPv6 tables that exist.
     */
    default List<byte[]> leftoverDeletions(String table) {
      List<byte[]> out = new ArrayList<>();
      for (int family : new int[] {NFPROTO_IPV4, NFPROTO_IPV6}) {
        if (hasTable(family, table)) {
          out.add(NftCodec.deleteTable(family, table));
        }
      }
      return out;
    }

    /**
     * Closes a kernel that holds a socket (the real one does, a twin need not); a failure goes to
     * {@code failed}, never up.
     */
    static void close(Kernel kernel, java.util.function.Consumer<Exception> failed) {
      if (kernel instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Exception e) {
          failed.accept(e);
        }
      }
    }
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

  static final String VMAC_MAP = "vmac_map";
  static final String VMAC_SET = "vmac_set";
  static final int IPV4_PROTOCOL = 9;
  static final int IPPROTO_IGMP = 2;
  static final int MLD2_LISTENER_REPORT = 143;
  static final int ND_ROUTER_SOLICIT = 133;

  /** {@code meta oifkind}'s value for a VMAC: "macvlan", NUL-padded to 16 bytes. */
  static final byte[] MACVLAN =
      java.util.Arrays.copyOf("macvlan".getBytes(StandardCharsets.US_ASCII), 16);

  private final Settings settings;
  private final Kernel kernel;

  /**
   * What is in the kernel (committed transactions only): per family the table with its output
   * chain, the no_accept part (input chain, sets, rules), the VMAC part; the link-local sets.
   */
  private static final class Made implements Cloneable {
    boolean table4;
    boolean table6;
    boolean vips4;
    boolean vips6;
    boolean igmp4;
    boolean igmp6;
    boolean llIndex;
    boolean llName;

    @Override
    public Made clone() {
      try {
        return (Made) super.clone();
      } catch (CloneNotSupportedException e) {
        throw new AssertionError(e);
      }
    }
  }

  private Made made = new Made();
  // each dropped address's set key, with the address it was made from (to key it again)
  private final java.util.Map<Element, Vip> present = new java.util.HashMap<>();

  /** The VMACs whose reports are moved, by family and index, with the interface under each. */
  private final java.util.Map<List<Integer>, Integer> vmacs = new java.util.HashMap<>();

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
    return made.table4 || made.table6;
  }

  /** The addresses dropped now, as their set keys (for status and tests). */
  public synchronized int size() {
    return present.size();
  }

  /**
   * Starts dropping traffic to and from these addresses (those not dropped already), making the
   * tables first when needed; returns how many were not dropped before. Throws the kernel's
   * refusal; then nothing changed.
   */
  public synchronized int add(List<Vip> vips) {
    Plan p = new Plan();
    java.util.Map<Element, Vip> fresh = plan(p, vips);
    if (fresh.isEmpty()) {
      return 0;
    }
    kernel.transaction(p.messages);
    made = p.made;
    present.putAll(fresh);
    return fresh.size();
  }

  /** Adds to {@code p} the sets and elements of the addresses not dropped already. */
  private java.util.Map<Element, Vip> plan(Plan p, List<Vip> vips) {
    java.util.Map<Element, Vip> fresh = new java.util.LinkedHashMap<>();
    for (Vip v : vips) {
      Element e = element(v);
      if (present.containsKey(e) || fresh.containsKey(e)) {
        continue;
      }
      p.setUpVips(e.family());
      if (e.set().equals(LL_INDEX) && !p.made.llIndex) {
        p.setUpLinkLocal(false);
      } else if (e.set().equals(LL_NAME) && !p.made.llName) {
        p.setUpLinkLocal(true);
      }
      fresh.put(e, v);
    }
    if (!fresh.isEmpty()) {
      p.elements(new ArrayList<>(fresh.keySet()), true);
    }
    return fresh;
  }

  /**
   * A firewall with other settings (a reload changed {@code nftables}, its priority, counters or
   * ifindex) that holds what this one holds: the same addresses dropped, the same VMACs' reports
   * moved, made in one transaction. A table of the same name is replaced in that transaction, so
   * the addresses are never let through; a table of another name stays until the caller closes this
   * firewall (after). Throws the kernel's refusal; then nothing changed. This firewall is spent:
   * the caller closes it when the name differs, and drops it when it is the same.
   */
  public synchronized VipFirewall replacedBy(Settings next) {
    VipFirewall n = new VipFirewall(next, kernel);
    n.restore(new ArrayList<>(present.values()), vmacs);
    return n;
  }

  private synchronized void restore(List<Vip> vips, java.util.Map<List<Integer>, Integer> moved) {
    Plan p = new Plan();
    java.util.Map<Element, Vip> fresh = plan(p, vips);
    // by family, then index: the same transaction whatever the map's order
    List<List<Integer>> keys = new ArrayList<>(moved.keySet());
    keys.sort(
        java.util.Comparator.<List<Integer>>comparingInt(k -> k.get(0))
            .thenComparingInt(k -> k.get(1)));
    for (List<Integer> k : keys) {
      p.setUpIgmp(k.get(0));
      // the map and set are found by name: sets made earlier in the transaction are visible
      p.vmacElements(k.get(0), k.get(1), moved.get(k), true, false);
    }
    if (p.messages.isEmpty()) {
      return;
    }
    kernel.transaction(p.messages);
    made = p.made;
    present.putAll(fresh);
    vmacs.putAll(moved);
  }

  /** Stops dropping traffic to and from these addresses (those dropped now). */
  public synchronized void remove(List<Vip> vips) {
    List<Element> gone = new ArrayList<>();
    for (Vip v : vips) {
      Element e = element(v);
      if (present.containsKey(e) && !gone.contains(e)) {
        gone.add(e);
      }
    }
    if (gone.isEmpty()) {
      return;
    }
    Plan p = new Plan();
    p.elements(gone, false);
    kernel.transaction(p.messages);
    present.keySet().removeAll(gone);
  }

  /**
   * keepalived's rules for a VMAC (use_vmac): the IGMP reports (IPv4) and MLD reports (IPv6) that
   * would leave the VMAC, from its virtual MAC, leave the interface under it instead ({@code dup})
   * and IPv6 router solicitations are dropped, so that a backup's VMAC never shows its MAC to the
   * switches. {@code families} are the instance's and, when it has excluded addresses of the other
   * family, that one. {@code oldIndex} (0: none) is a VMAC of the same instance made again: it
   * leaves the maps in the same transaction.
   */
  public synchronized void addVmac(int index, int baseIndex, List<Integer> families, int oldIndex) {
    Plan p = new Plan();
    java.util.Map<List<Integer>, Integer> gone = new java.util.HashMap<>();
    if (oldIndex != 0) {
      for (int family : families) {
        Integer oldBase = vmacs.get(List.of(family, oldIndex));
        if (oldBase != null) {
          p.vmacElements(family, oldIndex, oldBase, false, false);
          gone.put(List.of(family, oldIndex), oldBase);
        }
      }
    }
    java.util.Map<List<Integer>, Integer> fresh = new java.util.HashMap<>();
    for (int family : families) {
      if (vmacs.containsKey(List.of(family, index))) {
        continue;
      }
      boolean made = p.setUpIgmp(family);
      p.vmacElements(family, index, baseIndex, true, made);
      fresh.put(List.of(family, index), baseIndex);
    }
    if (p.messages.isEmpty()) {
      return;
    }
    kernel.transaction(p.messages);
    made = p.made;
    gone.keySet().forEach(vmacs::remove);
    vmacs.putAll(fresh);
  }

  /** The VMAC's reports are no longer moved (it is being deleted). */
  public synchronized void removeVmac(int index, List<Integer> families) {
    Plan p = new Plan();
    List<List<Integer>> gone = new ArrayList<>();
    for (int family : families) {
      Integer base = vmacs.get(List.of(family, index));
      if (base != null) {
        p.vmacElements(family, index, base, false, false);
        gone.add(List.of(family, index));
      }
    }
    if (p.messages.isEmpty()) {
      return;
    }
    kernel.transaction(p.messages);
    gone.forEach(vmacs::remove);
  }

  /** Deletes the tables this firewall made (keepalived does so at its stop). */
  @Override
  public synchronized void close() {
    if (!made.table4 && !made.table6) {
      return;
    }
    List<byte[]> out = new ArrayList<>();
    if (made.table4) {
      out.add(NftCodec.deleteTable(NFPROTO_IPV4, settings.table()));
    }
    if (made.table6) {
      out.add(NftCodec.deleteTable(NFPROTO_IPV6, settings.table()));
    }
    kernel.transaction(out);
    made = new Made();
    present.clear();
    vmacs.clear();
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
    final Made made = VipFirewall.this.made.clone();

    String table() {
      return settings.table();
    }

    /** keepalived's check for a table left behind: before the first table of this run. */
    void deleteLeftovers() {
      if (made.table4 || made.table6) {
        return;
      }
      messages.addAll(kernel.leftoverDeletions(table()));
    }

    /** The family's table and its output chain. */
    void setUpTable(int family) {
      if (family == NFPROTO_IPV4 ? made.table4 : made.table6) {
        return;
      }
      deleteLeftovers();
      messages.add(NftCodec.newTable(family, table()));
      messages.add(
          NftCodec.newBaseChain(
              family, table(), OUT, NftCodec.NF_INET_LOCAL_OUT, settings.priority()));
      if (family == NFPROTO_IPV4) {
        made.table4 = true;
      } else {
        made.table6 = true;
      }
    }

    /** The no_accept part: the input chain, the sets and the rules. */
    void setUpVips(int family) {
      if (family == NFPROTO_IPV4 ? made.vips4 : made.vips6) {
        return;
      }
      setUpTable(family);
      messages.add(
          NftCodec.newBaseChain(
              family, table(), IN, NftCodec.NF_INET_LOCAL_IN, settings.priority()));
      if (family == NFPROTO_IPV4) {
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
        made.vips4 = true;
        return;
      }
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
      made.vips6 = true;
    }

    /**
     * The VMAC part of a family: the map from a VMAC to the interface under it, and the rules
     * moving the reports (IPv6: and the set and rule dropping router solicitations). Returns
     * whether it made them now.
     */
    boolean setUpIgmp(int family) {
      if (family == NFPROTO_IPV4 ? made.igmp4 : made.igmp6) {
        return false;
      }
      setUpTable(family);
      messages.add(
          NftCodec.newSet(
              family,
              table(),
              VMAC_MAP,
              NftCodec.NFT_SET_MAP,
              NftCodec.TYPE_IFINDEX,
              4,
              NftCodec.TYPE_IFINDEX,
              4,
              ++setIds,
              NftCodec.BYTEORDER_HOST,
              NftCodec.BYTEORDER_HOST));
      if (family == NFPROTO_IPV6) {
        messages.add(
            NftCodec.newSet(
                family,
                table(),
                VMAC_SET,
                0,
                NftCodec.TYPE_IFINDEX,
                4,
                ++setIds,
                NftCodec.BYTEORDER_HOST));
      }
      List<Expr> move = new ArrayList<>();
      if (family == NFPROTO_IPV4) {
        move.add(new NftCodec.Payload(NftCodec.PAYLOAD_NETWORK, IPV4_PROTOCOL, 1, REG_1));
        move.add(new NftCodec.CmpEq(REG_1, new byte[] {(byte) IPPROTO_IGMP}));
        move.add(address(IPV4_DADDR, 4));
      } else {
        move.addAll(icmpv6(MLD2_LISTENER_REPORT));
        move.add(address(IPV6_DADDR, 16));
      }
      move.addAll(oifIsAVmac());
      move.add(new NftCodec.Lookup(VMAC_MAP, REG_2, REG_2, 1));
      move.add(new NftCodec.Dup(REG_1, REG_2));
      move.add(drop());
      rule(family, OUT, move.toArray(new Expr[0]));
      if (family == NFPROTO_IPV6) {
        List<Expr> rs = new ArrayList<>(icmpv6(ND_ROUTER_SOLICIT));
        rs.addAll(oifIsAVmac());
        rs.add(new NftCodec.Lookup(VMAC_SET, REG_2, -1, 1));
        rs.add(drop());
        rule(family, OUT, rs.toArray(new Expr[0]));
        made.igmp6 = true;
      } else {
        made.igmp4 = true;
      }
      return true;
    }

    /** {@code meta l4proto icmpv6 icmpv6 type TYPE}. */
    List<Expr> icmpv6(int type) {
      return List.of(
          new NftCodec.Meta(NftCodec.META_L4PROTO, REG_1),
          new NftCodec.CmpEq(REG_1, new byte[] {(byte) IPPROTO_ICMPV6}),
          new NftCodec.Payload(NftCodec.PAYLOAD_TRANSPORT, 0, 1, REG_1),
          new NftCodec.CmpEq(REG_1, new byte[] {(byte) type}));
    }

    /** {@code meta oifkind "macvlan"}, then the output interface's index in register 2. */
    List<Expr> oifIsAVmac() {
      return List.of(
          new NftCodec.Meta(NftCodec.META_OIFKIND, REG_2),
          new NftCodec.CmpEq(REG_2, MACVLAN),
          new NftCodec.Meta(NftCodec.META_OIF, REG_2));
    }

    /** A VMAC's element in the map (and IPv6's set), added or deleted. */
    void vmacElements(int family, int index, int baseIndex, boolean add, boolean madeNow) {
      byte[] key = hostInt(index);
      byte[] base = hostInt(baseIndex);
      int mapId = madeNow ? setIds - (family == NFPROTO_IPV6 ? 1 : 0) : 0;
      messages.add(
          add
              ? NftCodec.newMapElements(
                  family, table(), VMAC_MAP, mapId, List.of(key), List.of(base))
              : NftCodec.deleteMapElements(family, table(), VMAC_MAP, List.of(key), List.of(base)));
      if (family == NFPROTO_IPV6) {
        messages.add(
            add
                ? NftCodec.newSetElements(
                    family, table(), VMAC_SET, madeNow ? setIds : 0, List.of(key), false)
                : NftCodec.deleteSetElements(family, table(), VMAC_SET, List.of(key)));
      }
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
        made.llName = true;
      } else {
        made.llIndex = true;
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

  private static byte[] hostInt(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
