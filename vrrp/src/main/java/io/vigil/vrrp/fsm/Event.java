package io.vigil.vrrp.fsm;

import java.net.InetAddress;

/** What a {@link VrrpInstance} reacts to. Time comes separately, as {@code nowNs}. */
public sealed interface Event {
  /** The instance starts (RFC 5798 §6.4.1 Startup). */
  record Startup() implements Event {}

  /**
   * The instance stops (Shutdown): a master says goodbye with priority 0 and releases its
   * addresses, unless {@code release} is false (keepalived's {@code --dont-release-vrrp}): then it
   * sends nothing and leaves its addresses where they are.
   */
  record Shutdown(boolean release) implements Event {}

  /** A timer deadline given by {@link Action.ScheduleAt} was reached (or passed). */
  record Timer() implements Event {}

  /**
   * A validated advert for this instance's VRID.
   *
   * @param priority the sender's priority, 0..255
   * @param advertIntervalCs the sender's (maximum) advert interval in centiseconds
   * @param source the sender's primary address (the IP source)
   */
  record AdvertReceived(int priority, int advertIntervalCs, InetAddress source) implements Event {}

  /** An interface or script tracker went up or down. */
  record TrackerStatus(String name, boolean up) implements Event {}

  /** A file tracker's number changed. */
  record TrackerValue(String name, long value) implements Event {}

  /**
   * A reload changed this instance's configuration; its state is kept (see {@link
   * VrrpInstance#handle} and the class comment of {@link VrrpInstance} for what each change does).
   * The name, VRID, version and primary address must stay as they are: those are the sockets', and
   * changing them means stopping the instance and starting a new one.
   */
  record Reconfigure(InstanceConfig next) implements Event {}

  /**
   * The instance sends from another address now (the interface's primary address was deleted and
   * another took its place, or one came to an interface that had none); its sockets were opened
   * again from it. Nothing else changes: the address only breaks a tie of priorities.
   */
  record PrimaryAddress(InetAddress address) implements Event {}

  Startup STARTUP = new Startup();
  Shutdown SHUTDOWN = new Shutdown(true);

  /** A shutdown that leaves a master's addresses in place and sends no priority 0. */
  Shutdown SHUTDOWN_KEEPING_ADDRESSES = new Shutdown(false);

  Timer TIMER = new Timer();
}
