package io.vigil.healthcheck.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.HttpCheckSpec;
import io.vigil.healthcheck.spec.HttpCheckSpec.UrlSpec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * {@code HTTP_GET} and {@code SSL_GET}: GETs every url in turn, one connection each (keepalived's
 * request: {@code GET path HTTP/1.x}, {@code User-Agent: KeepAliveClient}, {@code Connection:
 * close} for 1.0C and 1.1, {@code Host:} the virtualhost or {@code ip:port}), and is up only when
 * every url passes. Each url gets {@code connect_timeout} to connect and {@code connect_timeout}
 * more for the whole response, so a slow or dribbling server cannot hold a check open.
 */
public final class HttpChecker implements Checker {
  private final HttpCheckSpec spec;
  private final Transport transport;
  private final TlsContexts tlsContexts;
  private final List<byte[]> requests = new ArrayList<>();
  private final List<java.nio.ByteBuffer> directRequests = new ArrayList<>();
  private final List<String> suffixes = new ArrayList<>(); // " on PATH", ending each url's reasons
  private final List<Optional<Pattern>> regexes = new ArrayList<>();
  private final List<Optional<String>> sniNames = new ArrayList<>();
  private final Bootstrap bootstrap;
  private final CheckResult passed;

  public HttpChecker(HttpCheckSpec spec, Transport transport) {
    this(spec, transport, new TlsContexts());
  }

  HttpChecker(HttpCheckSpec spec, Transport transport, TlsContexts tlsContexts) {
    this.spec = spec;
    this.transport = transport;
    this.tlsContexts = tlsContexts;
    // each check adds its own handlers to its channel: one bootstrap serves every check
    this.bootstrap =
        transport
            .tcpBootstrap(spec.timing().connectTimeoutNs(), spec.connect())
            .handler(NoHandler.INSTANCE);
    this.passed =
        CheckResult.up(
            spec.urls().size() == 1
                ? "HTTP ok on " + spec.urls().get(0).path()
                : "HTTP ok on " + spec.urls().size() + " urls");
    for (UrlSpec url : spec.urls()) {
      Optional<String> vhost = url.virtualhost().or(spec::virtualhost);
      byte[] bytes = request(spec, url, vhost).getBytes(StandardCharsets.ISO_8859_1);
      requests.add(bytes);
      directRequests.add(java.nio.ByteBuffer.allocateDirect(bytes.length).put(bytes).flip());
      suffixes.add(" on " + url.path());
      regexes.add(url.pattern());
      sniNames.add(
          spec.tls()
              .filter(HttpCheckSpec.Tls::enableSni)
              .flatMap(t -> t.sniName().or(() -> vhost)));
    }
  }

  /** keepalived's request, byte for byte. */
  static String request(HttpCheckSpec spec, UrlSpec url, Optional<String> vhost) {
    return request(url.path(), spec.protocol(), vhost.orElseGet(spec.connect()::targetText));
  }

  /** The same for a path, a protocol and the Host header's value. */
  static String request(String path, HttpCheckSpec.HttpProtocol protocol, String host) {
    return "GET "
        + path
        + " "
        + protocol.version
        + "\r\n"
        + "User-Agent: KeepAliveClient\r\n"
        + (protocol.connectionClose ? "Connection: close\r\n" : "")
        + "Host: "
        + host
        + "\r\n\r\n";
  }

  @Override
  public void check(Consumer<CheckResult> done) {
    java.util.Optional<String> unsupported = transport.unsupported(spec.connect());
    if (unsupported.isPresent()) {
      done.accept(CheckResult.down(unsupported.get()));
      return;
    }
    SslContext ssl = null;
    if (spec.tls().isPresent()) {
      try {
        ssl = tlsContexts.get(spec.tls().get());
      } catch (SSLException e) {
        done.accept(CheckResult.down("TLS settings: " + e.getMessage()));
        return;
      }
    }
    fetch(0, ssl, done);
  }

  private void fetch(int i, SslContext ssl, Consumer<CheckResult> done) {
    if (i == spec.urls().size()) {
      done.accept(passed);
      return;
    }
    UrlSpec url = spec.urls().get(i);
    long timeoutNs = spec.timing().connectTimeoutNs();
    if (ssl == null && transport.direct()) {
      DirectExchange.http(
          transport,
          spec.connect(),
          timeoutNs,
          directRequests.get(i),
          new HttpResponseReader(url, regexes.get(i)),
          suffixes.get(i),
          reason -> {
            if (reason == null) {
              fetch(i + 1, null, done);
            } else {
              done.accept(CheckResult.down(reason));
            }
          });
      return;
    }
    UrlFetch handler =
        new UrlFetch(
            new HttpResponseReader(url, regexes.get(i)),
            suffixes.get(i),
            requests.get(i),
            timeoutNs,
            reason -> {
              if (reason == null) {
                fetch(i + 1, ssl, done);
              } else {
                done.accept(CheckResult.down(reason));
              }
            });
    ChannelFuture f =
        Transport.connect(
            bootstrap,
            spec.connect(),
            ch -> {
              if (ssl != null) {
                Optional<String> sni = sniNames.get(i);
                SslHandler tls =
                    sni.isPresent()
                        ? ssl.newHandler(ch.alloc(), sni.get(), spec.connect().target().getPort())
                        : ssl.newHandler(ch.alloc());
                ch.pipeline().addLast(tls);
              }
              ch.pipeline().addLast(handler);
            });
    f.addListener(
        (ChannelFuture cf) -> {
          if (!cf.isSuccess()) {
            handler.finish(Failures.connectReason(cf.cause(), timeoutNs) + suffixes.get(i));
            return;
          }
          handler.start();
          cf.channel().config().setAutoRead(true);
        });
  }

  private static final io.netty.util.concurrent.FastThreadLocal<byte[]> CHUNK =
      new io.netty.util.concurrent.FastThreadLocal<>() {
        @Override
        protected byte[] initialValue() {
          return new byte[4096];
        }
      };

  /** Placeholder until the connection is up. */
  @io.netty.channel.ChannelHandler.Sharable
  static final class NoHandler extends ChannelInboundHandlerAdapter {
    static final NoHandler INSTANCE = new NoHandler();
  }

  /**
   * After the verdict, what the server still sends (the rest of the body) is read and dropped until
   * it closes, at most this long and this much, before the connection is closed: closed with unread
   * data, the kernel answers with a reset, which real servers log as an error.
   */
  static final long DRAIN_NS = TimeUnit.SECONDS.toNanos(1);

  static final long DRAIN_MAX_BYTES = 1 << 20;

  /** One url's exchange on one connection; every callback runs on the channel's event loop. */
  private static final class UrlFetch extends ChannelInboundHandlerAdapter {
    private final HttpResponseReader reader;
    private final String suffix; // " on PATH"
    private final byte[] request;
    private final long timeoutNs;
    private final Consumer<String> onDone;
    private Channel channel;
    private ScheduledFuture<?> deadline;
    private ScheduledFuture<?> drainTimer;
    private boolean finished;
    private long drained;

    UrlFetch(
        HttpResponseReader reader,
        String suffix,
        byte[] request,
        long timeoutNs,
        Consumer<String> onDone) {
      this.reader = reader;
      this.suffix = suffix;
      this.request = request;
      this.timeoutNs = timeoutNs;
      this.onDone = onDone;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      channel = ctx.channel();
    }

    /**
     * Once connected: the deadline, then the request. Nothing when the answer and the close came
     * first (read before the connect's listener ran this): the verdict is already given.
     */
    void start() {
      if (finished) {
        return;
      }
      Channel ch = channel;
      deadline =
          ch.eventLoop()
              .schedule(
                  () ->
                      finish(
                          (reader.status() < 0
                                  ? "no response within "
                                  : "response not complete within ")
                              + Durations.text(timeoutNs)
                              + suffix),
                  timeoutNs,
                  TimeUnit.NANOSECONDS);
      ch.writeAndFlush(Unpooled.wrappedBuffer(request))
          .addListener(
              (ChannelFuture wf) -> {
                if (!wf.isSuccess()) {
                  String why = Failures.ioReason(wf.cause());
                  finish((why.startsWith("TLS: ") ? why : "send failed: " + why) + suffix);
                }
              });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      if (finished) {
        drained += buf.readableBytes();
        buf.release();
        if (drained > DRAIN_MAX_BYTES) {
          ctx.close();
        }
        return;
      }
      try {
        byte[] chunk = CHUNK.get();
        while (buf.isReadable() && !finished) {
          int n = Math.min(chunk.length, buf.readableBytes());
          buf.readBytes(chunk, 0, n);
          reader.feed(chunk, 0, n);
          if (reader.complete()) {
            finish(reader.verdict(false));
          }
        }
      } finally {
        buf.release();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (drainTimer != null) {
        drainTimer.cancel(false); // the server closed first: nothing left to drain
      }
      finish(reader.verdict(true));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      finish(Failures.ioReason(cause) + suffix);
    }

    /** Reports once; closes the connection and the deadline. */
    void finish(String reason) {
      if (finished) {
        return;
      }
      finished = true;
      if (deadline != null) {
        deadline.cancel(false);
      }
      if (channel != null && channel.isActive() && reader.status() >= 0) {
        // a response was judged: read the rest until the server closes (then Netty closes too,
        // with a FIN), or close after DRAIN_NS
        drainTimer =
            channel.eventLoop().schedule(() -> channel.close(), DRAIN_NS, TimeUnit.NANOSECONDS);
      } else if (channel != null) {
        // close after the read loop that may have called us, never inside it; what arrives
        // meanwhile is dropped (finished), without one more epoll_ctl to stop reading
        channel.eventLoop().execute(channel::close);
      }
      onDone.accept(reason);
    }
  }
}
