package io.vigil.kernel;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Makes JNA's first use cheap; called before anything touches {@code com.sun.jna.Native}.
 *
 * <p>Left alone, JNA starts with two costly steps (seconds on an emulated machine, where {@code
 * vigil ipvs restore} spends a third of its time on them): it runs {@code /sbin/ldconfig -p} to
 * learn the library search path, and it unpacks its native stub from its jar into a new temporary
 * file (seeding a SecureRandom for the name) on every start. Vigil loads only the C library, which
 * JNA takes from the process itself, so the search path is set here to the usual directories
 * instead ({@code jna.platform.library.path}, unless given). With {@code -Dvigil.jna.cache=DIR}
 * (the launchers pass one), the stub is unpacked once into DIR under a name made of its CRC, so a
 * JNA upgrade gets a new file and never loads a stale one, and JNA loads it from there; when DIR
 * cannot be written and holds no copy, JNA does what it always does.
 *
 * <p>Every binding of this module is made through {@link #libc} or {@link #registerLibc}, so that
 * whichever comes first (at a daemon's start, the script users' lookup) finds JNA prepared.
 */
public final class JnaStart {
  static final String CACHE_PROPERTY = "vigil.jna.cache";

  /** The usual library directories (JNA's own defaults without asking ldconfig). */
  static final String LIBRARY_PATH =
      "/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu:/usr/lib/aarch64-linux-gnu:"
          + "/lib/aarch64-linux-gnu:/usr/lib64:/lib64:/usr/lib:/lib";

  private static boolean prepared; // guarded by JnaStart.class

  private JnaStart() {}

  /** libc's binding {@code type} ({@code Native.load}), made after {@link #prepare()}. */
  public static <T extends Library> T libc(Class<T> type) {
    prepare();
    return Native.load(Platform.C_LIBRARY_NAME, type);
  }

  /**
   * Binds the static native methods of {@code type} to libc ({@code Native.register}, JNA's direct
   * mapping), after {@link #prepare()}.
   */
  public static void registerLibc(Class<?> type) {
    prepare();
    Native.register(type, Platform.C_LIBRARY_NAME);
  }

  /** Sets JNA's properties, once, before its first use. */
  static synchronized void prepare() {
    if (prepared) {
      return;
    }
    prepared = true;
    if (System.getProperty("jna.platform.library.path") == null) {
      System.setProperty("jna.platform.library.path", LIBRARY_PATH);
    }
    String dir = System.getProperty(CACHE_PROPERTY);
    if (dir == null
        || dir.isEmpty()
        || System.getProperty("jna.boot.library.path") != null
        || System.getProperty("jna.boot.library.name") != null) {
      return;
    }
    String resource =
        "com/sun/jna/" + Platform.RESOURCE_PREFIX + "/" + System.mapLibraryName("jnidispatch");
    URL url = JnaStart.class.getClassLoader().getResource(resource);
    String name = url == null ? null : cached(Path.of(dir), url);
    if (name != null) {
      System.setProperty("jna.boot.library.path", dir);
      System.setProperty("jna.boot.library.name", name);
    }
  }

  /**
   * The library name ({@code jnidispatch-CRC}) of {@code url}'s copy in {@code dir}, unpacked there
   * if missing (atomically: a concurrent start sees the whole file or none); null when {@code url}
   * is not a jar entry or {@code dir} holds no copy and cannot take one.
   */
  static String cached(Path dir, URL url) {
    try {
      URLConnection conn = url.openConnection();
      if (!(conn instanceof JarURLConnection jar)) {
        return null;
      }
      conn.setUseCaches(false); // our own JarFile, closed here
      try (JarFile jf = jar.getJarFile()) {
        JarEntry entry = jf.getJarEntry(jar.getEntryName());
        if (entry == null || entry.getCrc() < 0 || entry.getSize() < 0) {
          return null;
        }
        String name = "jnidispatch-" + Long.toHexString(entry.getCrc());
        Path file = dir.resolve(System.mapLibraryName(name));
        if (Files.isRegularFile(file) && Files.size(file) == entry.getSize()) {
          return name;
        }
        if (!Files.isDirectory(dir)) {
          Files.createDirectories(dir);
          readableByAll(dir, "rwxr-xr-x");
        }
        Path part = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid());
        try (InputStream in = jf.getInputStream(entry)) {
          Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
          readableByAll(part, "rw-r--r--");
          Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
          Files.deleteIfExists(part);
        }
        return name;
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Whatever the umask: a copy made by root at install time is read by the unprivileged daemon (it
   * holds nothing secret: it is a copy of a file in a public jar).
   */
  private static void readableByAll(Path p, String mode) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
  }
}
