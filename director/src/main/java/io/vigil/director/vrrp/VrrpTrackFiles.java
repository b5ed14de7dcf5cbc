package io.vigil.director.vrrp;

import io.vigil.config.model.Vrrp;
import io.vigil.healthcheck.net.FileChecker;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code track_file}s the instances track: the number in each file (read as keepalived
 * reads it, {@link FileChecker#readValue}) whenever the file is written, created, moved in or
 * deleted (a deleted file is 0), through inotify ({@link WatchService}) on the file's directory,
 * once the file's events have settled. {@code init_file} creates a missing file holding 0.
 */
final class VrrpTrackFiles implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VrrpTrackFiles.class);

  /**
   * How long a wait for file events lasts at most when none is pending: closing the watch service
   * ends the wait at once (ClosedWatchServiceException), so only a safety net.
   */
  private static final long WAIT_MS = 60_000;

  private static final long JOIN_MS = 1_400;
  private static final long SETTLE_MS = 30;
  private static final long MAX_HOLD_MS = 500;

  /** Told of each change of a file's number, on the watch thread, under this object's lock. */
  interface Listener {
    void changed(String trackFile, long value);
  }

  private record Watched(Vrrp.TrackFileDef def, Path path) {}

  private final Listener listener;
  private final WatchService watcher;
  private final Map<String, Watched> files = new LinkedHashMap<>();
  private final Map<String, Long> values = new HashMap<>();
  private final Map<Path, WatchKey> dirs = new HashMap<>();
  private final Thread thread;
  private volatile boolean closing;

  VrrpTrackFiles(Listener listener) {
    this.listener = listener;
    try {
      this.watcher = FileSystems.getDefault().newWatchService();
    } catch (IOException e) {
      throw new IllegalStateException("inotify: " + e.getMessage(), e);
    }
    this.thread = new Thread(this::watch, "vrrp-track-files");
    thread.setDaemon(true);
    thread.start();
  }

  /** Follows exactly {@code defs}; a file already followed keeps its value. */
  synchronized void apply(List<Vrrp.TrackFileDef> defs) {
    Map<String, Watched> next = new LinkedHashMap<>();
    for (Vrrp.TrackFileDef d : defs) {
      next.put(d.name(), new Watched(d, Path.of(d.file()).toAbsolutePath().normalize()));
    }
    for (String name : List.copyOf(files.keySet())) {
      Watched w = next.get(name);
      if (w == null || !w.path().equals(files.get(name).path())) {
        files.remove(name);
        values.remove(name);
      }
    }
    for (Watched w : next.values()) {
      if (files.containsKey(w.def().name())) {
        continue;
      }
      if (w.def().init() && !Files.exists(w.path())) {
        try {
          Files.writeString(w.path(), "0\n");
        } catch (IOException e) {
          log.warn("track_file {}: init_file {}: {}", w.def().name(), w.path(), e.getMessage());
        }
      }
      Path dir = w.path().getParent();
      if (!dirs.containsKey(dir)) {
        try {
          dirs.put(
              dir,
              dir.register(
                  watcher,
                  StandardWatchEventKinds.ENTRY_CREATE,
                  StandardWatchEventKinds.ENTRY_MODIFY,
                  StandardWatchEventKinds.ENTRY_DELETE));
        } catch (IOException e) {
          log.warn(
              "{}: track_file {}: directory {} cannot be watched ({}): its value stays as read",
              w.def().origin(),
              w.def().name(),
              dir,
              e.getMessage());
        }
      }
      files.put(w.def().name(), w);
      values.put(w.def().name(), FileChecker.readValue(w.path()).orElse(0));
    }
  }

  /** The file's number now (0 when not followed). */
  synchronized long value(String trackFile) {
    return values.getOrDefault(trackFile, 0L);
  }

  /** Runs {@code what} while no change is being told (see {@link Listener}). */
  synchronized <T> T whileNoChange(java.util.function.Supplier<T> what) {
    return what.get();
  }

  /**
   * Reads a file once its events have settled for {@link #SETTLE_MS} (at most {@link #MAX_HOLD_MS}
   * after the first): inotify through {@link WatchService} reports each write, not the close
   * keepalived waits for, and a file read between its truncation and its new number would read 0.
   */
  private void watch() {
    Set<Path> pending = new LinkedHashSet<>();
    long firstNs = 0;
    while (!closing) {
      WatchKey key;
      try {
        key = watcher.poll(pending.isEmpty() ? WAIT_MS : SETTLE_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      if (key != null) {
        if (pending.isEmpty()) {
          firstNs = System.nanoTime();
        }
        Path dir = (Path) key.watchable();
        for (WatchEvent<?> ev : key.pollEvents()) {
          if (ev.kind() == StandardWatchEventKinds.OVERFLOW) {
            pending.addAll(paths());
          } else if (ev.context() instanceof Path name) {
            pending.add(dir.resolve(name));
          }
        }
        key.reset();
      }
      boolean held = System.nanoTime() - firstNs > MAX_HOLD_MS * 1_000_000;
      if (!pending.isEmpty() && (key == null || held)) {
        pending.forEach(this::changed);
        pending.clear();
      }
    }
  }

  private synchronized List<Path> paths() {
    return files.values().stream().map(Watched::path).toList();
  }

  private synchronized void changed(Path path) {
    for (Watched w : files.values()) {
      if (!w.path().equals(path)) {
        continue;
      }
      OptionalLong v = FileChecker.readValue(path);
      String name = w.def().name();
      if (v.isEmpty()) {
        log.info("Invalid number read from {} - ignoring", path);
        continue;
      }
      Long old = values.put(name, v.getAsLong());
      if (old == null || old != v.getAsLong()) {
        log.info("track_file {} ({}) now {}", name, path, v.getAsLong());
        listener.changed(name, v.getAsLong());
      }
    }
  }

  @Override
  public void close() {
    closing = true;
    try {
      watcher.close();
    } catch (IOException e) {
      log.debug("closing the watch service: {}", e.getMessage());
    }
    try {
      thread.join(JOIN_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
