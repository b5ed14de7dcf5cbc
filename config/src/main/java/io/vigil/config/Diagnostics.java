package io.vigil.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects findings in the order they were made. Bounded: after {@link #MAX} findings further ones
 * are only counted, so a pathological file cannot exhaust memory.
 */
public final class Diagnostics {
  /** How many findings are kept. */
  public static final int MAX = 10_000;

  private final List<Diagnostic> list = new ArrayList<>();
  private int dropped;

  public void error(Origin o, String message) {
    add(new Diagnostic(o, Diagnostic.Severity.ERROR, message));
  }

  public void warning(Origin o, String message) {
    add(new Diagnostic(o, Diagnostic.Severity.WARNING, message));
  }

  public void fatal(Origin o, String message) {
    add(new Diagnostic(o, Diagnostic.Severity.FATAL, message));
  }

  /** A checked include's finding ({@link Diagnostic.Severity#INCLUDE}). */
  public void include(Origin o, String message) {
    add(new Diagnostic(o, Diagnostic.Severity.INCLUDE, message));
  }

  public void security(Origin o, String message) {
    add(new Diagnostic(o, Diagnostic.Severity.SECURITY, message));
  }

  public void add(Diagnostic d) {
    if (list.size() < MAX) {
      list.add(d);
    } else {
      dropped++;
    }
  }

  /** The findings kept, in order. */
  public List<Diagnostic> list() {
    return Collections.unmodifiableList(list);
  }

  /** Findings beyond {@link #MAX} that were counted but not kept. */
  public int dropped() {
    return dropped;
  }

  public boolean has(Diagnostic.Severity s) {
    return list.stream().anyMatch(d -> d.severity() == s);
  }

  public long count(Diagnostic.Severity s) {
    return list.stream().filter(d -> d.severity() == s).count();
  }
}
