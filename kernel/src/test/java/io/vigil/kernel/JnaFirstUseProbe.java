package io.vigil.kernel;

/**
 * Run in a fresh JVM by {@link JnaFirstUseTest}: makes {@link LibC}'s binding the first use of JNA
 * (as the daemon's start does, looking up the script users) and prints the properties JNA read.
 */
public final class JnaFirstUseProbe {
  private JnaFirstUseProbe() {}

  public static void main(String[] args) {
    int pid = LibC.INSTANCE.getpid();
    System.out.println("pid " + (pid == ProcessHandle.current().pid()));
    System.out.println("platform " + System.getProperty("jna.platform.library.path"));
    System.out.println("boot " + System.getProperty("jna.boot.library.name"));
  }
}
