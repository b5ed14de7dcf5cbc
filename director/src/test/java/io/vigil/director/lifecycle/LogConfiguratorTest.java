package io.vigil.director.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Logging set up in code: the line, the level, io.netty quieter, an operator's own file. */
class LogConfiguratorTest {
  private Properties saved;

  @BeforeEach
  void save() {
    saved = (Properties) System.getProperties().clone();
    System.clearProperty("vigil.log.journal");
    System.clearProperty("vigil.log.level");
    System.clearProperty("logback.configurationFile");
    System.clearProperty("slf4j.provider");
    System.clearProperty("slf4j.internal.verbosity");
  }

  @AfterEach
  void restore() {
    System.setProperties(saved);
  }

  /** What {@code body} writes to stderr. */
  private static String stderrOf(Runnable body) {
    PrintStream err = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(err);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** The lines a fresh context configured by LogConfigurator writes to stderr. */
  private static String logged(java.util.function.Consumer<LoggerContext> body) {
    return stderrOf(
        () -> {
          LoggerContext context = new LoggerContext();
          context.setMDCAdapter(new LogbackMDCAdapter()); // what logback's own start gives it
          LogConfigurator c = new LogConfigurator();
          c.setContext(context);
          assertThat(c.configure(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
          body.accept(context);
          context.stop();
        });
  }

  @Test
  void oneTimestampedLinePerEventAtInfoAndNettyAtWarn() {
    String out =
        logged(
            c -> {
              c.getLogger("io.vigil.director.daemon.Daemon").info("vigil running: {}", "x");
              c.getLogger("io.vigil.director.daemon.Daemon").debug("not shown");
              c.getLogger("io.netty.channel.Foo").info("not shown either");
              c.getLogger("io.netty.channel.Foo").warn("shown");
            });
    assertThat(out.lines().toList())
        .hasSize(2)
        .satisfiesExactly(
            l ->
                assertThat(l)
                    .matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)"
                            + " INFO  Daemon: vigil running: x"),
            l -> assertThat(l).endsWith(" WARN  Foo: shown"));
  }

  @Test
  void theJournalLineAndDebugComeFromLogSetupsProperties() {
    LogSetup.configure(java.util.Map.of("JOURNAL_STREAM", "8:1"), true);
    String out =
        logged(
            c -> {
              c.getLogger("a.B").debug("detail");
              assertThat(c.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
            });
    assertThat(out).isEqualTo("DEBUG B: detail\n");
  }

  @Test
  void anOperatorsOwnFileIsLeftToLogback() {
    System.setProperty("logback.configurationFile", "/etc/vigil/logback.xml");
    LoggerContext context = new LoggerContext();
    LogConfigurator c = new LogConfigurator();
    c.setContext(context);
    assertThat(c.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders()).isExhausted();
  }

  @Test
  void logbackFindsItAsAService() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ConsoleAppender<?> stderr =
        (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
    assertThat(stderr).isNotNull();
    assertThat(stderr.getTarget()).isEqualTo("System.err");
    assertThat(((LayoutWrappingEncoder<?>) stderr.getEncoder()).getLayout())
        .isInstanceOf(LogLine.class);
  }

  @Test
  void vigilRunsProviderServesTheSameLinesWithoutLogbacksOwnStart() {
    LogProvider p = new LogProvider();
    String out =
        stderrOf(
            () -> {
              p.initialize();
              org.slf4j.Logger d =
                  p.getLoggerFactory().getLogger("io.vigil.director.daemon.Daemon");
              d.info("vigil running: {}", "x");
              d.debug("not shown");
              p.getLoggerFactory().getLogger("io.netty.channel.Foo").info("not shown either");
              ((LoggerContext) p.getLoggerFactory()).stop();
            });
    assertThat(out)
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)"
                + " INFO  Daemon: vigil running: x\n");
    assertThat(p.getMDCAdapter()).isNotNull();
    assertThat(p.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
    assertThat(p.getRequestedApiVersion()).startsWith("2.0.");
  }

  @Test
  void logSetupNamesTheProviderUnlessTheOperatorNamedAFileOrAProvider() {
    LogSetup.configure(java.util.Map.of(), false);
    assertThat(System.getProperty("slf4j.provider")).isEqualTo(LogProvider.class.getName());
    assertThat(System.getProperty("slf4j.internal.verbosity")).isEqualTo("WARN");
    assertThat(System.getProperty("vigil.log.journal")).isNull();

    System.clearProperty("slf4j.provider");
    System.setProperty("logback.configurationFile", "/etc/vigil/logback.xml");
    LogSetup.configure(java.util.Map.of(), false);
    assertThat(System.getProperty("slf4j.provider")).isNull();

    System.clearProperty("logback.configurationFile");
    System.setProperty("slf4j.provider", "org.example.Other");
    LogSetup.configure(java.util.Map.of(), false);
    assertThat(System.getProperty("slf4j.provider")).isEqualTo("org.example.Other");
  }
}
