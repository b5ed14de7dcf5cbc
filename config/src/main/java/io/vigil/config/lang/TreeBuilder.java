package io.vigil.config.lang;

import io.vigil.config.Diagnostics;
import io.vigil.config.Origin;
import java.util.ArrayList;
import java.util.List;

/**
 * Groups lines into keyword nodes: a line followed by a {@code {}} line opens a block that ends at
 * its matching {@code }}. A stray brace, and a block never closed, are errors.
 */
public final class TreeBuilder {
  private final List<Line> lines;
  private final Diagnostics diags;
  private int i;
  private int depth;

  /** Deepest block nesting accepted (keepalived's deepest is 4). */
  public static final int MAX_DEPTH = 32;

  /** Where the block that {@link #block} just read was closed. */
  private Origin closedAt;

  private TreeBuilder(List<Line> lines, Diagnostics diags) {
    this.lines = lines;
    this.diags = diags;
  }

  /** The top-level nodes of the lines. */
  public static List<Node> build(List<Line> lines, Diagnostics diags) {
    TreeBuilder b = new TreeBuilder(lines, diags);
    List<Node> top = new ArrayList<>();
    while (b.i < lines.size()) {
      top.addAll(b.block(null));
    }
    return top;
  }

  /** Nodes up to the closing brace of {@code opener} (null: top level, stops at a stray '}'). */
  private List<Node> block(Line opener) {
    List<Node> nodes = new ArrayList<>();
    while (i < lines.size()) {
      Line l = lines.get(i++);
      if (l.isClose()) {
        if (opener != null) {
          closedAt = l.origin();
          return nodes;
        }
        diags.error(l.origin(), "extra '}' found");
        continue;
      }
      if (l.isOpen()) {
        diags.error(l.origin(), "unexpected '{' - block ignored");
        skipBlock();
        continue;
      }
      if (i < lines.size() && lines.get(i).isOpen()) {
        i++;
        if (++depth > MAX_DEPTH) {
          diags.error(l.origin(), "blocks nest deeper than " + MAX_DEPTH + " - ignored");
          skipBlock();
        } else {
          List<Node> children = block(l);
          nodes.add(new Node(l, true, children, closedAt));
        }
        depth--;
      } else {
        nodes.add(new Node(l, false, List.of()));
      }
    }
    if (opener != null) {
      diags.error(opener.origin(), "block '" + opener.first() + "' is never closed (missing '}')");
      closedAt = lines.isEmpty() ? opener.origin() : lines.get(lines.size() - 1).origin();
    }
    return nodes;
  }

  /** Skips to the brace closing the block just opened, without recursion. */
  private void skipBlock() {
    int open = 1;
    while (i < lines.size() && open > 0) {
      Line l = lines.get(i++);
      if (l.isOpen()) {
        open++;
      } else if (l.isClose()) {
        open--;
      }
    }
  }
}
