package io.vigil.config.parse;

import io.vigil.config.lang.Node;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keywords of one block: handlers that each know some of them, synonyms included, consulted in
 * turn. A keyword that none knows is reported: as a warning when keepalived knows it (Vigil does
 * not implement it), as an error when nobody does.
 *
 * <p>A handler is one method with a {@code switch} on the keyword, not a table of one lambda per
 * keyword: the JVM links each lambda the first time it is made (measured 0.4-0.5 ms each on a host,
 * ten times that in the lab VM, for some 300 of them), and those tables were made again for every
 * real server and checker.
 *
 * @param <T> what the handlers fill in
 */
final class Keywords<T> {
  private static final Set<String> KEEPALIVED = load();

  /** Some of a block's keywords. */
  @FunctionalInterface
  interface Handler<T> {
    /** Handles {@code n}; false when its keyword is not one of this handler's. */
    boolean handle(Node n, T target);
  }

  private final String block;
  private final List<Handler<T>> handlers = new ArrayList<>(2);

  Keywords(String block, Handler<T> handler) {
    this.block = block;
    handlers.add(handler);
  }

  /** Adds a handler, consulted for the keywords the earlier ones do not know. */
  Keywords<T> and(Handler<T> handler) {
    handlers.add(handler);
    return this;
  }

  /** Runs the handler of every node, reporting unknown keywords. */
  void apply(Iterable<Node> nodes, T target, Values v) {
    for (Node n : nodes) {
      if (!handle(n, target)) {
        unknown(n, v);
      }
    }
  }

  private boolean handle(Node n, T target) {
    for (Handler<T> h : handlers) {
      if (h.handle(n, target)) {
        return true;
      }
    }
    return false;
  }

  private void unknown(Node n, Values v) {
    if (KEEPALIVED.contains(n.keyword())) {
      v.warning(
          n,
          "'"
              + n.keyword()
              + "' in "
              + block
              + " is not implemented by vigil (or not valid here) - ignored");
    } else {
      v.error(n, "unknown keyword '" + n.keyword() + "' in " + block);
    }
  }

  private static Set<String> load() {
    Set<String> s = new HashSet<>();
    try (InputStream in =
        Keywords.class.getResourceAsStream("/io/vigil/config/keepalived-keywords.txt")) {
      if (in == null) {
        return s;
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          s.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(s);
  }
}
