package io.vigil.healthcheck.spec;

import java.util.List;
import java.util.Optional;

/**
 * {@code MISC_CHECK}: run a program; exit 0 is up, 1 is down, and with {@code misc_dynamic} 2-255
 * is up with the real server's weight set to {@code status - 2}.
 *
 * @param command the program and its arguments (already split; {@link #parse} splits {@code
 *     misc_path} keepalived's way: on blanks, with double quotes)
 * @param timeoutNs {@code misc_timeout} (keepalived's default, the virtual server's {@code
 *     delay_loop}, is resolved by the config module)
 * @param dynamic {@code misc_dynamic}
 * @param user {@code user}: run as this user (needs root), or as ourselves
 */
public record MiscCheckSpec(
    List<String> command,
    long timeoutNs,
    boolean dynamic,
    Optional<String> user,
    CheckTiming timing)
    implements CheckerSpec {
  public MiscCheckSpec {
    command = List.copyOf(command);
    if (command.isEmpty() || command.get(0).isEmpty()) {
      throw new IllegalArgumentException("misc_path is empty");
    }
    if (timeoutNs <= 0) {
      throw new IllegalArgumentException("misc_timeout must be > 0: " + timeoutNs);
    }
    user = user == null ? Optional.empty() : user;
  }

  @Override
  public CheckerKind kind() {
    return CheckerKind.MISC_CHECK;
  }

  /**
   * Splits a {@code misc_path} into words: blanks separate words, double quotes group blanks into a
   * word. Anything a shell would interpret ({@code | & ; < > $ ` * ?} and so on) outside quotes
   * makes the whole string a {@code /bin/sh -c} command instead.
   */
  public static List<String> parse(String miscPath) {
    String s = miscPath.strip();
    if (needsShell(s)) {
      return List.of("/bin/sh", "-c", s);
    }
    List<String> words = new java.util.ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean inWord = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        inWord = true;
      } else if (!quoted && (c == ' ' || c == '\t')) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unbalanced quote in misc_path: " + miscPath);
    }
    if (inWord) {
      words.add(word.toString());
    }
    return List.copyOf(words);
  }

  private static boolean needsShell(String s) {
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && "|&;<>()$`\\*?[]#~='{}\n".indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }
}
