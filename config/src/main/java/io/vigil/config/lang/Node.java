package io.vigil.config.lang;

import io.vigil.config.Origin;
import java.util.List;

/**
 * A keyword line with its arguments and, when a {@code {}} block follows it, the block's lines.
 *
 * @param line the keyword's line (its first word is the keyword)
 * @param block whether a block followed
 * @param children the block's nodes (empty without a block)
 * @param end where the block's closing brace is (the keyword's line without a block); keepalived
 *     reports what a block lacks there, when the block ends
 */
public record Node(Line line, boolean block, List<Node> children, Origin end) {
  public Node {
    children = List.copyOf(children);
  }

  /** A node that ends on its own line. */
  public Node(Line line, boolean block, List<Node> children) {
    this(line, block, children, line.origin());
  }

  public String keyword() {
    return line.first();
  }

  public Origin origin() {
    return line.origin();
  }

  /** The words after the keyword. */
  public List<String> args() {
    return line.words().subList(1, line.words().size());
  }

  /** Argument i (0 is the first after the keyword), or null. */
  public String arg(int i) {
    return i + 1 < line.words().size() ? line.words().get(i + 1) : null;
  }
}
