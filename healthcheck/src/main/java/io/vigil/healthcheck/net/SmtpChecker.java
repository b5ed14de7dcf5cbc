package io.vigil.healthcheck.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.SmtpCheckSpec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code SMTP_CHECK}: greeting {@code 220}, {@code HELO name} answered {@code 250}, {@code QUIT}
 * answered with anything. Lines are at most {@link #MAX_LINE_BYTES} (keepalived's buffer); each
 * step waits at most {@code connect_timeout}. Continuation lines ({@code 250-...}) are skipped to
 * the last line of a reply.
 */
public final class SmtpChecker implements Checker {
  static final int MAX_LINE_BYTES = 512;

  private final SmtpCheckSpec spec;
  private final Transport transport;
  private final Bootstrap bootstrap;

  public SmtpChecker(SmtpCheckSpec spec, Transport transport) {
    this.spec = spec;
    this.transport = transport;
    this.bootstrap =
        transport
            .tcpBootstrap(spec.timing().connectTimeoutNs(), spec.connect())
            .handler(HttpChecker.NoHandler.INSTANCE);
  }

  @Override
  public void check(Consumer<CheckResult> done) {
    java.util.Optional<String> unsupported = transport.unsupported(spec.connect());
    if (unsupported.isPresent()) {
      done.accept(CheckResult.down(unsupported.get()));
      return;
    }
    long timeoutNs = spec.timing().connectTimeoutNs();
    Conversation c = new Conversation(done);
    ChannelFuture f = Transport.connect(bootstrap, spec.connect(), ch -> ch.pipeline().addLast(c));
    f.addListener(
        (ChannelFuture cf) -> {
          if (!cf.isSuccess()) {
            done.accept(CheckResult.down(Failures.connectReason(cf.cause(), timeoutNs)));
            return;
          }
          c.start();
          cf.channel().config().setAutoRead(true);
        });
  }

  private enum Step {
    GREETING,
    HELO,
    QUIT
  }

  /** One conversation; every callback runs on the channel's event loop. */
  private final class Conversation extends ChannelInboundHandlerAdapter {
    private final Consumer<CheckResult> done;
    private final byte[] line = new byte[MAX_LINE_BYTES];
    private int lineLen;
    private Step step = Step.GREETING;
    private Channel channel;
    private ScheduledFuture<?> deadline;
    private boolean finished;

    Conversation(Consumer<CheckResult> done) {
      this.done = done;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      channel = ctx.channel();
    }

    /**
     * Once connected: the greeting's deadline. Nothing when the greeting and the close came first
     * (read before the connect's listener ran this): the verdict is already given.
     */
    void start() {
      if (!finished && deadline == null) {
        arm();
      }
    }

    private void arm() {
      if (deadline != null) {
        deadline.cancel(false);
      }
      long t = spec.timing().connectTimeoutNs();
      Step waiting = step;
      deadline =
          channel
              .eventLoop()
              .schedule(
                  () -> finish(false, "no SMTP " + what(waiting) + " within " + Durations.text(t)),
                  t,
                  TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      try {
        while (buf.isReadable() && !finished) {
          byte b = buf.readByte();
          if (b == '\n') {
            String text = new String(line, 0, lineLen, StandardCharsets.ISO_8859_1).stripTrailing();
            lineLen = 0;
            onLine(text);
          } else if (lineLen == MAX_LINE_BYTES) {
            finish(false, "garbage: SMTP line longer than " + MAX_LINE_BYTES + " bytes");
          } else {
            line[lineLen++] = b;
          }
        }
      } finally {
        buf.release();
      }
    }

    private void onLine(String text) {
      if (text.length() >= 4 && text.charAt(3) == '-' && step != Step.QUIT) {
        return; // a continuation line: the reply goes on
      }
      switch (step) {
        case GREETING -> {
          if (status(text) != 220) {
            finish(false, "bad SMTP greeting: " + shorten(text));
            return;
          }
          step = Step.HELO;
          send("HELO " + spec.heloName() + "\r\n");
        }
        case HELO -> {
          if (status(text) != 250) {
            finish(false, "bad SMTP HELO answer: " + shorten(text));
            return;
          }
          step = Step.QUIT;
          send("QUIT\r\n");
        }
        case QUIT -> finish(true, "SMTP ok");
      }
    }

    private void send(String s) {
      arm();
      channel.writeAndFlush(Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      finish(false, "SMTP server closed the connection before the " + what(step));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      finish(false, Failures.ioReason(cause));
    }

    private void finish(boolean up, String reason) {
      if (finished) {
        return;
      }
      finished = true;
      if (deadline != null) {
        deadline.cancel(false);
      }
      channel.config().setAutoRead(false);
      channel.eventLoop().execute(channel::close);
      done.accept(up ? CheckResult.up(reason) : CheckResult.down(reason));
    }
  }

  private static String what(Step s) {
    return switch (s) {
      case GREETING -> "greeting";
      case HELO -> "HELO answer";
      case QUIT -> "QUIT answer";
    };
  }

  /** keepalived's rule: three digits, then a blank or the end of the line. */
  static int status(String line) {
    if (line.length() < 3 || (line.length() > 3 && line.charAt(3) != ' ')) {
      return -1;
    }
    for (int i = 0; i < 3; i++) {
      if (!Character.isDigit(line.charAt(i))) {
        return -1;
      }
    }
    return Integer.parseInt(line.substring(0, 3));
  }

  private static String shorten(String s) {
    String clean = s.replaceAll("[^\\x20-\\x7e]", "?");
    return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
  }
}
