package io.vigil.kernel.netlink;

import java.nio.ByteBuffer;

/**
 * A netlink socket as the layers above see it: datagrams of whole netlink messages out, datagrams
 * in. The real one is {@link NetlinkSocket}; tests use an in-memory kernel twin.
 */
public interface NetlinkTransport extends AutoCloseable {
  /** The port id the kernel assigned to this socket (nlmsg_pid of our requests and its replies). */
  int portId();

  /** Sends one datagram holding one or more netlink messages (position to limit). */
  void send(ByteBuffer datagram);

  /**
   * Receives one datagram, waiting at most {@code timeoutMs}. Returns a buffer positioned at 0 with
   * its limit at the datagram's end, or throws {@link NetlinkTimeoutException}.
   */
  ByteBuffer receive(long timeoutMs);

  @Override
  void close();

  /**
   * Ends the wait of a {@link #receive} in progress, or of the next one if none is, as a timeout;
   * from any thread. Nothing to do for a transport whose receive never waits (a twin).
   */
  default void wakeUp() {}

  /**
   * Lets {@link #wakeUp} end a receive's wait: call it before a thread starts waiting. Nothing to
   * do for a twin.
   */
  default void enableWakeUp() {}

  /**
   * Asks for a receive buffer of {@code bytes}, with SO_RCVBUFFORCE (beyond net.core.rmem_max,
   * needs CAP_NET_ADMIN) when {@code force}, else SO_RCVBUF; returns the size the kernel gave
   * (twice the request), or 0 for a transport without a kernel buffer (a twin).
   */
  default int receiveBuffer(int bytes, boolean force) {
    return 0;
  }
}
