package io.vigil.packaging;

import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Renders a picocli command tree as a troff man page (man(7) macros): NAME, SYNOPSIS, DESCRIPTION,
 * OPTIONS and one COMMANDS entry per subcommand with its own options and parameters, followed by
 * hand-written sections (FILES, SIGNALS, SEE ALSO...) passed in as troff.
 *
 * <p>picocli's own generator ({@code picocli.codegen.docgen.manpage}) writes AsciiDoc, which needs
 * Asciidoctor to become troff; rendering the model directly keeps the build inside Maven and the
 * page in step with the CLI (a new subcommand or option appears without editing anything here).
 */
public final class ManPage {
  private ManPage() {}

  /**
   * The page for {@code spec}.
   *
   * @param section the manual section, e.g. "8"
   * @param version the package version, shown in the footer
   * @param date the page date, e.g. "2026-11-25"
   * @param tail troff for the sections after COMMANDS (may be empty)
   */
  public static String render(
      CommandSpec spec, String section, String version, String date, String tail) {
    StringBuilder t = new StringBuilder();
    String name = spec.name();
    t.append(".TH ")
        .append(name.toUpperCase(Locale.ROOT))
        .append(' ')
        .append(section)
        .append(" \"")
        .append(date)
        .append("\" \"")
        .append(name)
        .append(' ')
        .append(version)
        .append("\" \"System Administration\"\n");
    t.append(".SH NAME\n").append(name).append(" \\- ").append(text(summary(spec))).append('\n');
    t.append(".SH SYNOPSIS\n");
    synopsis(t, spec, name);
    for (CommandLine sub : distinct(spec)) {
      if (!sub.getCommandSpec().usageMessage().hidden()) {
        synopsis(t, sub.getCommandSpec(), name + " " + sub.getCommandName());
      }
    }
    t.append(".SH DESCRIPTION\n");
    paragraphs(t, spec.usageMessage().description());
    t.append(".SH OPTIONS\n");
    options(t, spec);
    if (!spec.subcommands().isEmpty()) {
      t.append(".SH COMMANDS\n");
      for (CommandLine sub : distinct(spec)) {
        CommandSpec s = sub.getCommandSpec();
        if (s.usageMessage().hidden()) {
          continue;
        }
        t.append(".SS \"").append(name).append(' ').append(sub.getCommandName()).append("\"\n");
        if (s.aliases().length > 0) {
          t.append("Alias: ").append(text(String.join(", ", s.aliases()))).append(".\n.PP\n");
        }
        paragraphs(t, s.usageMessage().description());
        options(t, s);
      }
    }
    t.append(tail);
    if (!tail.isEmpty() && !tail.endsWith("\n")) {
      t.append('\n');
    }
    return t.toString();
  }

  private static String summary(CommandSpec spec) {
    String[] d = spec.usageMessage().description();
    String first = d.length == 0 ? spec.name() : d[0].split("%n", 2)[0].strip();
    return first.endsWith(".") ? first.substring(0, first.length() - 1) : first;
  }

  private static void synopsis(StringBuilder t, CommandSpec spec, String words) {
    t.append(".B ").append(text(words)).append('\n');
    if (!spec.options().isEmpty()) {
      t.append("[\\fIOPTIONS\\fR]\n");
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      t.append(p.required() ? "\\fI" : "[\\fI")
          .append(text(p.paramLabel()))
          .append(p.isMultiValue() ? "\\fR...\n" : "\\fR\n");
      if (!p.required()) {
        t.setLength(t.length() - 1);
        t.append("]\n");
      }
    }
    if (!spec.subcommands().isEmpty()) {
      t.append("\\fI").append(text(spec.usageMessage().synopsisSubcommandLabel())).append("\\fR\n");
    }
    t.append(".br\n");
  }

  /** Each subcommand once: picocli lists a command again under each of its aliases. */
  private static java.util.Collection<CommandLine> distinct(CommandSpec spec) {
    return new java.util.LinkedHashSet<>(spec.subcommands().values());
  }

  private static void options(StringBuilder t, CommandSpec spec) {
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      t.append(".TP\n");
      List<String> names = List.of(o.names());
      for (int i = 0; i < names.size(); i++) {
        t.append(i == 0 ? "" : ", ").append("\\fB").append(text(names.get(i))).append("\\fR");
      }
      if (o.arity().max() > 0) {
        t.append(" \\fI").append(text(o.paramLabel())).append("\\fR");
      }
      t.append('\n');
      lines(t, o.description());
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (p.hidden()) {
        continue;
      }
      t.append(".TP\n\\fI").append(text(p.paramLabel())).append("\\fR\n");
      lines(t, p.description());
    }
  }

  private static void paragraphs(StringBuilder t, String[] description) {
    for (int i = 0; i < description.length; i++) {
      if (i > 0) {
        t.append(".PP\n");
      }
      lines(t, new String[] {description[i]});
    }
  }

  private static void lines(StringBuilder t, String[] description) {
    for (String d : description) {
      for (String line : d.replace("%%", "%").split("%n")) {
        if (!line.isBlank()) {
          t.append(text(line.strip())).append('\n');
        }
      }
    }
  }

  /**
   * Escapes text for a troff input line: backslashes, hyphens (so they print as ASCII hyphens and
   * search as such), and a leading dot or apostrophe (which troff would read as a request).
   */
  static String text(String s) {
    String e = s.replace("\\", "\\e").replace("-", "\\-");
    return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
  }
}
