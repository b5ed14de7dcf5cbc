package io.vigil.director.lifecycle;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.CoreConstants;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider {@code vigil run} names ({@code slf4j.provider}, see {@link LogSetup}): a
 * Logback context that {@link LogConfigurator} sets up directly. Logback's own provider gets there
 * too, but only after looking for providers in every jar, checking versions, looking for
 * configurators in every jar again and timing itself with code that bootstraps the JDK's string
 * concatenation: some 15 ms on a host, which an emulated machine multiplies. Used only when the
 * operator names no Logback file ({@code -Dlogback.configurationFile}); Logback's provider reads
 * that.
 */
public final class LogProvider implements SLF4JServiceProvider {
  private LoggerContext context;
  private IMarkerFactory markers;
  private LogbackMDCAdapter mdc;

  @Override
  public void initialize() {
    LoggerContext c = new LoggerContext();
    c.setName(CoreConstants.DEFAULT_CONTEXT_NAME);
    LogConfigurator configurator = new LogConfigurator();
    configurator.setContext(c);
    configurator.configure(c);
    c.start();
    mdc = new LogbackMDCAdapter();
    c.setMDCAdapter(mdc);
    markers = new BasicMarkerFactory();
    context = c;
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return context;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99"; // as Logback's provider: the SLF4J 2.0 API
  }
}
