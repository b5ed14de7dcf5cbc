package io.vigil.director.vrrp;

import io.vigil.config.Origin;
import io.vigil.config.model.NotifyFifo;
import io.vigil.config.model.Script;
import io.vigil.config.model.VigilConfig;
import io.vigil.config.model.Vrrp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code enable_script_security} for VRRP's scripts ({@code vrrp_script}, instance and sync group
 * notify scripts, the notify FIFO scripts), as keepalived's {@code check_security}: a script that
 * runs as root must not be changeable by anyone but root. Every component of its resolved path must
 * be owned by root, and neither the file nor a directory without the sticky bit may be writable by
 * a non-root group or by everyone. keepalived disables such a script and runs without it; {@code
 * vigil run} refuses the configuration with the script's place in the file instead. A script that
 * does not exist is left to fail when it runs (as keepalived, which disables it).
 */
final class ScriptSecurity {
  private static final int S_IWGRP = 0020;
  private static final int S_IWOTH = 0002;

  /** What the check needs from the file system (a twin in tests). */
  interface Fs {
    /** The file's status without following a final symlink, or empty when it does not exist. */
    Optional<FileInfo> lstat(String path);

    /** The path with every symlink resolved, or empty when it does not exist. */
    Optional<String> realPath(String path);

    /** A bare command name searched in PATH, or empty. */
    Optional<String> which(String name);
  }

  /** The bits of {@code stat} the check reads. */
  record FileInfo(int uid, int gid, int mode, boolean directory, boolean regular, boolean sticky) {}

  /** st_mode: the file type bits, two of the types, the sticky bit. */
  static final int S_IFMT = 0170000;

  static final int S_IFDIR = 0040000;
  static final int S_IFREG = 0100000;
  static final int S_ISVTX = 01000;

  private ScriptSecurity() {}

  /**
   * Every script of the VRRP side that would run as root and is not safe, as {@code FILE:LINE:
   * error: …} lines; nothing without {@code enable_script_security}.
   *
   * @param users who the scripts run as (only those run as root are checked, as keepalived)
   */
  static List<String> check(VigilConfig c, ScriptUsers users, Fs fs) {
    List<String> errors = new ArrayList<>();
    if (!c.globalDefs().enableScriptSecurity() || !users.root()) {
      return errors;
    }
    Map<Script, String> scripts = new LinkedHashMap<>();
    for (Vrrp.ScriptDef s : c.vrrpScripts()) {
      if (users.forScript(s.user()).isEmpty()) {
        scripts.putIfAbsent(s.script(), s.origin() + ": error: vrrp_script " + s.name());
      }
    }
    for (Vrrp.Instance i : c.instances()) {
      notify(i.notifyScripts(), i.origin(), "vrrp_instance " + i.name(), users, scripts);
    }
    for (Vrrp.SyncGroup g : c.syncGroups()) {
      notify(g.notifyScripts(), g.origin(), "vrrp_sync_group " + g.name(), users, scripts);
    }
    for (Optional<NotifyFifo> f :
        List.of(
            c.globalDefs().notifyFifo(),
            c.globalDefs().vrrpNotifyFifo(),
            c.globalDefs().lvsNotifyFifo())) {
      if (f.isPresent() && users.forScript(f.get().user()).isEmpty()) { // as the FIFO's user
        f.get()
            .script()
            .ifPresent(s -> scripts.putIfAbsent(s, "global_defs: error: notify_fifo_script"));
      }
    }
    scripts.forEach(
        (script, where) ->
            unsafe(script.argv().get(0), fs).ifPresent(why -> errors.add(where + ": " + why)));
    return errors;
  }

  /** The notify scripts that run as root: as their own user words say, else as the default. */
  private static void notify(
      Vrrp.Notify n, Origin o, String what, ScriptUsers users, Map<Script, String> into) {
    for (Optional<Script> s :
        List.of(n.any(), n.master(), n.backup(), n.fault(), n.stop(), n.masterRxLowerPri())) {
      s.filter(x -> users.forScript(x.user()).isEmpty())
          .ifPresent(x -> into.putIfAbsent(x, o + ": error: " + what));
    }
  }

  /** Why the program is unsafe to run as root, or empty when it is safe (or does not exist). */
  static Optional<String> unsafe(String program, Fs fs) {
    Optional<String> path = program.contains("/") ? Optional.of(program) : fs.which(program);
    Optional<String> real = path.flatMap(fs::realPath);
    if (real.isEmpty()) {
      return Optional.empty();
    }
    String p = real.get();
    List<String> prefixes = new ArrayList<>();
    prefixes.add("/");
    for (int i = p.indexOf('/', 1); i > 0; i = p.indexOf('/', i + 1)) {
      prefixes.add(p.substring(0, i));
    }
    prefixes.add(p);
    for (String part : prefixes) {
      Optional<FileInfo> st = fs.lstat(part);
      if (st.isEmpty()) {
        return Optional.empty();
      }
      FileInfo f = st.get();
      boolean last = part.equals(p);
      if (last ? !f.regular() : !f.directory()) {
        return Optional.of("script " + program + ": wrong file type in its path at " + part);
      }
      String reason = null;
      if (f.uid() != 0) {
        reason = part + " is owned by uid " + f.uid() + ", not root";
      } else if ((f.regular() || !f.sticky())
          && ((f.gid() != 0 && (f.mode() & S_IWGRP) != 0) || (f.mode() & S_IWOTH) != 0)) {
        reason =
            part
                + ((f.mode() & S_IWOTH) != 0
                    ? " is writable by everyone"
                    : " is writable by group " + f.gid());
      }
      if (reason != null) {
        return Optional.of(
            "unsafe permissions for script "
                + program
                + " ("
                + reason
                + "): with enable_script_security it cannot run as root");
      }
    }
    return Optional.empty();
  }

  /** The real file system. */
  static Fs system() {
    return new Fs() {
      @Override
      public Optional<FileInfo> lstat(String path) {
        Map<String, Object> a;
        try { // lstat(2) as the JDK's "unix" attribute view reads it (st_mode with its type bits)
          a = Files.readAttributes(Path.of(path), "unix:uid,gid,mode", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
          return Optional.empty();
        }
        int mode = (Integer) a.get("mode");
        int type = mode & S_IFMT;
        return Optional.of(
            new FileInfo(
                (Integer) a.get("uid"),
                (Integer) a.get("gid"),
                mode,
                type == S_IFDIR,
                type == S_IFREG,
                (mode & S_ISVTX) != 0));
      }

      @Override
      public Optional<String> realPath(String path) {
        try {
          return Optional.of(Path.of(path).toRealPath().toString());
        } catch (IOException | RuntimeException e) {
          return Optional.empty();
        }
      }

      @Override
      public Optional<String> which(String name) {
        return io.vigil.config.Environment.programFile(name, System.getenv("PATH"))
            .map(Path::toString);
      }
    };
  }
}
