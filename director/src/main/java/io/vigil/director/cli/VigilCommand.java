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
    int fast = FastCommands.run(args);
    System.exit(fast != FastCommands.NOT_TAKEN ? fast : CommandTree.execute(args));
  }
}
