package io.vigil.netlink.ipvs;

import io.vigil.kernel.netlink.NetlinkSocket;
import io.vigil.kernel.netlink.NetlinkTransport;
import io.vigil.netlink.AttrWriter;
import io.vigil.netlink.Attrs;
import io.vigil.netlink.NetlinkConnection;
import io.vigil.netlink.NetlinkConnection.Message;
import io.vigil.netlink.NetlinkConnection.Request;
import io.vigil.netlink.genl.GenericNetlink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IPVS client: every command of linux/ip_vs.h over generic netlink.
 *
 * <p>Single operations wait for their ack and throw {@link io.vigil.netlink.NetlinkException} with
 * the errno and the operation in words. Requests built with the {@code *Request} methods can be
 * sent together with {@link #apply(List)}: one datagram carries many of them and each ack is
 * matched back to its request.
 */
public final class IpvsClient implements AutoCloseable {
  public static final String FAMILY = "IPVS";
  public static final int VERSION = 1;
  public static final long DEFAULT_TIMEOUT_MS = 10_000;

  private final NetlinkConnection conn;
  private final int family;

  /** Uses {@code transport} (a real socket or a test twin); resolves the IPVS family. */
  public IpvsClient(NetlinkTransport transport, long timeoutMs) {
    this.conn = new NetlinkConnection(transport, timeoutMs);
    try {
      this.family = GenericNetlink.resolve(conn, FAMILY);
    } catch (GenericNetlink.FamilyNotFoundException e) {
      conn.close();
      throw new IpvsUnavailableException(e);
    } catch (RuntimeException e) {
      conn.close();
      throw e;
    }
  }

  /** A client on a new generic netlink socket of this process's network namespace. */
  public static IpvsClient open() {
    return new IpvsClient(NetlinkSocket.open(NetlinkSocket.NETLINK_GENERIC), DEFAULT_TIMEOUT_MS);
  }

  /** The connection (for its counters). */
  public NetlinkConnection connection() {
    return conn;
  }

  private AttrWriter msg(int cmd) {
    return GenericNetlink.message(family, cmd, VERSION, 0);
  }

  // ---- requests, for batching ----

  public Request addServiceRequest(ServiceKey k, ServiceSettings s) {
    AttrWriter w = msg(IpvsCodec.CMD_NEW_SERVICE);
    IpvsCodec.service(w, k, s);
    return new Request(w.finish(), () -> "add service " + k);
  }

  public Request editServiceRequest(ServiceKey k, ServiceSettings s) {
    AttrWriter w = msg(IpvsCodec.CMD_SET_SERVICE);
    IpvsCodec.service(w, k, s);
    return new Request(w.finish(), () -> "edit service " + k);
  }

  public Request deleteServiceRequest(ServiceKey k) {
    AttrWriter w = msg(IpvsCodec.CMD_DEL_SERVICE).begin(IpvsCodec.ATTR_SERVICE);
    IpvsCodec.serviceKey(w, k);
    w.end();
    return new Request(w.finish(), () -> "delete service " + k);
  }

  public Request addDestRequest(ServiceKey k, DestKey d, DestSettings s) {
    return destRequest(IpvsCodec.CMD_NEW_DEST, "add", k, d, s);
  }

  public Request editDestRequest(ServiceKey k, DestKey d, DestSettings s) {
    return destRequest(IpvsCodec.CMD_SET_DEST, "edit", k, d, s);
  }

  public Request deleteDestRequest(ServiceKey k, DestKey d) {
    AttrWriter w = msg(IpvsCodec.CMD_DEL_DEST).begin(IpvsCodec.ATTR_SERVICE);
    IpvsCodec.serviceKey(w, k);
    w.end();
    IpvsCodec.destKey(w, d);
    return new Request(w.finish(), () -> "delete destination " + d + " of " + k);
  }

  private Request destRequest(int cmd, String verb, ServiceKey k, DestKey d, DestSettings s) {
    AttrWriter w = msg(cmd).begin(IpvsCodec.ATTR_SERVICE);
    IpvsCodec.serviceKey(w, k);
    w.end();
    IpvsCodec.dest(w, d, s);
    return new Request(w.finish(), () -> verb + " destination " + d + " to " + k);
  }

  /** Removes every service (ipvsadm -C), as a request for batching. */
  public Request flushRequest() {
    return new Request(msg(IpvsCodec.CMD_FLUSH).finish(), "flush the IPVS table");
  }

  /** Zeroes the counters of every service ({@code k} null), or of one (ipvsadm -Z). */
  public Request zeroRequest(ServiceKey k) {
    AttrWriter w = msg(IpvsCodec.CMD_ZERO);
    if (k != null) {
      w.begin(IpvsCodec.ATTR_SERVICE);
      IpvsCodec.serviceKey(w, k);
      w.end();
    }
    return new Request(w.finish(), k == null ? "zero all counters" : "zero counters of " + k);
  }

  /** Sets the timeouts (ipvsadm --set); a 0 leaves that one unchanged, as in the kernel. */
  public Request setTimeoutsRequest(Timeouts t) {
    AttrWriter w = msg(IpvsCodec.CMD_SET_CONFIG);
    if (t.tcpS() != 0) {
      w.u32(IpvsCodec.ATTR_TIMEOUT_TCP, t.tcpS());
    }
    if (t.tcpFinS() != 0) {
      w.u32(IpvsCodec.ATTR_TIMEOUT_TCP_FIN, t.tcpFinS());
    }
    if (t.udpS() != 0) {
      w.u32(IpvsCodec.ATTR_TIMEOUT_UDP, t.udpS());
    }
    return new Request(w.finish(), "set IPVS timeouts " + t);
  }

  /** Starts a sync daemon (ipvsadm --start-daemon). */
  public Request startDaemonRequest(SyncDaemon d) {
    AttrWriter w = msg(IpvsCodec.CMD_NEW_DAEMON);
    IpvsCodec.daemon(w, d);
    return new Request(w.finish(), "start sync daemon " + d.role() + " on " + d.interfaceName());
  }

  /** Stops the sync daemon of a role (ipvsadm --stop-daemon). */
  public Request stopDaemonRequest(SyncDaemon.Role role) {
    AttrWriter w = msg(IpvsCodec.CMD_DEL_DAEMON).begin(IpvsCodec.ATTR_DAEMON);
    w.u32(IpvsCodec.DAEMON_STATE, role.code());
    w.end();
    return new Request(w.finish(), "stop sync daemon " + role);
  }

  /** Sends all requests batched; returns null per success and the error per failure, in order. */
  public List<RuntimeException> apply(List<Request> requests) {
    return conn.batch(requests);
  }

  // ---- single operations ----

  public void addService(ServiceKey k, ServiceSettings s) {
    conn.execute(addServiceRequest(k, s));
  }

  public void editService(ServiceKey k, ServiceSettings s) {
    conn.execute(editServiceRequest(k, s));
  }

  public void deleteService(ServiceKey k) {
    conn.execute(deleteServiceRequest(k));
  }

  public void addDest(ServiceKey k, DestKey d, DestSettings s) {
    conn.execute(addDestRequest(k, d, s));
  }

  public void editDest(ServiceKey k, DestKey d, DestSettings s) {
    conn.execute(editDestRequest(k, d, s));
  }

  public void deleteDest(ServiceKey k, DestKey d) {
    conn.execute(deleteDestRequest(k, d));
  }

  /** Removes every service (and so every destination). */
  public void flush() {
    conn.execute(new Request(msg(IpvsCodec.CMD_FLUSH).finish(), "flush the IPVS table"));
  }

  /** Zeroes the counters of every service, or of one. */
  public void zero(ServiceKey k) {
    conn.execute(zeroRequest(k));
  }

  public IpvsInfo info() {
    int version = 0;
    int size = 0;
    for (Message m :
        conn.query(new Request(msg(IpvsCodec.CMD_GET_INFO).finish(), "get IPVS info"))) {
      Attrs a = m.attrs(GenericNetlink.HEADER_LENGTH);
      while (a.next()) {
        if (a.type() == IpvsCodec.INFO_VERSION) {
          version = a.u32();
        } else if (a.type() == IpvsCodec.INFO_CONN_TAB_SIZE) {
          size = a.u32();
        }
      }
      a.check();
    }
    return new IpvsInfo(version, size);
  }

  public Timeouts timeouts() {
    int tcp = 0;
    int fin = 0;
    int udp = 0;
    for (Message m :
        conn.query(new Request(msg(IpvsCodec.CMD_GET_CONFIG).finish(), "get IPVS timeouts"))) {
      Attrs a = m.attrs(GenericNetlink.HEADER_LENGTH);
      while (a.next()) {
        switch (a.type()) {
          case IpvsCodec.ATTR_TIMEOUT_TCP -> tcp = a.u32();
          case IpvsCodec.ATTR_TIMEOUT_TCP_FIN -> fin = a.u32();
          case IpvsCodec.ATTR_TIMEOUT_UDP -> udp = a.u32();
          default -> {
            // skip
          }
        }
      }
      a.check();
    }
    return new Timeouts(tcp, fin, udp);
  }

  /** Sets the timeouts; a 0 leaves that one unchanged. */
  public void setTimeouts(Timeouts t) {
    conn.execute(setTimeoutsRequest(t));
  }

  /** Every service, in kernel order. */
  public List<ServiceEntry> services() {
    List<ServiceEntry> out = new ArrayList<>();
    for (Message m :
        conn.dump(new Request(msg(IpvsCodec.CMD_GET_SERVICE).finish(), "list services"))) {
      Attrs a = m.attrs(GenericNetlink.HEADER_LENGTH);
      while (a.next()) {
        if (a.type() == IpvsCodec.ATTR_SERVICE) {
          out.add(IpvsCodec.decodeService(a.nested()));
        }
      }
      a.check();
    }
    return out;
  }

  /** The destinations of one service. */
  public List<DestEntry> destinations(ServiceKey k) {
    AttrWriter w = msg(IpvsCodec.CMD_GET_DEST).begin(IpvsCodec.ATTR_SERVICE);
    IpvsCodec.serviceKey(w, k);
    w.end();
    List<DestEntry> out = new ArrayList<>();
    for (Message m : conn.dump(new Request(w.finish(), "list destinations of " + k))) {
      Attrs a = m.attrs(GenericNetlink.HEADER_LENGTH);
      while (a.next()) {
        if (a.type() == IpvsCodec.ATTR_DEST) {
          out.add(IpvsCodec.decodeDest(a.nested(), k.family()));
        }
      }
      a.check();
    }
    return out;
  }

  /** The whole table: every service with its destinations. */
  public IpvsTable table() {
    Map<ServiceKey, IpvsTable.Service> t = new LinkedHashMap<>();
    for (ServiceEntry s : services()) {
      t.put(s.key(), new IpvsTable.Service(s, destinations(s.key())));
    }
    return new IpvsTable(t);
  }

  /** The running sync daemons. */
  public List<SyncDaemon> daemons() {
    List<SyncDaemon> out = new ArrayList<>();
    for (Message m :
        conn.dump(new Request(msg(IpvsCodec.CMD_GET_DAEMON).finish(), "list sync daemons"))) {
      Attrs a = m.attrs(GenericNetlink.HEADER_LENGTH);
      while (a.next()) {
        if (a.type() == IpvsCodec.ATTR_DAEMON) {
          out.add(IpvsCodec.decodeDaemon(a.nested()));
        }
      }
      a.check();
    }
    return out;
  }

  public void startDaemon(SyncDaemon d) {
    conn.execute(startDaemonRequest(d));
  }

  public void stopDaemon(SyncDaemon.Role role) {
    conn.execute(stopDaemonRequest(role));
  }

  @Override
  public void close() {
    conn.close();
  }
}
