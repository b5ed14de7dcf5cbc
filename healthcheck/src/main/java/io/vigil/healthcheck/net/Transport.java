package io.vigil.healthcheck.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.unix.RawUnixChannelOption;
import java.nio.ByteBuffer;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one event loop group every network checker shares: epoll when Netty's native transport loads,
 * NIO otherwise, with the reason epoll is missing kept for the log.
 */
public final class Transport implements AutoCloseable {
  /** setsockopt(SOL_SOCKET = 1, SO_MARK = 36): the fwmark of the checker's packets. */
  private static final int SOL_SOCKET = 1;

  private static final int SO_BINDTODEVICE = 25;

  private static final IntegerUnixChannelOption SO_MARK =
      new IntegerUnixChannelOption("SO_MARK", SOL_SOCKET, 36);

  private final EventLoopGroup group;
  private final boolean epoll;
  private final Optional<String> epollUnavailable;
  private final boolean direct;

  private Transport(
      EventLoopGroup group, boolean epoll, Optional<String> epollUnavailable, boolean channels) {
    this.group = group;
    this.epoll = epoll;
    this.epollUnavailable = epollUnavailable;
    this.direct = epoll && !channels;
  }

  /**
   * A group of {@code threads} event loops (epoll where available). With epoll, plain TCP_CHECK and
   * HTTP_GET run on bare sockets registered with the loop ({@link DirectExchange}: about half the
   * system calls of a channel, and a third less CPU per check); TLS, NIO and {@code
   * -Dvigil.checks.channels=true} put every check on a Netty channel.
   */
  public static Transport create(int threads) {
    return create(threads, Boolean.getBoolean("vigil.checks.channels"));
  }

  /** As {@link #create(int)}; {@code channels}: every check on a Netty channel. */
  static Transport create(int threads, boolean channels) {
    quietMachineId();
    if (Epoll.isAvailable()) {
      return new Transport(
          new MultiThreadIoEventLoopGroup(threads, EpollIoHandler.newFactory()),
          true,
          Optional.empty(),
          channels);
    }
    Throwable cause = Epoll.unavailabilityCause();
    return new Transport(
        new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory()),
        false,
        Optional.of(cause == null ? "unknown" : cause.toString()),
        channels);
  }

  /**
   * Netty names channels with the host's MAC address and logs a warning when there is none (a
   * network namespace or container with only loopback), where it falls back to random bytes. Its
   * channel ids mean nothing to Vigil: random bytes from the start, and no warning.
   */
  private static void quietMachineId() {
    if (System.getProperty("io.netty.machineId") == null) {
      byte[] id = new byte[8];
      new java.security.SecureRandom().nextBytes(id);
      id[0] |= 0x02; // locally administered, as Netty's own fallback
      System.setProperty("io.netty.machineId", java.util.HexFormat.ofDelimiter(":").formatHex(id));
    }
  }

  public EventLoopGroup group() {
    return group;
  }

  public boolean epoll() {
    return epoll;
  }

  /** Why the epoll transport is not used, when it is not. */
  public Optional<String> epollUnavailable() {
    return epollUnavailable;
  }

  /**
   * A TCP client bootstrap on the group, not reading until the checker says so: connect timeout,
   * the connection's {@code fwmark} (SO_MARK) and {@code bind_if} (SO_BINDTODEVICE). Both need
   * epoll; without it {@link #unsupported} makes the check fail with a reason rather than go
   * unmarked or out of another interface.
   */
  Bootstrap tcpBootstrap(long connectTimeoutNs, io.vigil.healthcheck.spec.ConnectSpec c) {
    // a socket of the target's family: an IPv4 check on the default dual-stack IPv6 socket costs a
    // setsockopt(IPV6_V6ONLY) and mapped addresses on every connection
    SocketProtocolFamily family =
        c.target().getAddress() instanceof java.net.Inet6Address
            ? SocketProtocolFamily.INET6
            : SocketProtocolFamily.INET;
    io.netty.channel.ChannelFactory<SocketChannel> channels =
        epoll
            ? () -> new EpollSocketChannel(family)
            : () -> new NioSocketChannel(SelectorProvider.provider(), family);
    Bootstrap b =
        new Bootstrap()
            .group(group)
            .channelFactory(channels)
            .option(
                io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS,
                (int)
                    Math.max(
                        1,
                        Math.min(
                            Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(connectTimeoutNs))))
            // close with a reset: no TIME_WAIT left behind by thousands of checks a second (Netty
            // sets TCP_NODELAY on its own; setting it again would be one more system call a check)
            .option(io.netty.channel.ChannelOption.SO_LINGER, 0)
            // reading starts once the checker is ready for it (a server that closes is read
            // anyway: checkers that read add their handler before connecting, see connect)
            .option(io.netty.channel.ChannelOption.AUTO_READ, false);
    return socketOptions(b, c);
  }

  /**
   * A UDP client bootstrap on the group, with the {@code fwmark} and {@code bind_if} of {@code c};
   * checkers add their handler once connected.
   */
  Bootstrap udpBootstrap(io.vigil.healthcheck.spec.ConnectSpec c) {
    Class<? extends io.netty.channel.socket.DatagramChannel> type =
        epoll
            ? io.netty.channel.epoll.EpollDatagramChannel.class
            : io.netty.channel.socket.nio.NioDatagramChannel.class;
    Bootstrap b =
        new Bootstrap().group(group).channel(type).handler(HttpChecker.NoHandler.INSTANCE);
    return socketOptions(b, c);
  }

  private Bootstrap socketOptions(Bootstrap b, io.vigil.healthcheck.spec.ConnectSpec c) {
    if (!epoll) {
      return b;
    }
    if (c.fwmark() != 0) {
      b.option(SO_MARK, c.fwmark());
    }
    if (c.bindIf().isPresent()) {
      byte[] name = (c.bindIf().get() + "\0").getBytes(StandardCharsets.US_ASCII);
      RawUnixChannelOption device =
          new RawUnixChannelOption("SO_BINDTODEVICE", SOL_SOCKET, SO_BINDTODEVICE, name.length);
      ByteBuffer value = ByteBuffer.allocateDirect(name.length).put(name).flip();
      b.option(device, value);
    }
    return b;
  }

  /** The {@code fwmark} and {@code bind_if} of {@code c} on a bare socket (epoll only). */
  void applySocketOptions(
      io.netty.channel.unix.Socket socket, io.vigil.healthcheck.spec.ConnectSpec c)
      throws java.io.IOException {
    if (c.fwmark() != 0) {
      socket.setIntOpt(SOL_SOCKET, 36, c.fwmark());
    }
    if (c.bindIf().isPresent()) {
      byte[] name = (c.bindIf().get() + "\0").getBytes(StandardCharsets.US_ASCII);
      socket.setRawOpt(
          SOL_SOCKET, SO_BINDTODEVICE, ByteBuffer.allocateDirect(name.length).put(name).flip());
    }
  }

  /**
   * Whether plain TCP checks run on bare sockets ({@link DirectExchange}) rather than channels:
   * with epoll, unless {@code -Dvigil.checks.channels=true} asks for channels.
   */
  boolean direct() {
    return direct;
  }

  /**
   * Why a check with these connection options cannot run on this transport ({@code fwmark} and
   * {@code bind_if} need epoll), or empty when it can.
   */
  Optional<String> unsupported(io.vigil.healthcheck.spec.ConnectSpec c) {
    if (epoll) {
      return Optional.empty();
    }
    if (c.fwmark() != 0) {
      return Optional.of("fwmark needs the epoll transport");
    }
    if (c.bindIf().isPresent()) {
      return Optional.of("bind_if needs the epoll transport");
    }
    return Optional.empty();
  }

  /** Connects to the checker's target, from its {@code bindto} / {@code bind_port} if set. */
  static io.netty.channel.ChannelFuture connect(
      Bootstrap b, io.vigil.healthcheck.spec.ConnectSpec c) {
    return c.localAddress()
        .map(local -> b.connect(c.target(), local))
        .orElseGet(() -> b.connect(c.target()));
  }

  /**
   * Connects like {@link #connect(Bootstrap, io.vigil.healthcheck.spec.ConnectSpec)}, with {@code
   * handlers} added to the new channel's pipeline before it connects. A handler added once the
   * connect's future has told its listener comes too late for a server that speaks first and closes
   * at once (an SMTP "421" greeting, an HTTP answer sent before the request is read): the listener
   * may run after the channel has already read that and closed (a closed connection is read even
   * with auto-read off), and the bootstrap's placeholder handler drops what it read.
   */
  static io.netty.channel.ChannelFuture connect(
      Bootstrap b,
      io.vigil.healthcheck.spec.ConnectSpec c,
      java.util.function.Consumer<io.netty.channel.Channel> handlers) {
    io.netty.channel.ChannelFuture registered = b.register();
    io.netty.channel.Channel ch = registered.channel();
    io.netty.channel.ChannelPromise connected = ch.newPromise();
    registered.addListener(
        (io.netty.channel.ChannelFuture r) -> {
          if (!r.isSuccess()) {
            connected.setFailure(r.cause());
            return;
          }
          handlers.accept(ch);
          if (c.localAddress().isPresent()) {
            ch.connect(c.target(), c.localAddress().get(), connected);
          } else {
            ch.connect(c.target(), connected);
          }
        });
    connected.addListener(io.netty.channel.ChannelFutureListener.CLOSE_ON_FAILURE);
    return connected;
  }

  @Override
  public void close() {
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
