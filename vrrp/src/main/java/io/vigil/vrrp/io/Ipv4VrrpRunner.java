package io.vigil.vrrp.io;

import io.vigil.kernel.socket.PacketSocket;
import io.vigil.kernel.socket.RawIpv4Socket;
import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.fsm.VrrpInstance;
import io.vigil.vrrp.wire.Advert;
import io.vigil.vrrp.wire.AdvertReceiver;
import io.vigil.vrrp.wire.ChecksumMode;
import io.vigil.vrrp.wire.DropCounters;
import io.vigil.vrrp.wire.GratuitousArp;
import io.vigil.vrrp.wire.InternetChecksum;
import io.vigil.vrrp.wire.Ipv4Header;
import io.vigil.vrrp.wire.ReceiveRules;
import io.vigil.vrrp.wire.VrrpV2Packet;
import io.vigil.vrrp.wire.VrrpV3Packet;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket edge of one IPv4 VRRP instance: one thread reads the clock once per turn, waits on the
 * raw protocol-112 socket until the instance's next deadline, feeds validated adverts and timers to
 * the pure {@link VrrpInstance}, sends the adverts it asks for (multicast 224.0.0.18 or each
 * unicast peer) and hands every other action (VIPs, GARP, notify, FIFO) to {@code effects}.
 *
 * <p>Gratuitous ARPs go out on a packet socket here (and are also handed to {@code effects}). Not
 * done here yet: VIPs over rtnetlink, IPv6 (raw socket and unsolicited NA); the caller's {@code
 * effects} decides what to do with those actions.
 */
public final class Ipv4VrrpRunner implements AutoCloseable {
  public static final Inet4Address VRRP_GROUP = VrrpV3Packet.IPV4_GROUP;
  private static final int IDLE_WAIT_MS = 100;
  private static final Logger LOG = LoggerFactory.getLogger(Ipv4VrrpRunner.class);

  /** Dropped adverts are logged at most this often, as one line with the counts. */
  private static final long DROP_LOG_PERIOD_NS = 60_000_000_000L;

  private final VrrpInstance instance;
  private final RawIpv4Socket socket;
  private final PacketSocket packetSocket;
  private final byte[] frameBuffer = new byte[GratuitousArp.LENGTH];
  private final AdvertReceiver receiver;
  private final ReceiveRules rules;
  private final List<Inet4Address> destinations;
  private final Inet4Address source;
  private final ChecksumMode checksumMode;
  private final Consumer<Action> effects;
  private final LongSupplier nanoClock;
  private final byte[] receiveBuffer = new byte[65_536];
  private final byte[] sendBuffer = new byte[VrrpV2Packet.length(255)];
  private boolean deadlineArmed;
  private long deadlineNs;
  private volatile boolean stopping;
  private final DropCounters drops;
  private long dropsLogged;
  private long dropLogDueNs;

  /**
   * @param unicastPeers empty for multicast
   * @param drops where receive drops are counted
   */
  public Ipv4VrrpRunner(
      InstanceConfig config,
      ReceiveRules rules,
      String ifname,
      List<Inet4Address> unicastPeers,
      ChecksumMode checksumMode,
      DropCounters drops,
      Consumer<Action> effects,
      LongSupplier nanoClock) {
    this.instance = new VrrpInstance(config);
    this.source = (Inet4Address) config.primaryAddress();
    this.destinations = unicastPeers.isEmpty() ? List.of(VRRP_GROUP) : List.copyOf(unicastPeers);
    this.socket =
        RawIpv4Socket.open(
            InternetChecksum.PROTOCOL_VRRP,
            ifname,
            unicastPeers.isEmpty() ? VRRP_GROUP : null,
            source);
    try {
      this.packetSocket = PacketSocket.open(ifname);
    } catch (RuntimeException e) {
      socket.close();
      throw e;
    }
    this.receiver = new AdvertReceiver(false, List.of(rules), Set.<InetAddress>of(source), drops);
    this.rules = rules;
    this.drops = drops;
    this.checksumMode = checksumMode;
    this.effects = effects;
    this.nanoClock = nanoClock;
  }

  public VrrpInstance instance() {
    return instance;
  }

  /** Runs until {@link #stop()}; then shuts the instance down (a master sends priority 0). */
  public void run() {
    dispatch(Event.STARTUP, nanoClock.getAsLong());
    while (!stopping) {
      long nowNs = nanoClock.getAsLong();
      if (deadlineArmed && deadlineNs - nowNs <= 0) {
        deadlineArmed = false;
        dispatch(Event.TIMER, nowNs);
        continue;
      }
      int waitMs =
          deadlineArmed
              ? (int) Math.min(IDLE_WAIT_MS, (deadlineNs - nowNs + 999_999) / 1_000_000)
              : IDLE_WAIT_MS;
      int n = socket.receive(receiveBuffer, waitMs);
      logDrops(nowNs);
      if (n <= 0) {
        continue;
      }
      Advert advert = receiver.receiveIpv4(receiveBuffer, 0, n);
      if (advert != null) {
        Event e =
            new Event.AdvertReceived(
                advert.priority(), advert.advertIntervalCs(), Ipv4Header.source(receiveBuffer, 0));
        dispatch(e, nanoClock.getAsLong());
      }
    }
    dispatch(Event.SHUTDOWN, nanoClock.getAsLong());
  }

  /** One debug line per period when adverts were dropped since the last one; never per packet. */
  private void logDrops(long nowNs) {
    if (dropLogDueNs - nowNs > 0) {
      return;
    }
    dropLogDueNs = nowNs + DROP_LOG_PERIOD_NS;
    long total = drops.total();
    if (total != dropsLogged && LOG.isDebugEnabled()) {
      LOG.debug(
          "{} on {}: {} adverts dropped since the last report, {}",
          instance.config().name(),
          socket.ifname(),
          total - dropsLogged,
          drops);
    }
    dropsLogged = total;
  }

  /** Asks {@link #run()} to shut down and return (from any thread). */
  public void stop() {
    stopping = true;
  }

  private void dispatch(Event event, long nowNs) {
    for (Action a : instance.handle(event, nowNs)) {
      if (a instanceof Action.ScheduleAt s) {
        deadlineArmed = true;
        deadlineNs = s.deadlineNs();
      } else if (a instanceof Action.SendAdvert s) {
        send(s);
      } else if (a instanceof Action.SendGarp g) {
        garp(g);
        effects.accept(a);
      } else {
        effects.accept(a);
      }
    }
  }

  private void send(Action.SendAdvert s) {
    InstanceConfig c = instance.config();
    for (Inet4Address dst : destinations) {
      int len;
      if (c.version() == 2) {
        len =
            VrrpV2Packet.encode(
                Advert.v2(c.vrid(), s.priority(), s.advertIntervalCs() / 100, c.vips()),
                sendBuffer,
                0);
      } else {
        Advert a = Advert.v3(c.vrid(), s.priority(), s.advertIntervalCs(), c.vips());
        len = VrrpV3Packet.encode(a, sendBuffer, 0, source, dst, checksumMode);
      }
      socket.send(sendBuffer, len, dst);
    }
  }

  /** Gratuitous ARPs in keepalived's form, {@code repeat} per address, back to back. */
  private void garp(Action.SendGarp g) {
    byte[] mac = packetSocket.hardwareAddress();
    for (int i = 0; i < g.repeat(); i++) {
      for (InetAddress address : g.addresses()) {
        if (address instanceof Inet4Address v4) {
          int len = GratuitousArp.encode(mac, v4, frameBuffer, 0);
          packetSocket.send(frameBuffer, len);
        }
      }
    }
  }

  @Override
  public void close() {
    socket.close();
    packetSocket.close();
  }
}
