package io.vigil.healthcheck.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;

/**
 * A controllable HTTP(S) server on 127.0.0.1: answers every request with the chosen status and body
 * after the chosen delay, or misbehaves on request (garbage, silence, hang-up, a dribble). Records
 * each request and the SNI names it was asked for.
 */
final class TestHttpServer implements AutoCloseable {
  enum Mode {
    NORMAL,
    GARBAGE,
    SILENT,
    HANG_UP,
    /** answers the headers then stops, keeping the connection open */
    STALL_BODY
  }

  volatile int status = 200;
  volatile byte[] body = "ok\n".getBytes(StandardCharsets.US_ASCII);
  volatile long delayMs;

  /** The Content-Length announced in NORMAL mode, when not -1 (else the body's). */
  volatile int announcedLength = -1;

  volatile Mode mode = Mode.NORMAL;
  final List<String> requests = new CopyOnWriteArrayList<>();
  final List<String> sniNames = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();

  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  private final Channel server;

  TestHttpServer() {
    this(null);
  }

  TestHttpServer(SslContext tls) {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.incrementAndGet();
                    if (tls != null) {
                      ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                    }
                    ch.pipeline().addLast(new Responder());
                  }
                })
            .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .syncUninterruptibly()
            .channel();
  }

  InetSocketAddress address() {
    return (InetSocketAddress) server.localAddress();
  }

  int port() {
    return address().getPort();
  }

  void body(String text) {
    body = text.getBytes(StandardCharsets.UTF_8);
  }

  private final class Responder extends ChannelInboundHandlerAdapter {
    private final StringBuilder request = new StringBuilder();
    private boolean answered;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof SslHandshakeCompletionEvent e && e.isSuccess()) {
        SslHandler h = ctx.pipeline().get(SslHandler.class);
        if (h.engine().getSession() instanceof ExtendedSSLSession s) {
          for (SNIServerName n : s.getRequestedServerNames()) {
            if (n instanceof SNIHostName host) {
              sniNames.add(host.getAsciiName());
            }
          }
        }
      }
      ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf b = (ByteBuf) msg;
      request.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
      if (answered || request.indexOf("\r\n\r\n") < 0) {
        return;
      }
      answered = true;
      requests.add(request.toString());
      ctx.executor().schedule(() -> answer(ctx), delayMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // checkers end with a reset: not worth a warning
    }

    private void answer(ChannelHandlerContext ctx) {
      switch (mode) {
        case SILENT -> {}
        case HANG_UP -> ctx.close();
        case GARBAGE ->
            ctx.writeAndFlush(
                    Unpooled.copiedBuffer("SSH-2.0-OpenSSH_9.2\r\n\r\n", StandardCharsets.US_ASCII))
                .addListener(f -> ctx.close());
        case STALL_BODY -> {
          String head = "HTTP/1.0 " + status + " X\r\nContent-Length: 1000\r\n\r\npartial";
          ctx.writeAndFlush(Unpooled.copiedBuffer(head, StandardCharsets.US_ASCII));
        }
        case NORMAL -> {
          byte[] b = body;
          String head =
              "HTTP/1.0 "
                  + status
                  + " Status\r\nContent-Length: "
                  + (announcedLength >= 0 ? announcedLength : b.length)
                  + "\r\nConnection: close\r\n\r\n";
          ctx.write(Unpooled.copiedBuffer(head, StandardCharsets.US_ASCII));
          ctx.writeAndFlush(Unpooled.wrappedBuffer(b)).addListener(f -> ctx.close());
        }
      }
    }
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
