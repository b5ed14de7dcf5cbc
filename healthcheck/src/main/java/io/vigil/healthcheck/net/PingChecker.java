package io.vigil.healthcheck.net;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoEvent;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.PingCheckSpec;
import io.vigil.kernel.Errno;
import io.vigil.kernel.KernelException;
import io.vigil.kernel.socket.IcmpSocket;
import io.vigil.netlink.ipvs.text.AddressText;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * {@code PING_CHECK}: one ICMP / ICMPv6 echo request per check on a socket of its own ({@link
 * IcmpSocket}: a ping socket where {@code net.ipv4.ping_group_range} allows it, a raw socket
 * otherwise), up when the reply with our identifier, sequence and data comes back from the target
 * within {@code connect_timeout}. The socket's descriptor is registered with the event loop's epoll
 * (Netty's {@link EpollIoHandle}), so nothing blocks: the loop reads it when it is readable and a
 * timer ends the wait. An ICMP error about our request (destination unreachable, time exceeded)
 * ends it at once, down with what it said and who said it ("host unreachable (ICMP from
 * 192.0.2.254)"): a raw socket receives the error message itself, a ping socket finds it in its
 * error queue. Every other ICMP message a raw socket sees is ignored.
 */
public final class PingChecker implements Checker {
  /** Random data per check, so a late reply to an earlier check never passes for this one. */
  static final int DATA_BYTES = 16;

  private static final AtomicInteger SEQUENCE =
      new AtomicInteger(ThreadLocalRandom.current().nextInt(0x10000));

  private final PingCheckSpec spec;
  private final Transport transport;
  private final InetAddress target;
  private final boolean ipv6;
  private final IcmpSocket.Options options;

  public PingChecker(PingCheckSpec spec, Transport transport) {
    this.spec = spec;
    this.transport = transport;
    this.target = spec.connect().target().getAddress();
    this.ipv6 = target instanceof Inet6Address;
    this.options =
        new IcmpSocket.Options(
            spec.connect().bindTo(),
            spec.connect().bindIf(),
            spec.connect().fwmark(),
            List.of(IcmpSocket.Kind.DATAGRAM, IcmpSocket.Kind.RAW));
  }

  @Override
  public void check(Consumer<CheckResult> done) {
    if (!transport.epoll()) {
      done.accept(
          CheckResult.down(
              "PING_CHECK needs the epoll transport ("
                  + transport.epollUnavailable().orElse("unknown")
                  + ")"));
      return;
    }
    IcmpSocket socket;
    try {
      socket = IcmpSocket.open(ipv6, options);
    } catch (KernelException | IllegalStateException e) {
      done.accept(CheckResult.down("ICMP socket: " + e.getMessage()));
      return;
    }
    IoEventLoop loop = (IoEventLoop) transport.group().next();
    Exchange x = new Exchange(socket, loop, done);
    loop.register(x)
        .addListener(
            (Future<IoRegistration> f) -> {
              if (!f.isSuccess()) {
                socket.close();
                done.accept(CheckResult.down("epoll registration: " + f.cause()));
                return;
              }
              if (loop.inEventLoop()) {
                x.start(f.getNow());
              } else {
                loop.execute(() -> x.start(f.getNow()));
              }
            });
  }

  /** One echo request and the wait for its reply; every method runs on {@code loop}. */
  private final class Exchange implements EpollIoHandle {
    private final IcmpSocket socket;
    private final IoEventLoop loop;
    private final Consumer<CheckResult> done;
    private final FileDescriptor fd;
    private final byte[] buf = new byte[IcmpEcho.HEADER_LENGTH + 512];
    private IoRegistration registration;
    private ScheduledFuture<?> deadline;
    private int identifier;
    private int sequence;
    private byte[] data;
    private boolean finished;

    Exchange(IcmpSocket socket, IoEventLoop loop, Consumer<CheckResult> done) {
      this.socket = socket;
      this.loop = loop;
      this.done = done;
      this.fd = new FileDescriptor(socket.fd());
    }

    void start(IoRegistration reg) {
      registration = reg;
      long t = spec.timing().connectTimeoutNs();
      deadline =
          loop.schedule(
              () -> finish(CheckResult.down("no echo reply within " + Durations.text(t))),
              t,
              TimeUnit.NANOSECONDS);
      ThreadLocalRandom random = ThreadLocalRandom.current();
      identifier =
          socket.kind() == IcmpSocket.Kind.DATAGRAM ? socket.identifier() : random.nextInt(0x10000);
      sequence = SEQUENCE.incrementAndGet() & 0xffff;
      data = new byte[DATA_BYTES];
      random.nextBytes(data);
      byte[] request = IcmpEcho.request(ipv6, identifier, sequence, data);
      try {
        reg.submit(EpollIoOps.EPOLLIN);
        socket.send(request, request.length, target);
      } catch (KernelException e) {
        finish(CheckResult.down("echo request to " + AddressText.ntop(target) + ": " + reason(e)));
      } catch (Exception e) {
        finish(CheckResult.down("epoll: " + e));
      }
    }

    @Override
    public FileDescriptor fd() {
      return fd;
    }

    @Override
    public void handle(IoRegistration reg, IoEvent event) {
      if (finished) {
        return;
      }
      // a queued error (IP_RECVERR) or a pending one raises EPOLLERR: only then is there one to
      // read, so an echo reply costs no trip to the error queue
      boolean erred = !(event instanceof EpollIoEvent e) || e.ops().contains(EpollIoOps.EPOLLERR);
      try {
        if (erred && socket.kind() == IcmpSocket.Kind.DATAGRAM) {
          Optional<IcmpSocket.QueuedError> q;
          while (!finished && (q = socket.receiveError(buf)).isPresent()) {
            if (IcmpEcho.quotesOurRequest(ipv6, buf, 0, identifier, sequence)
                || q.get().length() < IcmpEcho.HEADER_LENGTH) {
              finish(CheckResult.down(reason(q.get())));
            }
          }
        }
        if (!finished && erred) {
          int errno = socket.pendingError();
          if (errno != 0) {
            finish(CheckResult.down(reason(new KernelException("ICMP", errno))));
            return;
          }
        }
        int n;
        while (!finished && (n = socket.receive(buf)) >= 0) {
          IcmpEcho.Verdict v = IcmpEcho.match(ipv6, buf, n, identifier, sequence, data);
          if (v == IcmpEcho.Verdict.MATCH && socket.lastSource().equals(target)) {
            finish(CheckResult.up("echo reply from " + AddressText.ntop(target)));
          } else if (v == IcmpEcho.Verdict.NOT_ECHO_REPLY) {
            Optional<String> error =
                IcmpEcho.quotedError(ipv6, buf, n, target, identifier, sequence);
            if (error.isPresent()) {
              finish(CheckResult.down(fromIcmp(error.get(), socket.lastSource())));
            }
          }
        }
      } catch (KernelException e) {
        finish(CheckResult.down(reason(e)));
      }
    }

    private void finish(CheckResult r) {
      if (finished) {
        return;
      }
      finished = true;
      if (deadline != null) {
        deadline.cancel(false);
      }
      try {
        if (registration != null) {
          registration.cancel(); // removes the descriptor from epoll before it is closed
        }
      } finally {
        socket.close();
      }
      done.accept(r);
    }

    /** Called by Netty when the event loop shuts down with the check still registered. */
    @Override
    public void close() {
      socket.close();
    }
  }

  /** "host unreachable (ICMP from 192.0.2.254)": an ICMP error and who sent it. */
  static String fromIcmp(String what, InetAddress from) {
    return what + " (ICMP from " + AddressText.ntop(from) + ")";
  }

  /** A ping socket's queued error, in the same words as a raw socket's ICMP error message. */
  static String reason(IcmpSocket.QueuedError q) {
    if (q.origin() == IcmpSocket.ORIGIN_ICMP || q.origin() == IcmpSocket.ORIGIN_ICMP6) {
      String what = IcmpEcho.describe(q.origin() == IcmpSocket.ORIGIN_ICMP6, q.type(), q.code());
      return q.offender().map(from -> fromIcmp(what, from)).orElse(what);
    }
    return reason(new KernelException("ICMP", q.errno()));
  }

  /** "host unreachable (EHOSTUNREACH)" and the like: what the kernel said, short. */
  static String reason(KernelException e) {
    return switch (e.errno()) {
      case Errno.EHOSTUNREACH -> "host unreachable";
      case Errno.ENETUNREACH -> "network unreachable";
      case Errno.EPERM, Errno.EACCES -> "refused by the local firewall (" + e.errnoName() + ")";
      default -> e.getMessage();
    };
  }

  /** The options of the check's socket (for tests). */
  IcmpSocket.Options options() {
    return options;
  }
}
