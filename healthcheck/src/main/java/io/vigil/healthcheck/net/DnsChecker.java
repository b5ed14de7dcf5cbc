package io.vigil.healthcheck.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.DnsCheckSpec;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code DNS_CHECK}: one query on a connected UDP socket; datagrams that are not our answer are
 * skipped (at most {@link #MAX_DATAGRAMS}, so a flood cannot keep the check busy), an answer with
 * RCODE 0 is up, any other RCODE, an ICMP error or {@code connect_timeout} without an answer is
 * down.
 */
public final class DnsChecker implements Checker {
  static final int MAX_DATAGRAMS = 16;
  private static final int MAX_DNS_BYTES = 512;

  private final DnsCheckSpec spec;
  private final Transport transport;
  private final Bootstrap bootstrap;

  public DnsChecker(DnsCheckSpec spec, Transport transport) {
    this.spec = spec;
    this.transport = transport;
    this.bootstrap = transport.udpBootstrap(spec.connect());
  }

  @Override
  public void check(Consumer<CheckResult> done) {
    java.util.Optional<String> unsupported = transport.unsupported(spec.connect());
    if (unsupported.isPresent()) {
      done.accept(CheckResult.down(unsupported.get()));
      return;
    }
    ChannelFuture f = Transport.connect(bootstrap, spec.connect());
    f.addListener(
        (ChannelFuture cf) -> {
          if (!cf.isSuccess()) {
            done.accept(CheckResult.down("UDP socket: " + Failures.ioReason(cf.cause())));
            return;
          }
          Exchange x = new Exchange(done, ThreadLocalRandom.current().nextInt(0x10000));
          cf.channel().pipeline().addLast(x);
          x.start(cf.channel());
        });
  }

  private final class Exchange extends ChannelInboundHandlerAdapter {
    private final Consumer<CheckResult> done;
    private final int id;
    private Channel channel;
    private ScheduledFuture<?> deadline;
    private boolean finished;
    private int datagrams;

    Exchange(Consumer<CheckResult> done, int id) {
      this.done = done;
      this.id = id;
    }

    void start(Channel ch) {
      channel = ch;
      long t = spec.timing().connectTimeoutNs();
      deadline =
          ch.eventLoop()
              .schedule(
                  () -> finish(CheckResult.down("no DNS answer within " + Durations.text(t))),
                  t,
                  TimeUnit.NANOSECONDS);
      ch.writeAndFlush(Unpooled.wrappedBuffer(DnsMessage.query(id, spec.name(), spec.type())))
          .addListener(
              (ChannelFuture wf) -> {
                if (!wf.isSuccess()) {
                  finish(CheckResult.down(Failures.ioReason(wf.cause())));
                }
              });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf content = msg instanceof DatagramPacket p ? p.content() : (ByteBuf) msg;
      try {
        int len = Math.min(content.readableBytes(), MAX_DNS_BYTES);
        byte[] m = new byte[len];
        content.getBytes(content.readerIndex(), m);
        switch (DnsMessage.judge(m, len, id)) {
          case OK -> finish(CheckResult.up("DNS answer, rcode 0"));
          case ERROR -> finish(CheckResult.down("DNS error, rcode " + DnsMessage.rcode(m)));
          case IGNORE -> {
            if (++datagrams >= MAX_DATAGRAMS) {
              finish(CheckResult.down("garbage: " + datagrams + " datagrams, none our DNS answer"));
            }
          }
        }
      } finally {
        content.release();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      String m = String.valueOf(cause.getMessage());
      finish(
          CheckResult.down(
              m.contains("refused") || cause instanceof java.net.PortUnreachableException
                  ? "ICMP port unreachable"
                  : Failures.ioReason(cause)));
    }

    private void finish(CheckResult r) {
      if (finished) {
        return;
      }
      finished = true;
      deadline.cancel(false);
      // close after the read loop that called us: closing a datagram channel inside its own
      // read loop let the loop read a reused descriptor (seen as a hang in recvAddress)
      channel.config().setAutoRead(false);
      channel.eventLoop().execute(channel::close);
      done.accept(r);
    }
  }
}
