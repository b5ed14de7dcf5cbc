package io.vigil.config.parse;

import io.vigil.config.lang.Node;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The keywords of one block and their handlers, synonyms included. A keyword without a handler is
 * reported: as a warning when keepalived knows it (Vigil does not implement it), as an error when
 * nobody does.
 *
 * @param <T> what the handlers fill in
 */
final class Keywords<T> {
  private static final Set<String> KEEPALIVED = load();

  private final String block;
  private final Map<String, BiConsumer<Node, T>> handlers = new LinkedHashMap<>();

  Keywords(String block) {
    this.block = block;
  }

  /** Registers a handler under a keyword and its synonyms. */
  Keywords<T> on(String keyword, BiConsumer<Node, T> handler, String... synonyms) {
    handlers.put(keyword, handler);
    for (String s : synonyms) {
      handlers.put(s, handler);
    }
    return this;
  }

  /** Runs the handler of every node, reporting unknown keywords. */
  void apply(Iterable<Node> nodes, T target, Values v) {
    for (Node n : nodes) {
      BiConsumer<Node, T> h = handlers.get(n.keyword());
      if (h != null) {
        h.accept(n, target);
      } else if (KEEPALIVED.contains(n.keyword())) {
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
