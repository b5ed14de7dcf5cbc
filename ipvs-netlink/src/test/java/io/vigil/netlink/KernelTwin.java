package io.vigil.netlink;

import io.vigil.kernel.netlink.NetlinkTimeoutException;
import io.vigil.kernel.netlink.NetlinkTransport;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An in-memory kernel at the message level: a function from each request message to the reply
 * datagrams it causes. What we send is recorded; what the kernel would answer is queued and handed
 * out by {@link #receive}. When nothing is queued, {@code receive} throws {@link
 * NetlinkTimeoutException} at once, as the real socket does when its deadline passes, so a test
 * that waits for an answer that never comes fails instead of hanging.
 */
public final class KernelTwin implements NetlinkTransport {
  /** The kernel's side: the datagrams it sends back for one request message. */
  @FunctionalInterface
  public interface Kernel {
    List<byte[]> answer(Wire.Msg request);
  }

  public static final int PORT_ID = 0x4242;

  private final Kernel kernel;
  private final Deque<Object> inbox = new ArrayDeque<>();
  public final List<byte[]> sentDatagrams = new ArrayList<>();
  public final List<Wire.Msg> requests = new ArrayList<>();
  final List<Long> receiveTimeoutsMs = new ArrayList<>();
  boolean closed;

  public KernelTwin(Kernel kernel) {
    this.kernel = kernel;
  }

  /** A twin that acks every request. */
  public static KernelTwin acking() {
    return new KernelTwin(r -> List.of(Wire.ack(r)));
  }

  /** Queues a datagram nobody asked for (a stale reply, an event). */
  public void inject(byte[] datagram) {
    inbox.add(datagram);
  }

  /** The next receive throws {@code e} (ENOBUFS on an event socket, for one). */
  public void failNextReceive(RuntimeException e) {
    inbox.add(e);
  }

  int queued() {
    return inbox.size();
  }

  @Override
  public int portId() {
    return PORT_ID;
  }

  @Override
  public void send(ByteBuffer datagram) {
    byte[] bytes = new byte[datagram.remaining()];
    datagram.duplicate().get(bytes);
    sentDatagrams.add(bytes);
    for (Wire.Msg m : Wire.split(bytes)) {
      requests.add(m);
      inbox.addAll(kernel.answer(m));
    }
  }

  @Override
  public ByteBuffer receive(long timeoutMs) {
    receiveTimeoutsMs.add(timeoutMs);
    Object next = inbox.poll();
    if (next == null) {
      throw new NetlinkTimeoutException(
          "no answer from the kernel twin within " + timeoutMs + " ms");
    }
    if (next instanceof RuntimeException e) {
      throw e;
    }
    return ByteBuffer.wrap((byte[]) next).order(ByteOrder.nativeOrder());
  }

  @Override
  public void close() {
    closed = true;
  }
}
