package io.vigil.director.daemon;

import java.util.function.Consumer;

/**
 * {@code vrrp_startup_delay}: holds the VRRP instances back until the delay has passed (the
 * daemon's timer calls {@link #open()}); a reload meanwhile replaces what will start, and a stop
 * meanwhile means nothing starts. Once open, every apply goes straight through.
 */
final class VrrpStartGate<T> {
  private final Consumer<T> apply;
  private T pending;
  private boolean open;
  private boolean closed;

  VrrpStartGate(Consumer<T> apply) {
    this.apply = apply;
  }

  synchronized void apply(T specs) {
    if (closed) {
      return;
    }
    if (open) {
      apply.accept(specs);
    } else {
      pending = specs;
    }
  }

  /** The delay has passed: the latest specs start. */
  synchronized void open() {
    if (open || closed) {
      return;
    }
    open = true;
    if (pending != null) {
      apply.accept(pending);
      pending = null;
    }
  }

  /** Stopping: nothing starts any more. */
  synchronized void close() {
    closed = true;
    pending = null;
  }
}
