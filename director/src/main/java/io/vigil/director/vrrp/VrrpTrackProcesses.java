package io.vigil.director.vrrp;

import io.vigil.config.model.GlobalDefs;
import io.vigil.config.model.Vrrp;
import io.vigil.director.lifecycle.NetlinkBuffers;
import io.vigil.kernel.KernelException;
import io.vigil.kernel.process.ProcEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vrrp_track_process} at run time, as keepalived 2.2.7 does it: /proc is read once at start,
 * then the kernel's process events ({@link ProcEvents}: fork, exec, name change, exit) keep the
 * count, on a thread of its own. Where the events cannot be had (another network namespace than the
 * host's, no CAP_NET_ADMIN) /proc is read again every {@link #POLL_MS} ms instead, with a log line
 * saying so; after lost events (ENOBUFS) it is read again once. Decisions are {@link
 * TrackedProcesses}'; a status change goes to {@code changed} (name, up).
 */
final class VrrpTrackProcesses implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(VrrpTrackProcesses.class);
  static final long POLL_MS = 1_000;
  private static final Path PROC = Path.of("/proc");

  private final BiConsumer<String, Boolean> changed;
  private final Object lock = new Object();
  private final Map<String, Boolean> statuses = new ConcurrentHashMap<>();
  private List<Vrrp.TrackProcessDef> defs = List.of();
  private TrackedProcesses core = new TrackedProcesses(List.of());
  private volatile ProcEvents events;
  private Thread thread;
  private volatile boolean closed;

  VrrpTrackProcesses(BiConsumer<String, Boolean> changed) {
    this.changed = changed;
  }

  private GlobalDefs.NetlinkBuf buffer = GlobalDefs.NetlinkBuf.UNSET; // process_monitor_rcv_bufs

  /** {@code process_monitor_rcv_bufs}: the process events' socket, now and when it is opened. */
  void receiveBuffer(GlobalDefs.NetlinkBuf b) {
    boolean changed = !b.equals(buffer);
    buffer = b;
    ProcEvents e = events;
    if (changed && e != null) {
      NetlinkBuffers.size("process_monitor", b, e::receiveBuffer);
    }
  }

  /**
   * Tracks {@code next} from now on: /proc is read and every status known before this returns (the
   * instances that start next begin with them).
   */
  void apply(List<Vrrp.TrackProcessDef> next) {
    if (thread == null && !next.isEmpty()) {
      // subscribed before /proc is read: a process started in between is not missed
      try {
        events = ProcEvents.open();
        NetlinkBuffers.size("process_monitor", buffer, events::receiveBuffer);
        log.info("vrrp_track_process: following the kernel's process events");
      } catch (RuntimeException e) {
        events = null;
        log.info(
            "vrrp_track_process: the kernel's process events cannot be had here ({}): reading"
                + " /proc every {} ms",
            e.getMessage(),
            POLL_MS);
      }
    }
    List<TrackedProcesses.Change> out;
    synchronized (lock) {
      if (next.equals(defs)) {
        return;
      }
      defs = List.copyOf(next);
      core = new TrackedProcesses(defs);
      out = core.resync(scan(core.needsCommandLine()), System.nanoTime());
      statuses.keySet().retainAll(defs.stream().map(Vrrp.TrackProcessDef::name).toList());
    }
    publish(out);
    if (thread == null && !defs.isEmpty()) {
      thread = new Thread(this::run, "track-process");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** Whether the kernel's process events are followed (else /proc is polled). */
  boolean followsEvents() {
    return events != null;
  }

  /** The status of a tracked process, once known. */
  Optional<Boolean> known(String name) {
    return Optional.ofNullable(statuses.get(name));
  }

  private void run() {
    while (!closed) {
      long waitMs = POLL_MS;
      synchronized (lock) {
        var next = core.nextDeadlineNs();
        if (next.isPresent()) {
          waitMs =
              Math.max(1, Math.min(waitMs, (next.getAsLong() - System.nanoTime()) / 1_000_000));
        }
      }
      List<TrackedProcesses.Change> out = new ArrayList<>();
      try {
        if (events != null) {
          List<ProcEvents.Event> evs = events.receive(waitMs);
          synchronized (lock) {
            for (ProcEvents.Event e : evs) {
              out.addAll(apply(e));
            }
          }
        } else {
          Thread.sleep(waitMs);
          synchronized (lock) {
            out.addAll(core.resync(scan(core.needsCommandLine()), System.nanoTime()));
          }
        }
      } catch (KernelException e) {
        if (closed) {
          return;
        }
        if (ProcEvents.lostEvents(e)) {
          log.warn("vrrp_track_process: process events lost: reading /proc again");
        } else {
          // a socket that fails otherwise would fail again at once: poll from now on
          log.warn(
              "vrrp_track_process: process events failed ({}): reading /proc every {} ms from now"
                  + " on",
              e.getMessage(),
              POLL_MS);
          ProcEvents dead = events;
          events = null;
          if (dead != null) {
            dead.close();
          }
        }
        synchronized (lock) {
          out.addAll(core.resync(scan(core.needsCommandLine()), System.nanoTime()));
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        log.error("vrrp_track_process: {}", e.toString());
      }
      synchronized (lock) {
        out.addAll(core.due(System.nanoTime()));
      }
      publish(out);
    }
  }

  /** One event: what its process looks like now, or that it is gone. */
  private List<TrackedProcesses.Change> apply(ProcEvents.Event e) {
    if (!e.isProcess()) {
      return List.of(); // a thread of a process
    }
    long now = System.nanoTime();
    int pid = e.what() == ProcEvents.FORK ? e.childPid() : e.pid();
    if (e.what() == ProcEvents.EXIT) {
      return core.gone(pid, now);
    }
    TrackedProcesses.Info info = read(PROC.resolve(Integer.toString(pid)), core.needsCommandLine());
    return info == null ? core.gone(pid, now) : core.seen(pid, info, now);
  }

  private void publish(List<TrackedProcesses.Change> out) {
    for (TrackedProcesses.Change c : out) {
      Boolean was = statuses.put(c.name(), c.up());
      if (!Boolean.valueOf(c.up()).equals(was)) {
        int n;
        synchronized (lock) {
          n = core.count(c.name());
        }
        log.info(
            "vrrp_track_process {} is {} ({} matching process{} running)",
            c.name(),
            c.up() ? "up" : "down",
            n,
            n == 1 ? "" : "es");
      }
      changed.accept(c.name(), c.up());
    }
  }

  /** Every process now running (zombies left out), by pid. */
  static Map<Integer, TrackedProcesses.Info> scan(boolean commandLine) {
    Map<Integer, TrackedProcesses.Info> out = new HashMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(PROC, "[1-9]*")) {
      for (Path p : ds) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        TrackedProcesses.Info info = read(p, commandLine);
        if (info != null) {
          out.put(Integer.parseInt(name), info);
        }
      }
    } catch (IOException e) {
      log.error("vrrp_track_process: cannot list /proc: {}", e.getMessage());
    }
    return out;
  }

  /**
   * A process's name and state from {@code stat} (the name between the first '(' and the last ')'),
   * and its command line when asked; null when it is gone or a zombie.
   */
  static TrackedProcesses.Info read(Path dir, boolean commandLine) {
    try {
      String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      if (open < 0 || close < open || close + 2 >= stat.length()) {
        return null;
      }
      if (stat.charAt(close + 2) == 'Z') {
        return null;
      }
      String comm = stat.substring(open + 1, close);
      List<String> argv = List.of();
      if (commandLine) {
        byte[] raw = Files.readAllBytes(dir.resolve("cmdline"));
        argv = argv(raw);
      }
      return new TrackedProcesses.Info(comm, argv);
    } catch (IOException | RuntimeException e) {
      return null; // gone meanwhile
    }
  }

  /** {@code /proc/PID/cmdline}: NUL-terminated words. */
  static List<String> argv(byte[] raw) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == 0) {
        out.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    if (start < raw.length) {
      out.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(2 * POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (events != null) {
      events.close();
    }
  }
}
