package io.vigil.director.cli;

/**
 * The `vigil` command: the entry point of bin/vigil and /usr/sbin/vigil. The plain forms of the
 * commands that must start fast ({@link FastCommands}) run without picocli; everything else goes to
 * the command tree ({@link CommandTree}).
 */
public final class VigilCommand {
  private VigilCommand() {}

  /** Entry point of bin/vigil and /usr/sbin/vigil. */
  public static void main(String[] args) {
    args = genhashForm(args);
    int fast = FastCommands.run(args);
    System.exit(fast != FastCommands.NOT_TAKEN ? fast : CommandTree.execute(args));
  }

  /**
   * keepalived's genhash mode, {@code keepalived -T ...} or {@code --genhash ...} ("the first
   * option used"), on {@code vigil run}: {@code vigil genhash ...}; other arguments unchanged.
   */
  static String[] genhashForm(String[] args) {
    if (args.length >= 2
        && args[0].equals("run")
        && (args[1].equals("-T") || args[1].equals("--genhash"))) {
      String[] g = new String[args.length - 1];
      g[0] = "genhash";
      System.arraycopy(args, 2, g, 1, args.length - 2);
      return g;
    }
    return args;
  }
}
