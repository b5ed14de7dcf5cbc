package io.vigil.netlink.ipvs;

import io.vigil.netlink.AttrWriter;
import io.vigil.netlink.NlMsg;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * An IPVS request reduced to what the kernel reads from it, for comparing our requests with
 * ipvsadm's where ipvsadm sends more than the kernel looks at. The reductions, each one a fact of
 * net/netfilter/ipvs/ip_vs_ctl.c (ip_vs_genl_parse_service / _parse_dest read the full entry only
 * for NEW and SET commands):
 *
 * <ul>
 *   <li>NLM_F_ACK on a dump: libnl sets it, the kernel sends no ack for a dump; dropped.
 *   <li>In the service of any command but NEW_SERVICE / SET_SERVICE, only the identity is read:
 *       scheduler, flags, timeout, netmask and persistence engine are dropped (ipvsadm sends the
 *       whole service, with an empty scheduler name, to name the service of a destination).
 *   <li>In the destination of DEL_DEST only address, port and family are read.
 *   <li>In the daemon of DEL_DAEMON only the state (master or backup) is read (ipvsadm adds an
 *       empty interface name and sync id 0).
 *   <li>Tunnel type, port and flags of value zero are the kernel's defaults (ipvsadm always sends
 *       them, we only for tunnels); dropped.
 *   <li>Attributes are sorted by type within each nest (the kernel indexes them by type).
 * </ul>
 */
final class IpvsCanonical {
  private static final Set<Integer> SERVICE_SETTINGS =
      Set.of(
          IpvsCodec.SVC_SCHED_NAME,
          IpvsCodec.SVC_FLAGS,
          IpvsCodec.SVC_TIMEOUT,
          IpvsCodec.SVC_NETMASK,
          IpvsCodec.SVC_PE_NAME);
  private static final Set<Integer> DEST_IDENTITY =
      Set.of(IpvsCodec.DEST_ADDR, IpvsCodec.DEST_PORT, IpvsCodec.DEST_ADDR_FAMILY);
  private static final Set<Integer> TUNNEL =
      Set.of(IpvsCodec.DEST_TUN_TYPE, IpvsCodec.DEST_TUN_PORT, IpvsCodec.DEST_TUN_FLAGS);

  private IpvsCanonical() {}

  /** The canonical text of one request message (seq and pid are not part of it). */
  static String of(byte[] message) {
    ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.nativeOrder());
    int len = b.getInt(NlMsg.LENGTH_OFFSET);
    int type = b.getShort(NlMsg.TYPE_OFFSET) & 0xffff;
    int flags = b.getShort(NlMsg.FLAGS_OFFSET) & 0xffff;
    if ((flags & NlMsg.F_DUMP) == NlMsg.F_DUMP) {
      flags &= ~NlMsg.F_ACK;
    }
    if (type == io.vigil.netlink.genl.GenericNetlink.GENL_ID_CTRL) {
      return "ctrl " + HexFormat.of().formatHex(message); // not IPVS: compared byte for byte
    }
    int cmd = message[NlMsg.HEADER_LENGTH] & 0xff;
    int version = message[NlMsg.HEADER_LENGTH + 1] & 0xff;
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("type=%d flags=%#x cmd=%d v=%d ", type, flags, cmd, version));
    for (String a : attrs(b, NlMsg.HEADER_LENGTH + 4, len, cmd, 0)) {
      sb.append(a).append(' ');
    }
    return sb.toString().strip();
  }

  private static List<String> attrs(ByteBuffer b, int from, int to, int cmd, int parent) {
    List<int[]> found = new ArrayList<>();
    int off = from;
    while (off + AttrWriter.ATTR_HEADER_LENGTH <= to) {
      int alen = b.getShort(off) & 0xffff;
      int atype = b.getShort(off + 2) & AttrWriter.NLA_TYPE_MASK;
      found.add(new int[] {atype, off, alen});
      off += NlMsg.align(Math.max(alen, AttrWriter.ATTR_HEADER_LENGTH));
    }
    found.sort(Comparator.comparingInt(a -> a[0]));
    List<String> out = new ArrayList<>();
    for (int[] a : found) {
      int atype = a[0];
      int vOff = a[1] + AttrWriter.ATTR_HEADER_LENGTH;
      int vLen = a[2] - AttrWriter.ATTR_HEADER_LENGTH;
      byte[] v = new byte[vLen];
      b.get(vOff, v);
      if (parent == IpvsCodec.ATTR_SERVICE
          && cmd != IpvsCodec.CMD_NEW_SERVICE
          && cmd != IpvsCodec.CMD_SET_SERVICE
          && SERVICE_SETTINGS.contains(atype)) {
        continue;
      }
      if (parent == IpvsCodec.ATTR_DAEMON
          && cmd == IpvsCodec.CMD_DEL_DAEMON
          && atype != IpvsCodec.DAEMON_STATE) {
        continue;
      }
      if (parent == IpvsCodec.ATTR_DEST) {
        if (cmd == IpvsCodec.CMD_DEL_DEST && !DEST_IDENTITY.contains(atype)) {
          continue;
        }
        if (TUNNEL.contains(atype) && allZero(v)) {
          continue;
        }
      }
      boolean nested =
          parent == 0
              && (atype == IpvsCodec.ATTR_SERVICE
                  || atype == IpvsCodec.ATTR_DEST
                  || atype == IpvsCodec.ATTR_DAEMON);
      if (nested) {
        out.add(atype + "{" + String.join(" ", attrs(b, vOff, vOff + vLen, cmd, atype)) + "}");
      } else {
        out.add(atype + "=" + HexFormat.of().formatHex(v));
      }
    }
    return out;
  }

  private static boolean allZero(byte[] v) {
    for (byte x : v) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
