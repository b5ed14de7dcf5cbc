package io.vigil.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** keepalived as the lab runs it beside Vigil: a real peer, in a namespace of the test's. */
public final class Keepalived {
  private Keepalived() {}

  /**
   * keepalived's VRRP process alone ({@code -P}) in {@code ns}, in the foreground, logging to the
   * console with details ({@code -n -l -D}), with {@code conf} and any further {@code options}; its
   * pid files go to {@code dir}.
   */
  public static NsProcess vrrp(Netns ns, Path conf, Path dir, String... options) {
    List<String> more = new ArrayList<>(List.of("-P"));
    more.addAll(List.of(options));
    return start(ns, conf, dir, more.toArray(String[]::new));
  }

  /**
   * keepalived whole (its VRRP, checker and BFD processes) in {@code ns}, as {@link #vrrp} runs it
   * otherwise: for a configuration whose {@code bfd_instance}s need the BFD process.
   */
  public static NsProcess run(Netns ns, Path conf, Path dir) {
    return start(
        ns,
        conf,
        dir,
        "-c",
        dir.resolve("c.pid").toString(),
        "-b",
        dir.resolve("b.pid").toString());
  }

  private static NsProcess start(Netns ns, Path conf, Path dir, String... more) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "keepalived",
                "-n",
                "-l",
                "-D",
                "-f",
                conf.toString(),
                "-p",
                dir.resolve("k.pid").toString(),
                "-r",
                dir.resolve("v.pid").toString()));
    argv.addAll(List.of(more));
    return ns.start(argv.toArray(String[]::new));
  }
}
