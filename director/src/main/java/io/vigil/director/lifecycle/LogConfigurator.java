package io.vigil.director.lifecycle;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Vigil's logging, set up in code (found by Logback through {@code META-INF/services}): one line
 * per event on stderr, {@code io.netty} at WARN. Reading an XML file instead loads Logback's XML
 * configurator and the JDK's XML parser (some 600 classes): a fifth of {@code vigil run}'s start in
 * the lab VM, measured with {@code -Xlog:class+load}.
 *
 * <p>The properties {@link LogSetup} sets choose the line and the level: {@code vigil.log.pattern}
 * (under systemd, no timestamp: the journal has one) and {@code vigil.log.level}. An operator who
 * sets {@code -Dlogback.configurationFile=FILE} gets that file, read by Logback as usual.
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  /** The line outside the journal: an ISO-8601 timestamp with the offset, level, class, message. */
  public static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{0}: %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(System.getProperty("vigil.log.pattern", PATTERN));
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
