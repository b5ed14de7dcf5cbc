package io.vigil.config.parse;

import io.vigil.config.lang.Node;
import io.vigil.config.model.Garp;
import io.vigil.config.model.GlobalDefs;
import io.vigil.config.model.Script;
import io.vigil.config.model.Vrrp;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code vrrp_instance}, checked as keepalived's vrrp_complete_instance() checks it. */
final class InstanceParser {
  static final long CENTI_US = 10_000L;
  private static final long HOUR_US = 3600 * Values.US_PER_S;

  private final Values v;
  private final VrrpParser vp;
  private final Keywords<B> kw;
  private final RouteParser routes;
  private final RuleParser rules;

  private static final class B {
    Vrrp.State state;
    boolean stateSet;
    String iface;
    int vrid;
    int priority;
    Long advertUs;
    Node advertNode;
    Integer version;
    boolean nopreempt;
    long preemptDelayUs;
    InetAddress unicastSrc;
    InetAddress mcastDst;
    Node mcastDstNode;
    final List<Vrrp.UnicastPeer> peers = new ArrayList<>();
    Integer downTimerAdverts;
    Boolean skipCheckAdvAddr;
    long kernelRxBufSize;
    Integer unicastTtl;
    Node unicastTtlNode;
    Vrrp.Authentication auth;
    final List<Vrrp.Vip> vips = new ArrayList<>();
    final List<Vrrp.Vip> evips = new ArrayList<>();
    final List<Vrrp.Track> ifaces = new ArrayList<>();
    final List<Vrrp.Track> scripts = new ArrayList<>();
    final List<Vrrp.Track> files = new ArrayList<>();
    final List<Vrrp.Track> processes = new ArrayList<>();
    final List<Vrrp.Track> bfds = new ArrayList<>();
    final VrrpParser.NotifyBuilder notify = new VrrpParser.NotifyBuilder();
    Long garpDelayUs;
    Integer garpRepeat;
    Long garpRefreshUs;
    Integer garpRefreshRepeat;
    Long garpLowerDelayUs;
    Integer garpLowerRepeat;
    Boolean accept;
    boolean dontTrackPrimary;
    boolean useVmacAddr;
    boolean trackSrcIp;
    Boolean smtpAlert;
    Boolean notifyPriorityChanges;
    Boolean lowerPrioNoAdvert;
    Boolean higherPrioSendAdvert;
    Boolean strict;
    boolean faultNoPeer;
    boolean promoteSecondaries;
    Node vmacNode;
    String vmacName;
    String vmacMac; // 6 octets, or 5 ending in ':' (the VRID is the sixth)
    Node xmitBaseNode;
    Node ipvlanNode;
    String ipvlanName;
    String ipvlanMode;
    io.vigil.config.model.IpPrefix ipvlanAddress;
    Vrrp.UnicastChecksum unicastChecksum = Vrrp.UnicastChecksum.DETECT;
    Node nativeIpv6;
    Vrrp.GarpExtraIf garpExtraIf;
    String name; // for the handlers' messages
    final List<io.vigil.config.model.StaticRoute> routes = new ArrayList<>();
    final List<io.vigil.config.model.StaticRule> rules = new ArrayList<>();
  }

  private final java.util.function.Predicate<String> interfaceExists;

  InstanceParser(Values v, VrrpParser vp, java.util.function.Predicate<String> interfaceExists) {
    this.routes = new RouteParser(v, interfaceExists);
    this.rules = new RuleParser(v, interfaceExists);
    this.v = v;
    this.interfaceExists = interfaceExists;
    this.vp = vp;
    kw =
        new Keywords<B>("vrrp_instance", this::keyword)
            .and((n, b) -> vp.notifyKeyword(n, b.notify));
  }

  /** A {@code vrrp_instance} keyword but the notify scripts'; false when it is none. */
  private boolean keyword(Node n, B b) {
    switch (n.keyword()) {
      case "track_bfd" -> vp.tracks(n, b.bfds, 253);
      case "use_ipvlan" -> ipvlan(n, b);
      case "state" -> state(n, b);
      case "interface" -> b.iface = iface(n);
      case "virtual_router_id" -> set(v.integer(n, 0, 1, 255), x -> b.vrid = x.intValue());
      case "priority" -> set(v.integer(n, 0, 1, 255), x -> b.priority = x.intValue());
      case "advert_int" -> {
        b.advertNode = n;
        set(v.timerUs(n, 0, CENTI_US, 255 * Values.US_PER_S), x -> b.advertUs = x);
      }
      case "version" -> set(v.integer(n, 0, 2, 3), x -> b.version = x.intValue());
      case "strict_mode" -> b.strict = v.flag(n);
      case "virtual_routes" -> routes.routes(n, b.routes);
      case "virtual_rules" -> rules.rules(n, b.rules);
      case "nopreempt" -> b.nopreempt = true;
      case "preempt" -> b.nopreempt = false;
      case "preempt_delay" ->
          set(v.timerUs(n, 0, 0, 1000 * Values.US_PER_S), x -> b.preemptDelayUs = x);
      // mcast_src_ip: keepalived's older name, the same source address (vrrp_parser.c)
      case "unicast_src_ip", "mcast_src_ip" ->
          b.unicastSrc = v.address(n, String.valueOf(v.arg(n, 0)));
      case "unicast_peer" -> peers(n, b);
      case "mcast_dst_ip" -> mcastDst(n, b);
      // Vigil always takes a unicast advert only from a listed peer (keepalived only with
      // this, or with a peer's min_ttl / max_ttl): the word is read and changes nothing
      case "check_unicast_src" -> v.extra(n, -1);
      case "unicast_fault_no_peer" -> b.faultNoPeer = v.flag(n);
      case "promote_secondaries" -> b.promoteSecondaries = v.flag(n);
      case "use_vmac" -> vmac(n, b);
      case "use_vmac_addr" -> b.useVmacAddr = true;
      case "vmac_xmit_base" -> b.xmitBaseNode = n;
      case "old_unicast_checksum" -> unicastChecksum(n, b);
      case "garp_extra_if", "vmac_garp_intvl" ->
          GlobalParser.garpExtraIf(v, n, "(" + b.name + "): ", 0).ifPresent(x -> b.garpExtraIf = x);
      // deprecated in keepalived (the addresses decide the family): an IPv6 instance is
      // one anyway; refused after IPv4 addresses, as keepalived refuses it
      case "native_ipv6" -> b.nativeIpv6 = n;
      case "unicast_ttl" -> {
        b.unicastTtlNode = n;
        // 0 is keepalived's lowest; the kernel sends nothing with TTL 0 (IP_TTL refuses
        // it)
        set(v.integer(n, 0, 1, 255), x -> b.unicastTtl = x.intValue());
      }
      case "skip_check_adv_addr" -> b.skipCheckAdvAddr = v.flag(n);
      case "debug" -> {
        // keepalived 2.2.7 keeps the level for its data dump and does nothing else
        Long level = n.args().size() >= 1 ? GlobalParser.unsigned(n.arg(0)) : null;
        if (level == null || level > 4) {
          v.error(
              n,
              "("
                  + b.name
                  + ") Debug value '"
                  + (n.args().isEmpty() ? "" : n.arg(0))
                  + "' not valid; must be between 0-4");
        }
      }
      case "kernel_rx_buf_size" -> {
        Long size = n.args().size() == 1 ? GlobalParser.unsigned(n.arg(0)) : null;
        if (size == null) {
          v.error(n, "(" + b.name + ") invalid kernel_rx_buf_size specified");
        } else {
          b.kernelRxBufSize = size;
        }
      }
      case "down_timer_adverts" ->
          set(v.integer(n, 0, 1, 100), x -> b.downTimerAdverts = x.intValue());
      case "authentication" -> auth(n, b);
      case "virtual_ipaddress" -> vips(n, b.vips);
      case "virtual_ipaddress_excluded" -> vips(n, b.evips);
      case "track_interface" -> vp.tracks(n, b.ifaces, 253);
      case "track_script" -> vp.tracks(n, b.scripts, 253);
      case "track_file" -> vp.tracks(n, b.files, 254);
      case "track_process" -> vp.tracks(n, b.processes, 254);
      case "garp_master_delay" -> set(v.timerUs(n, 0, 0, HOUR_US), x -> b.garpDelayUs = x);
      case "garp_master_repeat" -> set(v.integer(n, 0, 1, 65535), x -> b.garpRepeat = x.intValue());
      case "garp_master_refresh" -> set(v.timerUs(n, 0, 0, HOUR_US), x -> b.garpRefreshUs = x);
      case "garp_master_refresh_repeat" ->
          set(v.integer(n, 0, 1, 65535), x -> b.garpRefreshRepeat = x.intValue());
      case "garp_lower_prio_delay" -> set(v.timerUs(n, 0, 0, HOUR_US), x -> b.garpLowerDelayUs = x);
      case "garp_lower_prio_repeat" ->
          set(v.integer(n, 0, 0, 65535), x -> b.garpLowerRepeat = x.intValue());
      case "accept" -> b.accept = true;
      case "no_accept" -> b.accept = false;
      case "dont_track_primary" -> b.dontTrackPrimary = true;
      case "track_src_ip" -> b.trackSrcIp = true;
      case "smtp_alert" -> b.smtpAlert = v.flag(n);
      case "notify_priority_changes" -> b.notifyPriorityChanges = v.flag(n);
      case "lower_prio_no_advert" -> b.lowerPrioNoAdvert = v.flag(n);
      case "higher_prio_send_advert" -> b.higherPrioSendAdvert = v.flag(n);
      case "notify_master_rx_lower_pri" ->
          v.notifyScript(n).ifPresent(s -> b.notify.masterRxLowerPri = s);
      case "notify_deleted" -> notifyDeleted(n, b);
      case "lvs_sync_daemon_interface" ->
          v.error(
              n,
              "lvs_sync_daemon_interface in a vrrp_instance is deprecated - use global_defs lvs_sync_daemon");
      default -> {
        return false;
      }
    }
    return true;
  }

  /**
   * keepalived's strict mode checks, each reported with its words and reset as keepalived resets it
   * (a state that does not match being the address owner is dropped: the priority decides it; a
   * unicast instance is refused: false).
   */
  private boolean strict(Node n, String tag, B b) {
    boolean ok = true;
    if (b.state != null && (b.state == Vrrp.State.MASTER) != (b.priority == 255)) {
      v.error(n, tag + "State MASTER must match being address owner");
      b.state = null;
    }
    if (b.auth != null) {
      v.error(n, tag + "Strict mode does not support authentication. Ignoring.");
      b.auth = null;
    }
    if (!b.peers.isEmpty()) {
      v.error(n, tag + "Unicast peers are not supported in strict mode");
      ok = false;
    }
    if (b.preemptDelayUs != 0) {
      v.error(n, tag + "preempt_delay is incompatible with strict mode - resetting");
      b.preemptDelayUs = 0;
    }
    if (b.garpLowerRepeat != null && b.garpLowerRepeat != 0) {
      v.error(n, tag + "Strict mode requires no repeat garps. resetting");
    }
    b.garpLowerRepeat = 0;
    if (b.garpLowerDelayUs != null && b.garpLowerDelayUs != 0) {
      v.error(n, tag + "Strict mode requires no repeat garp delay. resetting");
    }
    b.garpLowerDelayUs = 0L;
    if (Boolean.FALSE.equals(b.lowerPrioNoAdvert)) {
      v.error(n, tag + "Strict mode requires no lower priority advert. resetting");
    }
    b.lowerPrioNoAdvert = true;
    if (Boolean.TRUE.equals(b.higherPrioSendAdvert)) {
      v.error(n, tag + "strict mode requires higher_prio_send_advert to be clear. resetting");
    }
    b.higherPrioSendAdvert = false;
    return ok;
  }

  /**
   * {@code use_vmac [NAME] [MAC]}, either in either order (a MAC has colons, a name cannot), each
   * checked as keepalived 2.2.7 checks it (vrrp_parser.c vrrp_vmac_handler): a bad one is reported
   * and ignored. A MAC of five octets takes the VRID as its sixth.
   */
  private void vmac(Node n, B b) {
    b.vmacNode = n;
    for (int i = 0; i < n.args().size(); i++) {
      String a = n.arg(i);
      if (i >= 2) {
        v.error(n, "use_vmac: extra '" + a + "' - ignored");
      } else if (a.contains(":")) {
        if (b.vmacMac != null) {
          v.error(n, "VMAC interface address already specified");
          continue;
        }
        String mac = vmacAddress(a);
        if (mac == null) {
          v.error(n, "VMAC invalid MAC address " + a + " - ignored");
        } else if ((Integer.parseInt(mac.substring(0, 2), 16) & 1) != 0) {
          v.error(n, "VMAC MAC address is multicast " + a + " - ignoring");
        } else if (mac.startsWith("00:00:5e:00:01:") || mac.startsWith("00:00:5e:00:02:")) {
          v.error(n, "VMAC MAC address not allowed to be RFC5798 address (" + a + ") - ignoring");
        } else {
          b.vmacMac = mac;
        }
      } else if (b.vmacName != null) {
        v.error(n, "VMAC interface name already specified");
      } else if (!Values.interfaceNameValid(a)) {
        v.error(n, "VMAC interface name '" + a + "' too long or invalid characters - ignoring");
      } else {
        b.vmacName = a;
      }
    }
  }

  /**
   * {@code use_ipvlan [NAME] [ADDRESS[/PREFIX]] [bridge|private|vepa]}, in any order, each checked
   * as keepalived 2.2.7 checks it (vrrp_parser.c vrrp_ipvlan_handler, its words): a second one of a
   * kind is reported and ignored.
   */
  private void ipvlan(Node n, B b) {
    String tag = "(" + b.name + ") ";
    if (b.ipvlanNode != null) {
      v.error(n, tag + "use_ipvlan already specified");
      return;
    }
    b.ipvlanNode = n;
    for (String a : n.args()) {
      if (a.equals("bridge") || a.equals("private") || a.equals("vepa")) {
        if (b.ipvlanMode != null) {
          v.error(n, tag + "ipvlan type already specified - ignoring '" + a + "'");
        } else {
          b.ipvlanMode = a;
        }
      } else if (Values.literal(a.contains("/") ? a.substring(0, a.indexOf('/')) : a) != null) {
        io.vigil.config.model.IpPrefix p = v.prefix(n, a);
        if (p != null && b.ipvlanAddress != null) {
          v.error(n, tag + "ipvlan address already specified - ignoring '" + a + "'");
        } else if (p != null) {
          b.ipvlanAddress = p;
        }
      } else if (b.ipvlanName != null) {
        v.error(n, tag + "IPVLAN interface already specified - ignoring '" + a + "'");
      } else if (!Values.interfaceNameValid(a)) {
        v.error(n, tag + "IPVLAN interface name '" + a + "' too long - ignoring");
      } else {
        b.ipvlanName = a;
      }
    }
  }

  /**
   * The instance's ipvlan, as keepalived 2.2.7 completes it (vrrp.c): an IPv4 one needs its
   * address, of the instance's family, which is the instance's source address unless it has a
   * {@code unicast_src_ip}. With {@code use_vmac} too, the ipvlan is made and no VMAC.
   */
  private Optional<Vrrp.Vmac> ipvlanOf(String tag, B b, boolean v6, String prefix) {
    Node n = b.ipvlanNode;
    if (b.vmacNode != null) {
      // keepalived 2.2.7 makes the ipvlan and no VMAC (vrrp.c), and says nothing
      v.warning(b.vmacNode, tag + "use_vmac ignored: use_ipvlan's interface holds the addresses");
    }
    if (b.iface == null) {
      v.error(n, tag + "Cannot use VMAC/ipvlan with unicast and no interface");
      return null;
    }
    if (b.xmitBaseNode != null) {
      v.error(b.xmitBaseNode, tag + "vmac_xmit_base is only valid with a vmac");
    }
    if (!v6 && b.ipvlanAddress == null) {
      v.error(
          n,
          tag
              + "IPv4 ipvlan requires a source ip address to be configured. setting instance to"
              + " fault state");
      return null;
    }
    if (b.ipvlanAddress != null && b.ipvlanAddress.isIpv4() == v6) {
      v.error(
          n,
          tag
              + "ipvlan address ["
              + b.ipvlanAddress
              + "] MUST match vrrp instance family !!! Skipping...");
      return null;
    }
    if (b.unicastSrc == null && b.ipvlanAddress != null) {
      b.unicastSrc = b.ipvlanAddress.address();
    }
    return Optional.of(
        Vrrp.Vmac.ipvlan(
            b.ipvlanName == null ? vmacName(prefix, "", b.vrid) : b.ipvlanName,
            new Vrrp.Ipvlan(
                b.ipvlanMode == null ? "bridge" : b.ipvlanMode,
                Optional.ofNullable(b.ipvlanAddress))));
  }

  /** {@code old_unicast_checksum [never]} (keepalived 2.2.7 vrrp_parser.c, its words). */
  private void unicastChecksum(Node n, B b) {
    if (n.args().isEmpty()) {
      b.unicastChecksum = Vrrp.UnicastChecksum.OLD;
    } else if (n.arg(0).equals("never")) {
      b.unicastChecksum = Vrrp.UnicastChecksum.NEVER;
    } else {
      v.error(n, "Unknown old_unicast_chksum mode " + n.arg(0) + " - ignoring");
    }
  }

  /**
   * {@code PREFIX[N].VRID}, the prefix cut to fit an interface name (15 characters), as keepalived
   * 2.2.7 names a VMAC (vrrp.c create_vmac_name).
   */
  /** The virtual router's MAC (RFC 5798 7.3): 00:00:5e:00:01:VRID, IPv6 00:00:5e:00:02:VRID. */
  static String defaultVmacMac(boolean v6, int vrid) {
    return (v6 ? "00:00:5e:00:02:" : "00:00:5e:00:01:") + String.format("%02x", vrid);
  }

  static String vmacName(String prefix, String n, int vrid) {
    String tail = n + "." + vrid;
    return prefix.substring(0, Math.min(prefix.length(), Math.max(0, 15 - tail.length()))) + tail;
  }

  /** A MAC address as 6 lower-case octets, or 5 and a ':' for the VRID; null when it is not. */
  static String vmacAddress(String s) {
    String[] octets = s.split(":", -1);
    int n = octets.length;
    boolean five = n == 5 || (n == 6 && octets[5].isEmpty());
    if (!five && n != 6) {
      return null;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < (five ? 5 : 6); i++) {
      String o = octets[i];
      if (o.isEmpty() || o.length() > 2 || !o.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
        return null;
      }
      out.append(String.format("%02x", Integer.parseInt(o, 16))).append(':');
    }
    return five ? out.toString() : out.substring(0, out.length() - 1);
  }

  /**
   * The instance's VMAC, as keepalived 2.2.7 completes it (vrrp.c): {@code vmac_xmit_base} only
   * with one and not in strict mode, {@code promote_secondaries} set on the VMAC anyway, and
   * unicast peers only with {@code vmac_xmit_base} (keepalived.conf(5): they reach the base
   * interface's address, never the VMAC).
   */
  private Optional<Vrrp.Vmac> vmacOf(
      Node n, String tag, B b, boolean strict, boolean v6, String prefix) {
    boolean xmitBase = b.xmitBaseNode != null;
    if (b.vmacNode == null) {
      if (xmitBase) {
        v.error(b.xmitBaseNode, tag + "vmac_xmit_base is only valid with a vmac");
      }
      return Optional.empty();
    }
    if (xmitBase && strict) {
      v.error(b.xmitBaseNode, tag + "xmit_base is incompatible with strict mode - resetting");
      xmitBase = false;
    }
    if (!b.peers.isEmpty() && !xmitBase) {
      v.error(
          b.vmacNode,
          tag
              + "use_vmac with unicast peers needs vmac_xmit_base (the peers' adverts reach the"
              + " base interface, not the VMAC) - setting it");
      xmitBase = true;
    }
    if (b.promoteSecondaries) {
      v.error(n, tag + "promote_secondaries is automatically set for vmacs - ignoring");
      b.promoteSecondaries = false;
    }
    String vrid = String.format("%02x", b.vrid);
    String mac =
        b.vmacMac == null
            ? defaultVmacMac(v6, b.vrid)
            : b.vmacMac.endsWith(":") ? b.vmacMac + vrid : b.vmacMac;
    return Optional.of(
        new Vrrp.Vmac(
            b.vmacName == null ? vmacName(prefix, "", b.vrid) : b.vmacName, mac, xmitBase));
  }

  private static <X> void set(X value, java.util.function.Consumer<X> to) {
    GlobalParser.set(value, to);
  }

  /**
   * One {@code vrrp_instance}. Strict mode ({@code strict_mode}, else the global {@code
   * vrrp_strict}) is applied as keepalived 2.2.7 completes an instance: no authentication, no
   * unicast peers (the instance is refused), no {@code preempt_delay}, {@code state MASTER} only
   * for the address owner, a VIP required, and the advert reactions at the RFC's: no gratuitous
   * ARPs and no advert on a lower priority advert, none before yielding to a higher one (set
   * otherwise, each is reported and reset).
   */
  Vrrp.Instance parse(Node n, GlobalDefs g, java.util.Map<String, long[]> garpGroups) {
    int globalVersion = g.vrrpVersion();
    Garp globalGarp = g.garp();
    boolean globalStrict = g.vrrpStrict();
    String name = vp.name(n);
    B b = new B();
    b.name = name;
    kw.apply(vp.blockOf(n), b, v);
    String tag = "(" + name + ") ";
    boolean ok = true;
    if (b.vrid == 0) {
      v.error(n, tag + "the virtual router id must be set");
      ok = false;
    }
    if (b.iface == null && b.unicastSrc == null) {
      v.error(n, tag + "no interface and no unicast_src_ip");
      ok = false;
    }
    boolean strict = b.strict != null ? b.strict : globalStrict;
    // keepalived 2.2.7 (vrrp.c, vrrp_complete_instance): an IPv6 instance (its first VIP's family)
    // speaks VRRPv3 unless it says otherwise; strict mode does not let it say version 2
    boolean firstVipV6 = !b.vips.isEmpty() && !b.vips.get(0).prefix().isIpv4();
    int version = b.version != null ? b.version : firstVipV6 ? 3 : globalVersion;
    if (firstVipV6 && version == 2 && strict) {
      v.error(n, tag + "cannot use IPv6 with VRRP version 2; setting version 3");
      version = 3;
    }
    long advertUs =
        advert(
            b.advertNode == null ? n : b.advertNode,
            tag,
            b.advertUs == null ? Values.US_PER_S : b.advertUs,
            version);
    if (b.priority == 0) {
      b.priority = b.state == Vrrp.State.MASTER ? 255 : 100;
    }
    if (strict) {
      ok &= strict(n, tag, b);
    }
    Vrrp.State state =
        b.state != null ? b.state : (b.priority == 255 ? Vrrp.State.MASTER : Vrrp.State.BACKUP);
    if (b.nopreempt && b.priority == 255) {
      v.error(n, tag + "nopreempt is incompatible with priority 255 - resetting nopreempt");
      b.nopreempt = false;
    }
    // keepalived 2.2.7 (vrrp.c): accept mode, unless set, is on for the address owner and off in
    // strict mode; strict VRRPv2 refuses it
    boolean accept = b.accept != null ? b.accept : b.priority == 255 || !strict;
    if (accept && b.priority != 255 && strict && version == 2) {
      v.error(
          n,
          tag
              + "warning - accept mode for VRRP version 2 does not comply with RFC3768 -"
              + " resetting");
      accept = false;
    }
    List<Vrrp.Vip> vips = sameFamily(tag, b.vips);
    if (vips.isEmpty()) {
      if (version == 3 || strict) {
        v.error(n, tag + "no VIP specified; at least one is required");
        ok = false;
      } else {
        v.error(n, tag + "no VIP specified; at least one is sensible");
      }
    }
    boolean v6 = !vips.isEmpty() && !vips.get(0).prefix().isIpv4();
    if (b.nativeIpv6 != null && !vips.isEmpty() && !v6) {
      v.error(b.nativeIpv6, tag + "Cannot specify native_ipv6 with IPv4 addresses");
    }
    if (b.auth != null && (version == 3 || v6)) {
      v.error(n, tag + "authentication is only for VRRPv2 over IPv4 - ignored");
      b.auth = null;
    }
    if (b.auth != null && b.auth.password().isEmpty()) {
      v.error(n, tag + "Authentication specified but no password given. Ignoring");
      b.auth = null;
    }
    if (b.auth != null
        && b.auth.type().equals("AH")
        && state == Vrrp.State.MASTER
        && b.priority != 255) {
      // keepalived 2.2.7 (vrrp.c): an AH router must hear the master's sequence number first
      v.error(n, tag + "Initial state master is incompatible with AH authentication - clearing");
      state = Vrrp.State.BACKUP;
    }
    for (Vrrp.UnicastPeer p : b.peers) {
      if ((p.address() instanceof java.net.Inet6Address) != v6 && !vips.isEmpty()) {
        v.error(
            n,
            tag
                + "unicast_peer "
                + io.vigil.config.model.Addresses.format(p.address())
                + " is not of the instance's address family - ignored");
      }
    }
    List<Vrrp.UnicastPeer> peers =
        b.peers.stream()
            .filter(p -> vips.isEmpty() || (p.address() instanceof java.net.Inet6Address) == v6)
            .toList();
    if (b.unicastTtl != null && b.peers.isEmpty()) {
      // where keepalived says it: at the end of the instance's block
      v.d.error(
          n.end(),
          tag
              + "Cannot use unicast_ttl (line "
              + b.unicastTtlNode.origin().line()
              + ") without unicast peers - resetting");
      b.unicastTtl = null;
    }
    Optional<InetAddress> mcastGroup = mcastGroup(n, tag, b, v6, vips.isEmpty(), peers, g);
    Optional<Vrrp.Vmac> vmac =
        b.ipvlanNode != null
            ? ipvlanOf(tag, b, v6, g.vmacPrefix())
            : vmacOf(n, tag, b, strict, v6, g.vmacPrefix());
    if (vmac == null) {
      ok = false;
    }
    if (!ok) {
      return null;
    }
    Garp garp =
        new Garp(
            or(b.garpDelayUs, globalGarp.masterDelayUs()),
            or(b.garpRepeat, globalGarp.masterRepeat()),
            or(b.garpRefreshUs, globalGarp.masterRefreshUs()),
            or(b.garpRefreshRepeat, globalGarp.masterRefreshRepeat()),
            // keepalived: unset, the global vrrp_garp_lower_prio_* (which default to the global
            // vrrp_garp_master_*), never the instance's own garp_master_*
            or(b.garpLowerDelayUs, globalGarp.lowerPrioDelayUs()),
            or(b.garpLowerRepeat, globalGarp.lowerPrioRepeat()));
    long[] announceIntervals =
        garpGroups.getOrDefault(
            b.iface == null ? "" : b.iface,
            new long[] {g.vrrpGarpIntervalUs(), g.vrrpGnaIntervalUs()});
    return new Vrrp.Instance(
        name,
        n.origin(),
        state,
        b.iface == null ? "" : b.iface,
        b.vrid,
        b.priority,
        advertUs,
        version,
        b.nopreempt,
        b.preemptDelayUs,
        Optional.ofNullable(b.unicastSrc),
        peers,
        Optional.ofNullable(b.auth),
        vips,
        b.evips,
        b.ifaces,
        b.scripts,
        b.files,
        b.processes,
        b.notify.build(),
        garp,
        accept,
        b.dontTrackPrimary,
        b.trackSrcIp,
        Optional.ofNullable(b.smtpAlert),
        Optional.ofNullable(b.notifyPriorityChanges),
        Optional.ofNullable(b.lowerPrioNoAdvert),
        Optional.ofNullable(b.higherPrioSendAdvert),
        Optional.ofNullable(b.strict),
        b.faultNoPeer,
        b.promoteSecondaries,
        or(b.downTimerAdverts, g.vrrpDownTimerAdverts()),
        or(b.unicastTtl, 255),
        or(b.skipCheckAdvAddr, g.vrrpSkipCheckAdvAddr()),
        announceIntervals[0],
        announceIntervals[1],
        b.routes,
        b.rules,
        vmac,
        b.unicastChecksum,
        b.garpExtraIf != null ? Optional.of(b.garpExtraIf) : g.vrrpGarpExtraIf(),
        b.useVmacAddr,
        List.of(),
        mcastGroup,
        b.bfds,
        b.kernelRxBufSize);
  }

  /** {@code mcast_dst_ip ADDR}: the group this instance's adverts go to, instead of the global. */
  private void mcastDst(Node n, B b) {
    String a = v.arg(n, 0);
    if (a == null) {
      return;
    }
    InetAddress x = Values.literal(a);
    if (x == null) {
      v.error(n, "(" + b.name + ") malformed mcast dest address " + a + ". Skipping...");
      return;
    }
    boolean v6 = x instanceof java.net.Inet6Address;
    if (v6 ? !x.isMCLinkLocal() : !x.isMulticastAddress()) {
      // keepalived 2.2.7's words (vrrp_parser.c)
      v.error(
          n,
          "("
              + b.name
              + ") mcast_dst_ip "
              + a
              + " not"
              + (v6 ? " link-local" : "")
              + " multicast. Skipping...");
      return;
    }
    b.mcastDst = x;
    b.mcastDstNode = n;
  }

  /**
   * The group the instance's adverts go to and are received on: its {@code mcast_dst_ip}, else the
   * global {@code vrrp_mcast_group4} / {@code vrrp_mcast_group6}; none for unicast (keepalived
   * 2.2.7, vrrp.c: a {@code mcast_dst_ip} beside unicast peers is an error and ignored).
   */
  private Optional<InetAddress> mcastGroup(
      Node n,
      String tag,
      B b,
      boolean v6,
      boolean noVips,
      List<Vrrp.UnicastPeer> peers,
      GlobalDefs g) {
    InetAddress dst = b.mcastDst;
    if (dst != null && !noVips && (dst instanceof java.net.Inet6Address) != v6) {
      v.error(
          b.mcastDstNode,
          tag
              + "mcast dest address "
              + io.vigil.config.model.Addresses.format(dst)
              + " MUST match VRRP instance family. Skipping...");
      dst = null;
    }
    if (!peers.isEmpty()) {
      if (dst != null) {
        v.d.error(n.end(), tag + "multicast destination specified with unicast - ignoring");
      }
      return Optional.empty();
    }
    if (dst != null) {
      return Optional.of(dst);
    }
    return Optional.of(v6 ? g.vrrpMcastGroup6() : g.vrrpMcastGroup4());
  }

  private static <X> X or(X a, X b) {
    return a != null ? a : b;
  }

  /**
   * keepalived's advert interval rules: v2 whole seconds below 256, v3 10 ms units below 40.96 s.
   */
  private long advert(Node n, String tag, long us, int version) {
    if (version == 2) {
      if (us % Values.US_PER_S != 0) {
        long r =
            Math.max(
                Values.US_PER_S, (us + Values.US_PER_S / 2) / Values.US_PER_S * Values.US_PER_S);
        v.error(
            n,
            tag
                + "VRRPv2 advertisement interval "
                + Values.secs(us)
                + "s must be an integer - rounding to "
                + Values.secs(r)
                + "s");
        return r;
      }
      return us;
    }
    if (us >= 4096 * CENTI_US) {
      v.error(
          n,
          tag
              + "VRRPv3 advertisement interval "
              + Values.secs(us)
              + "s is out of range, must be less than 40.96s - setting 40.95s");
      return 4095 * CENTI_US;
    }
    if (us % CENTI_US != 0) {
      long r = Math.max(CENTI_US, (us + CENTI_US / 2) / CENTI_US * CENTI_US);
      v.error(
          n,
          tag
              + "VRRPv3 advertisement interval "
              + Values.secs(us)
              + "s must be in units of 10ms - rounding to "
              + Values.secs(r)
              + "s");
      return r;
    }
    return us;
  }

  private List<Vrrp.Vip> sameFamily(String tag, List<Vrrp.Vip> vips) {
    List<Vrrp.Vip> out = new ArrayList<>();
    for (Vrrp.Vip vip : vips) {
      if (!out.isEmpty() && out.get(0).prefix().isIpv4() != vip.prefix().isIpv4()) {
        v.d.error(
            vip.origin(),
            tag
                + "address family must match VRRP instance ["
                + io.vigil.config.model.Addresses.format(vip.prefix().address())
                + "] - ignoring");
      } else {
        out.add(vip);
      }
    }
    return out;
  }

  private void state(Node n, B b) {
    String s = v.arg(n, 0);
    if ("MASTER".equals(s)) {
      b.state = Vrrp.State.MASTER;
    } else if ("BACKUP".equals(s)) {
      b.state = Vrrp.State.BACKUP;
    } else if (s != null) {
      v.error(n, "unknown state '" + s + "' (MASTER or BACKUP)");
    }
  }

  private String iface(Node n) {
    String name = v.arg(n, 0);
    if (name == null) {
      return null;
    }
    if (name.length() >= 16) {
      v.error(n, "interface name '" + name + "' too long - ignoring");
      return null;
    }
    if (name.equals("lo")) {
      v.error(n, "cannot use a loopback interface (lo) for vrrp - ignoring");
      return null;
    }
    if (!interfaceExists.test(name)) {
      v.error(n, "interface " + name + " for vrrp_instance doesn't exist");
    }
    return name;
  }

  /**
   * {@code notify_deleted [SCRIPT [USER [GROUP]]]}: once, as keepalived 2.2.7 takes it (a second is
   * an error and ignored).
   */
  private void notifyDeleted(Node n, B b) {
    if (b.notify.deletedNotified) {
      v.error(n, "notify_deleted already specified - ignoring");
      return;
    }
    if (n.line().words().size() > 1) {
      Optional<Script> s = v.notifyScript(n);
      if (s.isEmpty()) {
        return;
      }
      b.notify.deleted = s.get();
    }
    b.notify.deletedNotified = true;
  }

  private void peers(Node n, B b) {
    if (!n.block()) {
      v.error(n, "unicast_peer needs a '{' block");
      return;
    }
    for (Node c : n.children()) {
      InetAddress a = v.address(c, c.keyword());
      if (a == null) {
        continue;
      }
      int[] ttl = {0, 255};
      List<String> args = c.args();
      for (int i = 0; i < args.size(); i += 2) {
        String opt = args.get(i);
        if (!opt.equals("min_ttl") && !opt.equals("max_ttl")) {
          v.error(c, "unknown unicast_peer option " + opt);
          break;
        }
        if (i + 1 >= args.size()) {
          v.error(c, opt + " is missing a value");
          break;
        }
        String value = args.get(i + 1);
        Integer x = value.matches("[0-9]{1,3}") ? Integer.valueOf(value) : null;
        if (x == null || x > 255) {
          v.error(c, "unicast_peer " + c.keyword() + ": " + opt + " '" + value + "' is not 0-255");
        } else {
          ttl[opt.equals("min_ttl") ? 0 : 1] = x;
        }
      }
      if (ttl[0] > ttl[1]) {
        v.error(
            c,
            "unicast_peer "
                + c.keyword()
                + ": min_ttl "
                + ttl[0]
                + " > max_ttl "
                + ttl[1]
                + " - all its packets would be discarded");
      }
      b.peers.add(new Vrrp.UnicastPeer(a, ttl[0], ttl[1]));
    }
  }

  private void auth(Node n, B b) {
    String[] tp = new String[2];
    for (Node c : vp.blockOf(n)) {
      switch (c.keyword()) {
        case "auth_type" -> {
          String t = v.arg(c, 0);
          if (t != null && !t.equals("PASS") && !t.equals("AH")) {
            v.error(c, "unknown authentication type '" + t + "' (PASS or AH)");
          } else {
            tp[0] = t;
          }
        }
        case "auth_pass" -> {
          String p = v.arg(c, 0);
          if (p != null && p.length() > 8) {
            v.warning(c, "auth_pass is longer than 8 characters - truncated to 8");
            p = p.substring(0, 8);
          }
          tp[1] = p;
        }
        default -> v.error(c, "unknown keyword '" + c.keyword() + "' in authentication");
      }
    }
    if (tp[0] != null) {
      b.auth = new Vrrp.Authentication(tp[0], tp[1] == null ? "" : tp[1]);
    }
  }

  /** Address lines ({@link AddressLine}). */
  void vips(Node n, List<Vrrp.Vip> into) {
    if (!n.block()) {
      v.error(n, n.keyword() + " needs a '{' block");
      return;
    }
    for (Node c : n.children()) {
      String what = n.keyword() + " " + c.keyword() + ": ";
      AddressLine l = AddressLine.parse(c, v, what, false);
      if (l == null) {
        continue;
      }
      into.add(
          new Vrrp.Vip(
              l.prefix(),
              c.origin(),
              l.dev(),
              l.scope(),
              l.label(),
              l.broadcast(),
              l.peer(),
              l.flags(),
              l.noTrack(),
              l.preferredLifetime(),
              l.useVmac()));
    }
  }
}
