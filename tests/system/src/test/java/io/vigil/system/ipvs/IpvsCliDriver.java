package io.vigil.system.ipvs;

import io.vigil.director.cli.CommandTree;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs several `vigil ...` command lines in one JVM inside a lab namespace (a JVM per command is
 * slow under the VM's emulation), through the real CLI entry: each line of {@code args} is one
 * command (words separated by blanks); prints "=== LINE", the exit code line "rc=N", then the
 * command's stdout, then "--- stderr" and its stderr.
 */
public final class IpvsCliDriver {
  private IpvsCliDriver() {}

  static String[] argv(List<String> commands) {
    List<String> a = new ArrayList<>();
    a.add(System.getProperty("java.home") + "/bin/java");
    a.add("-XX:TieredStopAtLevel=1");
    a.add("-XX:+UseSerialGC");
    a.add("-cp");
    a.add(System.getProperty("java.class.path"));
    a.add(IpvsCliDriver.class.getName());
    a.addAll(commands);
    return a.toArray(String[]::new);
  }

  public static void main(String[] commands) {
    for (String line : commands) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      CommandLine cl = CommandTree.commandLine();
      cl.setOut(new PrintWriter(out, true));
      cl.setErr(new PrintWriter(err, true));
      int rc = cl.execute(line.split(" "));
      System.out.print("=== " + line + "\nrc=" + rc + "\n" + out + "--- stderr\n" + err);
    }
    System.out.flush();
  }

  /** The stdout of each command from the driver's output, in order. */
  static List<String> outputs(String driverOutput) {
    List<String> out = new ArrayList<>();
    for (String part : driverOutput.split("(?m)^=== ")) {
      if (part.isEmpty()) {
        continue;
      }
      int rcEnd = part.indexOf('\n', part.indexOf("\nrc=") + 1);
      int errStart = part.lastIndexOf("--- stderr\n");
      out.add(part.substring(rcEnd + 1, errStart));
    }
    return out;
  }
}
