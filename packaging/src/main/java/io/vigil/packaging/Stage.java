package io.vigil.packaging;

import io.vigil.director.cli.CommandTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Lays out the file tree both packages are built from (the .deb and the .rpm take the same tree;
 * only the unit's folder differs): the launcher, the generated man page and bash completion, the
 * written pages, configuration examples and documentation. The jars are already in {@code
 * usr/share/vigil} (maven-dependency-plugin puts them there).
 *
 * <p>Run by the build: {@code Stage STAGE_DIR SOURCE_DIR VERSION DATE}.
 */
public final class Stage {
  /** Where the packages install the jars. */
  public static final String JAR_DIR = "/usr/share/vigil";

  private final Path stage;
  private final Path src;
  private final String version;
  private final String date;

  Stage(Path stage, Path src, String version, String date) {
    this.stage = stage;
    this.src = src;
    this.version = version;
    this.date = date;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      throw new IllegalArgumentException("usage: Stage STAGE_DIR SOURCE_DIR VERSION DATE");
    }
    new Stage(Path.of(args[0]), Path.of(args[1]), args[2], args[3]).build();
  }

  void build() throws IOException {
    CommandLine cli = CommandTree.commandLine();
    write("usr/sbin/vigil", filter(read("vigil.sh.in")).replace("@CLASSPATH@", classPath()));
    Files.setPosixFilePermissions(
        stage.resolve("usr/sbin/vigil"), PosixFilePermissions.fromString("rwxr-xr-x"));
    write(
        "usr/share/man/man8/vigil.8.gz",
        Gzip.compress(
            bytes(ManPage.render(cli.getCommandSpec(), "8", version, date, read("vigil.8.tail")))));
    write("usr/share/man/man5/vigil.conf.5.gz", Gzip.compress(bytes(filter(read("vigil.conf.5")))));
    write("usr/share/bash-completion/completions/vigil", completion(cli));
    write("usr/share/doc/vigil/copyright", read("copyright"));
    write("usr/share/doc/vigil/changelog.gz", Gzip.compress(bytes(filter(read("changelog")))));
    write("etc/vigil/vigil.conf", read("vigil.conf"));
    write("etc/default/vigil", read("default"));
    write("usr/lib/sysusers.d/vigil.conf", read("sysusers.conf"));
  }

  /**
   * picocli's bash completion script, without its {@code #!} line: bash-completion sources the
   * file, it is not run.
   */
  static String completion(CommandLine cli) {
    String script = AutoComplete.bash("vigil", cli);
    return script.startsWith("#!") ? script.substring(script.indexOf('\n') + 1) : script;
  }

  /**
   * The launcher's class path: every jar in {@link #JAR_DIR}, named one by one (not {@code *}) so
   * that the order is fixed and the class-data-sharing archive matches it; the director first.
   */
  String classPath() throws IOException {
    List<String> jars = new ArrayList<>();
    try (Stream<Path> s = Files.list(stage.resolve(JAR_DIR.substring(1)))) {
      jars.addAll(
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".jar"))
              .sorted()
              .collect(Collectors.toList()));
    }
    if (jars.stream().noneMatch(n -> n.startsWith("vigil-director-"))) {
      throw new IOException("no vigil-director jar in " + JAR_DIR + " of " + stage);
    }
    jars.sort(
        (a, b) ->
            Boolean.compare(!a.startsWith("vigil-director-"), !b.startsWith("vigil-director-")));
    return jars.stream().map(n -> JAR_DIR + "/" + n).collect(Collectors.joining(":"));
  }

  private String filter(String s) {
    return s.replace("@VERSION@", version).replace("@DATE@", date);
  }

  private String read(String name) throws IOException {
    return Files.readString(src.resolve(name), StandardCharsets.UTF_8);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private void write(String path, String content) throws IOException {
    write(path, bytes(content));
  }

  private void write(String path, byte[] content) throws IOException {
    Path p = stage.resolve(path);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
  }
}
