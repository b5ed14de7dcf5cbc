package io.vigil.director.status;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Vigil's metrics, written in the Prometheus text exposition format (version 0.0.4).
 *
 * <p>Counters are registered once by name and incremented lock-free from any thread; gauges and
 * kernel-derived counters are collected when scraped, by callbacks that emit samples. Names and
 * label names are checked at registration, label values are escaped on output.
 */
public final class Metrics {
  /** A family's type, as Prometheus names it. */
  public enum Type {
    COUNTER,
    GAUGE;

    String text() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** One sample: label values in the order of the family's label names. */
  public record Sample(List<String> labelValues, double value) {}

  private record Family(String name, String help, Type type, List<String> labelNames) {}

  private final Map<String, Family> families = Collections.synchronizedMap(new LinkedHashMap<>());
  private final Map<String, Map<List<String>, LongAdder>> counters = new ConcurrentHashMap<>();
  private final Map<String, Consumer<Consumer<Sample>>> collectors = new ConcurrentHashMap<>();

  /** A counter family with labels; returns a handle to increment one label combination. */
  public CounterFamily counter(String name, String help, String... labelNames) {
    register(new Family(name, help, Type.COUNTER, List.of(labelNames)));
    Map<List<String>, LongAdder> byLabels =
        counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>());
    return labelValues -> {
      if (labelValues.length != labelNames.length) {
        throw new IllegalArgumentException(
            name + " takes labels " + List.of(labelNames) + ", got " + List.of(labelValues));
      }
      return byLabels.computeIfAbsent(List.of(labelValues), k -> new LongAdder());
    };
  }

  /** A family whose samples are produced by {@code collector} at every scrape. */
  public void collected(
      String name, String help, Type type, List<String> labelNames, Consumer<Consumer<Sample>> c) {
    register(new Family(name, help, type, List.copyOf(labelNames)));
    collectors.put(name, c);
  }

  /** Counter handles by label values. */
  @FunctionalInterface
  public interface CounterFamily {
    LongAdder labels(String... labelValues);
  }

  private void register(Family f) {
    if (!f.name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("bad metric name: " + f.name);
    }
    for (String l : f.labelNames) {
      if (!l.matches("[a-zA-Z_][a-zA-Z0-9_]*") || l.startsWith("__")) {
        throw new IllegalArgumentException("bad label name: " + l);
      }
    }
    Family old = families.putIfAbsent(f.name, f);
    if (old != null && !old.equals(f)) {
      throw new IllegalArgumentException("metric " + f.name + " registered twice, differently");
    }
  }

  /** The whole exposition, families in registration order, samples sorted by labels. */
  public String scrape() {
    StringBuilder out = new StringBuilder(4096);
    List<Family> snapshot;
    synchronized (families) {
      snapshot = new ArrayList<>(families.values());
    }
    for (Family f : snapshot) {
      out.append("# HELP ").append(f.name).append(' ').append(escapeHelp(f.help)).append('\n');
      out.append("# TYPE ").append(f.name).append(' ').append(f.type.text()).append('\n');
      List<Sample> samples = new ArrayList<>();
      Map<List<String>, LongAdder> cs = counters.get(f.name);
      if (cs != null) {
        cs.forEach((labels, adder) -> samples.add(new Sample(labels, adder.sum())));
      }
      Consumer<Consumer<Sample>> c = collectors.get(f.name);
      if (c != null) {
        c.accept(samples::add);
      }
      samples.sort(
          (a, b) -> String.join("\0", a.labelValues).compareTo(String.join("\0", b.labelValues)));
      for (Sample s : samples) {
        out.append(f.name);
        if (!f.labelNames.isEmpty()) {
          out.append('{');
          for (int i = 0; i < f.labelNames.size(); i++) {
            if (i > 0) {
              out.append(',');
            }
            out.append(f.labelNames.get(i)).append("=\"");
            out.append(escapeLabel(s.labelValues.get(i))).append('"');
          }
          out.append('}');
        }
        out.append(' ').append(formatValue(s.value)).append('\n');
      }
    }
    return out.toString();
  }

  static String formatValue(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }

  static String escapeLabel(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  static String escapeHelp(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
