package io.vigil.healthcheck.net;

import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.healthcheck.spec.ConnectSpec;
import java.io.IOException;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One plain TCP exchange of a checker on a bare socket registered with the epoll event loop,
 * without a Netty channel: connect (from {@code bindto}/{@code bind_port}, with {@code fwmark} and
 * {@code bind_if}), then for HTTP send the request and feed the response to its reader until a
 * verdict, read and drop the rest until the server closes (bounded, as on the channel path), then
 * close with a reset. A channel costs about twenty system calls a check (a dual-use pipeline,
 * address look-ups, interest changes it does not need); this costs about a dozen, as a C checker
 * does, and one timer: the socket joins epoll once, edge-triggered for everything the exchange
 * waits for (connected, response, the server's close), so no interest changes afterwards. The
 * default when the epoll transport is there and the check has no TLS; the channel path does the
 * rest.
 *
 * <p>Everything runs on one event loop; {@code done} gets null when the exchange passed, else the
 * reason, exactly once.
 */
final class DirectExchange implements EpollIoHandle {
  /**
   * What an HTTP exchange waits for, all at once and edge-triggered: writable (connected, or room
   * for the rest of the request), readable, the server's close. Each edge comes once, so every
   * handler reads until the socket has nothing more.
   */
  private static final EpollIoOps HTTP_INTEREST =
      EpollIoOps.EPOLLET
          .with(EpollIoOps.EPOLLOUT)
          .with(EpollIoOps.EPOLLIN)
          .with(EpollIoOps.EPOLLRDHUP);

  private static final FastThreadLocal<ByteBuffer> READ_BUFFER =
      new FastThreadLocal<>() {
        @Override
        protected ByteBuffer initialValue() {
          return ByteBuffer.allocateDirect(4096);
        }
      };

  private static final FastThreadLocal<byte[]> CHUNK =
      new FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
          return new byte[4096];
        }
      };

  private final Transport transport;
  private final ConnectSpec connect;
  private final long timeoutNs;
  private final ByteBuffer request; // null: TCP_CHECK, done once connected
  private final HttpResponseReader reader;
  private final String suffix;
  private final Consumer<String> done;
  private final IoEventLoop loop;
  private LinuxSocket socket;
  private IoRegistration registration;
  private ScheduledFuture<?> deadline;
  private boolean connected;
  private int sent;
  private boolean finished; // the verdict is out
  private boolean closed;
  private boolean drainAtOnce; // finish: drain now, not at the next edge
  private long drained;

  private DirectExchange(
      Transport transport,
      ConnectSpec connect,
      long timeoutNs,
      ByteBuffer request,
      HttpResponseReader reader,
      String suffix,
      Consumer<String> done) {
    this.transport = transport;
    this.connect = connect;
    this.timeoutNs = timeoutNs;
    this.request = request;
    this.reader = reader;
    this.suffix = suffix;
    this.done = done;
    this.loop = (IoEventLoop) transport.group().next();
  }

  /** TCP_CHECK: passes once the connection opens within {@code timeoutNs}. */
  static void connectOnly(
      Transport transport, ConnectSpec connect, long timeoutNs, Consumer<String> done) {
    new DirectExchange(transport, connect, timeoutNs, null, null, "", done).start();
  }

  /**
   * One HTTP url: {@code timeoutNs} to connect, then {@code timeoutNs} for the whole response.
   * {@code request} is a direct buffer the caller keeps (only read here, from 0 to its limit);
   * {@code suffix} ends every reason (" on /health").
   */
  static void http(
      Transport transport,
      ConnectSpec connect,
      long timeoutNs,
      ByteBuffer request,
      HttpResponseReader reader,
      String suffix,
      Consumer<String> done) {
    new DirectExchange(transport, connect, timeoutNs, request, reader, suffix, done).start();
  }

  private void start() {
    if (loop.inEventLoop()) {
      open();
    } else {
      loop.execute(this::open);
    }
  }

  private void open() {
    try {
      socket = LinuxSocket.newSocketStream(connect.target().getAddress() instanceof Inet6Address);
      socket.setSoLinger(0); // close with a reset: no TIME_WAIT left behind by every check
      transport.applySocketOptions(socket, connect);
      if (connect.localAddress().isPresent()) {
        socket.bind(connect.localAddress().get());
      }
    } catch (IOException | RuntimeException e) {
      fail(Failures.connectReason(e, timeoutNs) + suffix);
      return;
    }
    deadline = loop.schedule(this::timedOut, timeoutNs, TimeUnit.NANOSECONDS);
    loop.register(this)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                fail("connect failed: " + f.cause() + suffix);
                return;
              }
              registration = (IoRegistration) f.getNow();
              if (finished) { // timed out meanwhile
                registration.cancel();
                return;
              }
              try {
                boolean now = socket.connect(connect.target());
                registration.submit(request == null ? EpollIoOps.EPOLLOUT : HTTP_INTEREST);
                if (now) {
                  onConnected();
                }
              } catch (IOException | RuntimeException e) {
                fail(Failures.connectReason(e, timeoutNs) + suffix);
              }
            });
  }

  @Override
  public FileDescriptor fd() {
    return socket;
  }

  @Override
  public void handle(IoRegistration registration, IoEvent event) {
    if (closed) {
      return;
    }
    EpollIoOps ready = ((EpollIoEvent) event).ops();
    if (finished) {
      drain();
      return;
    }
    try {
      if (!connected) {
        if (!ready.contains(EpollIoOps.EPOLLOUT) && !ready.contains(EpollIoOps.EPOLLERR)) {
          return;
        }
        if (!socket.finishConnect()) {
          return;
        }
        onConnected();
        if (finished) {
          return;
        }
      } else if (ready.contains(EpollIoOps.EPOLLOUT) && sent < request.limit()) {
        send();
      }
      // edge-triggered: what this event says is there must be read now, a second edge may not come
      if (!finished
          && (ready.contains(EpollIoOps.EPOLLIN)
              || ready.contains(EpollIoOps.EPOLLERR)
              || ready.contains(EpollIoOps.EPOLLRDHUP))) {
        receive(ready.contains(EpollIoOps.EPOLLRDHUP));
      }
    } catch (IOException | RuntimeException e) {
      fail(
          connected
              ? Failures.ioReason(e) + suffix
              : Failures.connectReason(e, timeoutNs) + suffix);
    }
  }

  private void onConnected() throws IOException {
    connected = true;
    if (request == null) {
      finish(null);
      return;
    }
    // the whole response gets its own timeout from here, as on the channel path
    deadline.cancel(false);
    deadline = loop.schedule(this::timedOut, timeoutNs, TimeUnit.NANOSECONDS);
    send();
  }

  private void send() throws IOException {
    try {
      while (sent < request.limit()) {
        int n = socket.send(request, sent, request.limit());
        if (n <= 0) {
          break; // the socket's buffer is full: wait until it can take more
        }
        sent += n;
      }
    } catch (IOException e) {
      fail("send failed: " + Failures.ioReason(e) + suffix);
    }
    // the rest of a request the socket could not take goes at the next writable edge
  }

  /**
   * Reads until the socket has nothing more or the reader has a verdict. {@code serverClosed}: the
   * event said the server has closed its side, so everything it sent is here: after a verdict the
   * rest is dropped at once rather than waiting for an edge that has already come.
   */
  private void receive(boolean serverClosed) throws IOException {
    ByteBuffer buf = READ_BUFFER.get();
    byte[] chunk = CHUNK.get();
    while (!finished) {
      int n = socket.recv(buf, 0, buf.capacity());
      if (n == 0) {
        return; // nothing more for now
      }
      if (n < 0) {
        finish(reader.verdict(true));
        return;
      }
      buf.get(0, chunk, 0, n);
      reader.feed(chunk, 0, n);
      if (reader.complete()) {
        // the server's close (or more data) already here: no edge will say so again
        drainAtOnce = serverClosed || n == buf.capacity();
        finish(reader.verdict(false));
      }
    }
  }

  /**
   * After a verdict from the headers, what the server still sends is read and dropped until it
   * closes, at most {@link HttpChecker#DRAIN_NS} and {@link HttpChecker#DRAIN_MAX_BYTES}, as on the
   * channel path: closed with unread data, the kernel would answer the server's writes with a
   * reset.
   */
  private boolean drain() {
    ByteBuffer buf = READ_BUFFER.get();
    try {
      while (true) {
        int n = socket.recv(buf, 0, buf.capacity());
        if (n == 0) {
          return false; // nothing more for now
        }
        if (n < 0) {
          break; // the server closed
        }
        drained += n;
        if (drained > HttpChecker.DRAIN_MAX_BYTES) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the verdict stands; close below
    }
    closeSocket();
    return true;
  }

  private void timedOut() {
    if (finished) {
      closeSocket(); // the drain's time is up
      return;
    }
    if (!connected) {
      fail(
          Failures.connectReason(new ConnectTimeoutException("connect timeout"), timeoutNs)
              + suffix);
    } else {
      fail(
          (reader.status() < 0 ? "no response within " : "response not complete within ")
              + Durations.text(timeoutNs)
              + suffix);
    }
  }

  private void fail(String reason) {
    finish(reason == null ? "failed" + suffix : reason);
  }

  /**
   * Reports once. A verdict from a response that did not end with the connection (the headers told
   * it) leaves the socket open to {@link #drain}, with the deadline reset to the drain's time
   * (drained at once when the server's close has already come); every other one closes at once.
   */
  private void finish(String reason) {
    if (finished) {
      return;
    }
    finished = true;
    if (deadline != null) {
      deadline.cancel(false);
    }
    if (connected && request != null && reader.status() >= 0 && reader.complete() && !closed) {
      if (!drainAtOnce || !drain()) {
        deadline = loop.schedule(this::timedOut, HttpChecker.DRAIN_NS, TimeUnit.NANOSECONDS);
      }
    } else {
      closeSocket();
    }
    done.accept(reason);
  }

  /** Cancels the timer, leaves epoll and closes the socket (with a reset: SO_LINGER 0). */
  private void closeSocket() {
    if (closed) {
      return;
    }
    closed = true;
    if (deadline != null) {
      deadline.cancel(false);
    }
    if (registration != null) {
      registration.cancel();
    }
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // the verdict stands; the descriptor is gone either way
      }
    }
  }

  @Override
  public void close() {
    // the event loop is shutting down: the exchange ends without a verdict of its own (the engine
    // is closing too)
    if (!closed && socket != null) {
      closed = true;
      try {
        socket.close();
      } catch (IOException ignored) {
        // nothing to report to
      }
    }
  }
}
