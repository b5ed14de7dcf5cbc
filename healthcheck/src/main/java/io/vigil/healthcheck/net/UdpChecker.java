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
import io.vigil.healthcheck.spec.UdpCheckSpec;
import java.net.PortUnreachableException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code UDP_CHECK} on a connected datagram socket, so the kernel reports ICMP errors (port
 * unreachable) as errors on it. Without {@code require_reply} the check passes when no error
 * arrives within {@code connect_timeout} (a reply passes at once); with it a matching reply must.
 * Only the first reply is read; the socket is closed after.
 */
public final class UdpChecker implements Checker {
  private static final int RANDOM_PAYLOAD_BYTES = 16;

  private final UdpCheckSpec spec;
  private final Transport transport;
  private final Bootstrap bootstrap;

  public UdpChecker(UdpCheckSpec spec, Transport transport) {
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
          Exchange x = new Exchange(done);
          cf.channel().pipeline().addLast(x);
          x.start(cf.channel());
        });
  }

  private final class Exchange extends ChannelInboundHandlerAdapter {
    private final Consumer<CheckResult> done;
    private Channel channel;
    private ScheduledFuture<?> deadline;
    private boolean finished;

    Exchange(Consumer<CheckResult> done) {
      this.done = done;
    }

    void start(Channel ch) {
      channel = ch;
      long t = spec.timing().connectTimeoutNs();
      deadline =
          ch.eventLoop()
              .schedule(
                  () -> {
                    if (spec.requireReply()) {
                      finish(CheckResult.down("no UDP reply within " + Durations.text(t)));
                    } else {
                      finish(CheckResult.up("no ICMP error within " + Durations.text(t)));
                    }
                  },
                  t,
                  TimeUnit.NANOSECONDS);
      byte[] payload = spec.payload().orElseGet(UdpChecker::randomPayload);
      ch.writeAndFlush(Unpooled.wrappedBuffer(payload))
          .addListener(
              (ChannelFuture wf) -> {
                if (!wf.isSuccess()) {
                  finish(CheckResult.down(reason(wf.cause())));
                }
              });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf content = msg instanceof DatagramPacket p ? p.content() : (ByteBuf) msg;
      try {
        finish(judge(content));
      } finally {
        content.release();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      finish(CheckResult.down(reason(cause)));
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

  private static String reason(Throwable cause) {
    if (cause instanceof PortUnreachableException
        || String.valueOf(cause.getMessage()).contains("refused")) {
      return "ICMP port unreachable";
    }
    return Failures.ioReason(cause);
  }

  private CheckResult judge(ByteBuf reply) {
    int len = reply.readableBytes();
    if (!spec.requireReply()) {
      return CheckResult.up("UDP reply of " + len + " bytes");
    }
    if (len < spec.minReplyLength() || len > spec.maxReplyLength()) {
      return CheckResult.down(
          "UDP reply of "
              + len
              + " bytes, outside "
              + spec.minReplyLength()
              + "-"
              + spec.maxReplyLength());
    }
    if (spec.replyPattern().isPresent()) {
      byte[] p = spec.replyPattern().get();
      byte[] m = spec.replyMask().get();
      int n = Math.min(len, p.length);
      int start = reply.readerIndex();
      for (int i = 0; i < n; i++) {
        if (((reply.getByte(start + i) ^ p[i]) & m[i]) != 0) {
          return CheckResult.down("UDP reply differs from require_reply at byte " + i);
        }
      }
    }
    return CheckResult.up("UDP reply of " + len + " bytes");
  }

  private static byte[] randomPayload() {
    byte[] b = new byte[RANDOM_PAYLOAD_BYTES];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }
}
