package io.vigil.healthcheck.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's real servers, run in their own JVM so their CPU is not counted as the checker's:
 * {@code N} listeners on 127.0.0.1-127.0.0.4, ports from {@link #BASE_PORT}, each answering {@code
 * HTTP/1.0 200} with a two-byte body and closing. Prints READY, then serves until stdin closes;
 * each line read from stdin is answered with the number of requests served so far.
 */
public final class BenchHttpServers {
  static final int BASE_PORT = 10000;
  static final int ADDRESSES = 4;

  private BenchHttpServers() {}

  static InetSocketAddress address(int i) {
    return new InetSocketAddress("127.0.0." + (1 + i % ADDRESSES), BASE_PORT + i / ADDRESSES);
  }

  private static final java.util.concurrent.atomic.AtomicLong SERVED =
      new java.util.concurrent.atomic.AtomicLong();

  @ChannelHandler.Sharable
  private static final class Answer extends ChannelInboundHandlerAdapter {
    private final ByteBuf response =
        Unpooled.unreleasableBuffer(
            Unpooled.copiedBuffer(
                "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", StandardCharsets.US_ASCII));

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ((ByteBuf) msg).release();
      SERVED.incrementAndGet();
      ctx.writeAndFlush(response.duplicate()).addListener(ChannelFutureListener.CLOSE);
    }
  }

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[0]);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    List<io.netty.channel.Channel> channels = new ArrayList<>();
    Answer answer = new Answer();
    ServerBootstrap b =
        new ServerBootstrap()
            .group(group)
            .channel(EpollServerSocketChannel.class)
            .childHandler(answer);
    for (int i = 0; i < n; i++) {
      channels.add(b.bind(address(i)).sync().channel());
    }
    System.out.println("READY " + n);
    System.out.flush();
    var in =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(System.in, StandardCharsets.US_ASCII));
    while (in.readLine() != null) {
      System.out.println(SERVED.get());
      System.out.flush();
    }
    for (var c : channels) {
      c.close();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }
}
