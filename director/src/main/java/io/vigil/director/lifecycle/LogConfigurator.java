package io.vigil.director.lifecycle;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.TimeZone;

/**
 * Vigil's logging, set up in code: one {@link LogLine} per event on stderr, {@code io.netty} at
 * WARN. {@code vigil run} reaches it through {@link LogProvider}; other commands through Logback's
 * own start, which finds it in {@code META-INF/services}. Reading an XML file instead loads
 * Logback's XML configurator and the JDK's XML parser (some 600 classes): a fifth of {@code vigil
 * run}'s start in the lab VM, measured with {@code -Xlog:class+load}.
 *
 * <p>The properties {@link LogSetup} sets choose the line and the level: {@code vigil.log.journal}
 * (under systemd: no timestamp, the journal has one) and {@code vigil.log.level}. An operator who
 * sets {@code -Dlogback.configurationFile=FILE} gets that file, read by Logback as usual.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LogLine line =
        new LogLine(Boolean.getBoolean("vigil.log.journal") ? null : TimeZone.getDefault());
    line.setContext(context);
    line.start();
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setLayout(line);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getProperty("vigil.log.level"), Level.INFO));
    root.addAppender(stderr);
    context.getLogger("io.netty").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
