package io.vigil.director.daemon;

import io.vigil.config.model.GlobalDefs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where and how the dumps are written that keepalived's signals and {@code config_save_dir} ask
 * for: SIGUSR1's data ({@code vigil.data}, with {@code vigil.json} beside it, the form keepalived
 * writes on its JSON signal) and SIGUSR2's statistics ({@code vigil.stats}).
 *
 * <p>keepalived writes them to {@code $TMPDIR} or /tmp. Under systemd Vigil's /tmp is private to
 * the service (the unit's PrivateTmp), where an operator would not find them, so they go to the
 * runtime directory systemd gives it ({@code $RUNTIME_DIRECTORY}, /run/vigil); run by hand, where
 * keepalived writes them. Each file is written whole to a new file beside it, then renamed over the
 * old one: a reader sees the last dump or the new one, never half of one, and a symbolic link
 * planted under the name in a shared /tmp is replaced, not followed. The files are created
 * rw------- (keepalived's default umask gives the same).
 */
final class DumpFiles {
  private static final Logger log = LoggerFactory.getLogger(DumpFiles.class);

  private DumpFiles() {}

  static final String DATA = "vigil.data";
  static final String JSON = "vigil.json";
  static final String STATS = "vigil.stats";

  /**
   * SIGUSR1's data file: {@code vigil.data}, or with {@code data_use_instance} and a {@code
   * net_namespace}, {@code vigil.NAME.data}, as keepalived names its own ({@code
   * keepalived.NAME.data}; the statistics and the JSON keep their names there too).
   */
  static String dataName(GlobalDefs g) {
    return g.dataUseInstance() && g.netNamespace().filter(n -> !n.isEmpty()).isPresent()
        ? "vigil." + g.netNamespace().get() + ".data"
        : DATA;
  }

  /** The directory for the dumps given the process's environment. */
  static Path directory(Map<String, String> env) {
    String runtime = env.get("RUNTIME_DIRECTORY"); // systemd: colon-separated, ours first
    if (runtime != null && !runtime.isEmpty()) {
      String first = runtime.split(":", 2)[0];
      if (first.startsWith("/")) {
        return Path.of(first);
      }
    }
    String tmp = env.get("TMPDIR");
    return Path.of(tmp != null && tmp.startsWith("/") ? tmp : "/tmp");
  }

  /**
   * {@code config_save_dir}'s file of reload {@code n} of process {@code pid}, {@code when} "pre"
   * or "post": {@code vigil.PID.N.pre}, as keepalived names its own {@code
   * keepalived_vrrp.PID.N.pre}.
   */
  static String savedName(long pid, long n, String when) {
    return "vigil." + pid + "." + n + "." + when;
  }

  /** Makes {@code config_save_dir} (rwx------) when it does not exist; a failure is logged. */
  static void makeDirectory(String dir) {
    Path d = Path.of(dir);
    if (Files.isDirectory(d)) {
      return;
    }
    try {
      Files.createDirectory(
          d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (IOException | RuntimeException e) {
      log.warn("config_save_dir {} not created: {}", dir, e.toString());
    }
  }

  /** Writes {@code text} to {@code dir/name}, replacing any file there at once. */
  static Path write(Path dir, String name, String text) throws IOException {
    Path tmp = Files.createTempFile(dir, "." + name + ".", ".tmp");
    try {
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      return Files.move(
          tmp,
          dir.resolve(name),
          StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
