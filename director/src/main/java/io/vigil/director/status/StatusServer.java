package io.vigil.director.status;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The status endpoint: {@code GET /status} (JSON), {@code /status.txt} (the operator's table) and
 * {@code GET /metrics} (Prometheus text) on a loopback address, one event-loop thread, small
 * bounded requests, a read timeout.
 */
public final class StatusServer implements AutoCloseable {
  /** Requests larger than this are refused: the endpoint has no use for a body. */
  static final int MAX_REQUEST_BYTES = 8192;

  private static final int READ_TIMEOUT_S = 10;

  private final EventLoopGroup group;
  private final Channel channel;

  private StatusServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /**
   * Starts serving on {@code address} (port 0 picks a free one). {@code status} is called per
   * request of /status (JSON) and /status.txt (the table of {@code vigil status}).
   */
  public static StatusServer start(
      InetSocketAddress address, Supplier<DirectorStatus> status, Metrics metrics)
      throws InterruptedException {
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(
            1,
            (java.util.concurrent.ThreadFactory) r -> new Thread(r, "vigil-status"),
            NioIoHandler.newFactory());
    try {
      Channel ch =
          new ServerBootstrap()
              .group(group)
              .channel(NioServerSocketChannel.class)
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      c.pipeline()
                          .addLast(new ReadTimeoutHandler(READ_TIMEOUT_S))
                          .addLast(new HttpServerCodec(4096, 8192, 8192))
                          .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                          .addLast(new Handler(status, metrics));
                    }
                  })
              .bind(address)
              .sync()
              .channel();
      return new StatusServer(group, ch);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
      throw e;
    }
  }

  /** The address actually bound. */
  public InetSocketAddress address() {
    return (InetSocketAddress) channel.localAddress();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Supplier<DirectorStatus> status;
    private final Metrics metrics;

    Handler(Supplier<DirectorStatus> status, Metrics metrics) {
      this.status = status;
      this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      String path = req.uri().split("\\?", 2)[0];
      FullHttpResponse resp;
      if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
        resp = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n", "text/plain");
      } else if (path.equals("/status")) {
        resp =
            text(
                HttpResponseStatus.OK,
                Json.write(status.get().toJson()) + "\n",
                "application/json");
      } else if (path.equals("/status.txt")) {
        resp = text(HttpResponseStatus.OK, status.get().toTable(), "text/plain; charset=utf-8");
      } else if (path.equals("/metrics")) {
        resp =
            text(
                HttpResponseStatus.OK,
                metrics.scrape(),
                "text/plain; version=0.0.4; charset=utf-8");
      } else {
        resp =
            text(
                HttpResponseStatus.NOT_FOUND,
                "try /status, /status.txt or /metrics\n",
                "text/plain");
      }
      ctx.writeAndFlush(resp).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }

    private static FullHttpResponse text(HttpResponseStatus code, String body, String type) {
      ByteBuf buf = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
      FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, code, buf);
      r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
      r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, buf.readableBytes());
      r.headers().set(HttpHeaderNames.CONNECTION, "close");
      return r;
    }
  }
}
