package io.vigil.healthcheck.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.HttpCheckSpec;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * keepalived's genhash ({@code keepalived --genhash}): GETs one url as HTTP_GET or SSL_GET would
 * (the same request, {@link HttpChecker#request}) and prints the MD5 of the body that a {@code
 * digest} line compares, with genhash's output ({@link GenhashOutput}) and its words when it fails.
 * Where genhash exits 0 on a failure, this returns 1; where genhash waits for ever without {@code
 * -t}, {@link #DEFAULT_TIMEOUT_NS} bounds the connect and each read.
 */
public final class Genhash {
  /** The connect timeout, and how long a read may wait, when none is given. */
  public static final long DEFAULT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

  /**
   * What to fetch.
   *
   * @param server the address and port to connect to
   * @param path the url's path, as sent
   * @param protocol 1.0, 1.0C or 1.1, as {@code http_protocol}
   * @param virtualhost the Host header, else the server's address and port
   * @param ssl over TLS, the server's certificate not verified (as SSL_GET without a CA)
   * @param sni the virtualhost sent as the TLS server name
   * @param fwmark the socket's mark (SO_MARK), 0 for none
   * @param timeoutNs the connect timeout, and how long each read may wait
   * @param verbose genhash's {@code -v}: the headers, the body and the hash dumped
   */
  public record Request(
      InetSocketAddress server,
      String path,
      HttpCheckSpec.HttpProtocol protocol,
      Optional<String> virtualhost,
      boolean ssl,
      boolean sni,
      int fwmark,
      long timeoutNs,
      boolean verbose) {}

  private Genhash() {}

  /** Fetches and prints; 0 when the digest was printed, 1 otherwise (the reason printed). */
  public static int run(Request r, PrintStream out, PrintStream err) throws InterruptedException {
    long startNs = System.nanoTime();
    GenhashOutput o = new GenhashOutput(r.verbose());
    String failure;
    try (Transport transport = Transport.create(1)) {
      failure = fetch(transport, r, o);
    }
    String digest = failure == null ? o.digest() : null; // at the close, as genhash hashes
    out.print(o.text());
    int rc = 1;
    if (failure != null) {
      out.println(failure); // genhash's words, on stdout as genhash prints them
    } else if (!o.extracted()) {
      err.println("no data received from remote webserver");
    } else {
      out.println(digest);
      rc = 0;
    }
    if (r.verbose()) {
      out.printf(
          "%nGlobal response time for [%s] = %d usecs%n",
          r.path(), (System.nanoTime() - startNs) / 1_000);
    }
    out.flush();
    return rc;
  }

  /** The exchange; null when the server closed the connection after answering, else why not. */
  private static String fetch(Transport transport, Request r, GenhashOutput o)
      throws InterruptedException {
    ConnectSpec c = new ConnectSpec(r.server(), Optional.empty(), 0, r.fwmark(), Optional.empty());
    Optional<String> unsupported = transport.unsupported(c);
    if (unsupported.isPresent()) {
      return unsupported.get();
    }
    SslContext ssl = null;
    if (r.ssl()) {
      try {
        ssl =
            new TlsContexts()
                .get(
                    new HttpCheckSpec.Tls(
                        r.sni(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()));
      } catch (javax.net.ssl.SSLException e) {
        return "Cannot initialize SSL context.";
      }
    }
    String host = r.virtualhost().orElseGet(c::targetText);
    byte[] request =
        HttpChecker.request(r.path(), r.protocol(), host).getBytes(StandardCharsets.ISO_8859_1);
    CompletableFuture<String> done = new CompletableFuture<>();
    Exchange exchange = new Exchange(o, r.timeoutNs(), ssl != null, done);
    Bootstrap b = transport.tcpBootstrap(r.timeoutNs(), c).handler(HttpChecker.NoHandler.INSTANCE);
    SslContext tls = ssl;
    ChannelFuture f =
        Transport.connect(
            b,
            c,
            ch -> {
              if (tls != null) {
                ch.pipeline()
                    .addLast(
                        r.sni() && r.virtualhost().isPresent()
                            ? tls.newHandler(
                                ch.alloc(), r.virtualhost().get(), r.server().getPort())
                            : tls.newHandler(ch.alloc()));
              }
              ch.pipeline().addLast(exchange);
            });
    f.addListener(
        (ChannelFuture cf) -> {
          if (!cf.isSuccess()) {
            Throwable t = cf.cause();
            done.complete(
                t instanceof io.netty.channel.ConnectTimeoutException
                    ? "Timeout connecting"
                    : t instanceof ConnectException ? "Connection failed" : "Error connecting");
            return;
          }
          exchange.start(cf.channel(), request);
        });
    try {
      return done.get();
    } catch (ExecutionException e) {
      return "Read error with";
    } finally {
      f.channel().close().await(1, TimeUnit.SECONDS);
    }
  }

  /** One request and its response, on the channel's event loop. */
  private static final class Exchange extends ChannelInboundHandlerAdapter {
    private final GenhashOutput out;
    private final long timeoutNs;
    private final boolean tls;
    private final CompletableFuture<String> done;
    private ScheduledFuture<?> idle;
    private boolean read; // anything came

    Exchange(GenhashOutput out, long timeoutNs, boolean tls, CompletableFuture<String> done) {
      this.out = out;
      this.timeoutNs = timeoutNs;
      this.tls = tls;
      this.done = done;
    }

    void start(Channel ch, byte[] request) {
      rearm(ch);
      ch.writeAndFlush(Unpooled.wrappedBuffer(request))
          .addListener(
              (ChannelFuture wf) -> {
                if (!wf.isSuccess()) {
                  done.complete(
                      tls && !read
                          ? "SSL handshake/communication error"
                          : "Cannot send get request to");
                }
              });
      ch.config().setAutoRead(true);
    }

    private void rearm(Channel ch) {
      if (idle != null) {
        idle.cancel(false);
      }
      idle =
          ch.eventLoop()
              .schedule(
                  () -> {
                    done.complete("Timeout HTTP read");
                    ch.close();
                  },
                  timeoutNs,
                  TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        read = true;
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        if (!out.feed(b, 0, b.length)) {
          done.complete("Read error with");
          ctx.close();
          return;
        }
        rearm(ctx.channel());
      } finally {
        buf.release();
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (idle != null) {
        idle.cancel(false);
      }
      done.complete(null); // the end of the response: genhash's read of 0
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      done.complete(tls && !read ? "SSL handshake/communication error" : "Read error with");
      ctx.close();
    }
  }
}
