package io.vigil.config.model;

import io.vigil.config.Origin;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The IPVS side: virtual server groups, virtual servers and real servers. */
public final class Lvs {
  private Lvs() {}

  /** Transport protocol of a service. */
  public enum Protocol {
    TCP,
    UDP,
    SCTP
  }

  /** Forwarding method ({@code lb_kind} / {@code lvs_method}). */
  public enum Method {
    NAT,
    DR,
    TUN
  }

  /**
   * A TUN method's tunnel ({@code lb_kind TUN [type ipip|gue|gre] [port N] [nocsum|csum|remcsum]}),
   * in the kernel's numbers: {@code type} IP_VS_CONN_F_TUNNEL_TYPE_* (0 ipip, 1 gue, 2 gre), {@code
   * port} the GUE port (0 otherwise), {@code flags} IP_VS_TUNNEL_ENCAP_FLAG_* (0 nocsum, 1 csum, 2
   * remcsum).
   */
  public record Tunnel(int type, int port, int flags) {
    public static final int IPIP = 0;
    public static final int GUE = 1;
    public static final int GRE = 2;
    public static final int CSUM = 1;
    public static final int REMCSUM = 2;

    /** keepalived's default: ipip, no checksum. */
    public static final Tunnel DEFAULT = new Tunnel(IPIP, 0, 0);

    /** As the options are written after {@code TUN} (nothing for the default). */
    public String words() {
      StringBuilder b = new StringBuilder();
      if (type != IPIP) {
        b.append(" type ").append(type == GUE ? "gue" : "gre");
      }
      if (port != 0) {
        b.append(" port ").append(port);
      }
      if (flags != 0) {
        b.append(flags == CSUM ? " csum" : " remcsum");
      }
      return b.toString();
    }
  }

  /**
   * An address and port. Its equals and hashCode are written out: the record's own are made at
   * their first call (java.lang.runtime.ObjectMethods), which took 7% of the daemon's main thread
   * while it started in the lab VM (a set of 1,000 real servers, the first thing to hash one).
   */
  public record Endpoint(InetAddress address, int port) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Endpoint e && port == e.port && Objects.equals(address, e.address);
    }

    @Override
    public int hashCode() {
      return 31 * Objects.hashCode(address) + port;
    }

    @Override
    public String toString() {
      String a = Addresses.format(address);
      return (a.indexOf(':') >= 0 ? "[" + a + "]" : a) + ":" + port;
    }
  }

  /** What a virtual server is keyed on. */
  public sealed interface ServiceKey permits ByAddress, ByFwmark, ByGroup {}

  /** {@code virtual_server ADDR PORT}. */
  public record ByAddress(Endpoint endpoint) implements ServiceKey {
    @Override
    public String toString() {
      return endpoint.toString();
    }
  }

  /** {@code virtual_server fwmark N}. */
  public record ByFwmark(long fwmark) implements ServiceKey {
    @Override
    public String toString() {
      return "fwmark " + fwmark;
    }
  }

  /** {@code virtual_server group NAME}. */
  public record ByGroup(String group) implements ServiceKey {
    @Override
    public String toString() {
      return "group " + group;
    }
  }

  /**
   * One entry of a {@code virtual_server_group}: an address range {@code A-B} (the last part of the
   * address runs from A's to B), or {@code fwmark N}.
   */
  public record GroupEntry(
      Origin origin, Optional<InetAddress> first, int rangeEnd, int port, long fwmark) {
    public boolean isFwmark() {
      return first.isEmpty();
    }
  }

  /** {@code virtual_server_group NAME}. */
  public record ServerGroup(String name, Origin origin, List<GroupEntry> entries) {
    public ServerGroup {
      entries = List.copyOf(entries);
    }
  }

  /**
   * {@code real_server ADDR PORT} with its checkers; unset options come from the virtual server.
   * {@code timing} is the checker options the real server block itself sets (its checkers inherit
   * them), {@code delayLoopUs} its effective delay_loop.
   */
  public record RealServer(
      Origin origin,
      Endpoint endpoint,
      int weight,
      Method method,
      Tunnel tunnel,
      boolean inhibitOnFailure,
      Optional<Script> notifyUp,
      Optional<Script> notifyDown,
      Optional<Boolean> smtpAlert,
      int uthreshold,
      int lthreshold,
      long delayLoopUs,
      TimingOptions timing,
      List<Checker> checkers,
      Optional<String> virtualhost) {
    public RealServer {
      checkers = List.copyOf(checkers);
    }
  }

  /**
   * {@code virtual_server}, keepalived's defaults: delay_loop 60 s, quorum 1, hysteresis 0,
   * persistence off, weight 1 for real servers. {@code haSuspend}: its checkers run only while its
   * address is configured on the host (never set for a fwmark service: keepalived clears it).
   * {@code timing} is the checker options the block itself sets (its real servers and checkers
   * inherit them, {@link CheckerDefaults}). {@code schedFlags}: the scheduler's flags, bit 0 {@code
   * flag-1} ({@code sh-fallback}, {@code mh-fallback}), bit 1 {@code flag-2} ({@code sh-port},
   * {@code mh-port}), bit 2 {@code flag-3} (ipvsadm's {@code -b}); {@code persistenceEngine} its
   * {@code persistence_engine} ({@code sip}); {@code sorryServerMethod} its {@code
   * sorry_server_lvs_method} (else the sorry server forwards as the virtual server's {@code
   * lb_kind} says); {@code tunnel} and {@code sorryServerTunnel} their TUN options.
   */
  public record VirtualServer(
      Origin origin,
      ServiceKey key,
      String scheduler,
      Method method,
      Tunnel tunnel,
      Protocol protocol,
      long persistenceTimeoutS,
      Optional<InetAddress> persistenceGranularity,
      long delayLoopUs,
      int quorum,
      int hysteresis,
      boolean alpha,
      boolean omega,
      boolean inhibitOnFailure,
      boolean opsOnePacket,
      int schedFlags,
      Optional<String> persistenceEngine,
      Optional<Script> quorumUp,
      Optional<Script> quorumDown,
      Optional<Boolean> smtpAlert,
      Optional<Endpoint> sorryServer,
      Optional<Method> sorryServerMethod,
      Tunnel sorryServerTunnel,
      boolean sorryServerInhibit,
      Optional<String> virtualhost,
      boolean haSuspend,
      TimingOptions timing,
      List<RealServer> realServers,
      Optional<String> ipFamily) {
    public VirtualServer {
      realServers = List.copyOf(realServers);
    }

    /** This virtual server with {@code ha_suspend} set as given. */
    public VirtualServer withHaSuspend(boolean v) {
      return new VirtualServer(
          origin,
          key,
          scheduler,
          method,
          tunnel,
          protocol,
          persistenceTimeoutS,
          persistenceGranularity,
          delayLoopUs,
          quorum,
          hysteresis,
          alpha,
          omega,
          inhibitOnFailure,
          opsOnePacket,
          schedFlags,
          persistenceEngine,
          quorumUp,
          quorumDown,
          smtpAlert,
          sorryServer,
          sorryServerMethod,
          sorryServerTunnel,
          sorryServerInhibit,
          virtualhost,
          v,
          timing,
          realServers,
          ipFamily);
    }
  }
}
