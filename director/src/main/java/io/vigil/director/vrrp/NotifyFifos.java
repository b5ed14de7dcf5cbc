package io.vigil.director.vrrp;

import io.vigil.config.model.NotifyFifo;
import io.vigil.kernel.process.ScriptRunner;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * keepalived's notify FIFOs ({@code notify_fifo}, {@code vrrp_notify_fifo}): each is created if
 * missing (mode 0644, given to its user), opened read-write so that writing never waits for a
 * reader to open it, and refused unless it is a FIFO owned by us or its user (keepalived's check
 * against a planted file); its {@code _script} is started with the FIFO's path as its last
 * argument. Every state line ({@code INSTANCE "VI_1" MASTER 100}, {@code GROUP "G1" FAULT 0}) goes
 * to every FIFO, written by one thread so no VRRP thread ever waits on a full pipe; when the queue
 * is full lines are dropped and counted. A FIFO we created is removed when we stop.
 */
public final class NotifyFifos implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NotifyFifos.class);
  private static final int QUEUE = 1024;
  private static final int MODE = 0644;
  private static final String CLOSE = new String("close"); // compared by identity

  private record Open(
      NotifyFifo config, FileChannel channel, boolean created, ScriptRunner.LongRunning script) {}

  private final List<Open> open;
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(QUEUE);
  private final Thread writer;
  private long dropped;

  private NotifyFifos(List<Open> open) {
    this.open = open;
    this.writer = new Thread(this::write, "vrrp-notify-fifo");
    writer.setDaemon(true);
    if (!open.isEmpty()) {
      writer.start();
    }
  }

  /**
   * The FIFOs configured, each opened (or skipped with a log line, as keepalived does).
   *
   * @param userOf the user a FIFO (and its script) belongs to from its own user words (empty:
   *     Vigil)
   */
  public static NotifyFifos open(
      List<NotifyFifo> fifos,
      java.util.function.Function<Optional<String>, Optional<String>> userOf,
      ScriptRunner scripts) {
    POSIX posix = fifos.isEmpty() ? null : POSIXFactory.getNativePOSIX(); // costly the first time
    List<Open> open = new ArrayList<>();
    for (NotifyFifo f : fifos) {
      Optional<String> user = userOf.apply(f.user());
      boolean created = posix.mkfifo(f.path(), MODE) == 0;
      if (!created && posix.errno() != jnr.constants.platform.Errno.EEXIST.intValue()) {
        log.warn("Unable to create notify fifo {} (errno {})", f.path(), posix.errno());
        continue;
      }
      int wantUid = user.map(u -> uid(posix, u)).orElse(posix.geteuid());
      if (created && wantUid != posix.geteuid()) {
        posix.chown(f.path(), wantUid, -1);
      }
      FileChannel ch;
      try {
        ch =
            FileChannel.open(
                Path.of(f.path()),
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
      } catch (IOException | RuntimeException e) {
        log.warn("Unable to open notify fifo {}: {}", f.path(), e.getMessage());
        if (created) {
          posix.unlink(f.path());
        }
        continue;
      }
      FileStat st = posix.lstat(f.path());
      if (!st.isFifo() || (st.uid() != posix.geteuid() && st.uid() != wantUid)) {
        log.warn("notify fifo {} is not a fifo we own - not using", f.path());
        close(ch);
        continue;
      }
      ScriptRunner.LongRunning script = null;
      if (f.script().isPresent()) {
        List<String> argv = new ArrayList<>(f.script().get().argv());
        argv.add(f.path());
        try {
          script = scripts.startLongRunning(argv, user);
        } catch (IOException e) {
          log.warn("notify fifo script {}: {}", argv, e.getMessage());
        }
      }
      log.info("notify fifo {} open{}", f.path(), script == null ? "" : ", its script started");
      open.add(new Open(f, ch, created, script));
    }
    return new NotifyFifos(open);
  }

  private static int uid(POSIX posix, String user) {
    var pw = posix.getpwnam(user.trim().split("\\s+")[0]);
    return pw == null ? posix.geteuid() : (int) pw.getUID();
  }

  /** The FIFOs this was opened with (compared on reload). */
  public List<NotifyFifo> configs() {
    return open.stream().map(Open::config).toList();
  }

  /** Queues one state line (without its newline); never blocks. */
  public void write(String line) {
    if (open.isEmpty()) {
      return;
    }
    if (!lines.offer(line + "\n")) {
      synchronized (this) {
        if (dropped++ % 100 == 0) {
          log.warn("notify fifo: no reader keeps up, {} lines dropped so far", dropped);
        }
      }
    }
  }

  private void write() {
    while (true) {
      String line;
      try {
        line = lines.take();
      } catch (InterruptedException e) {
        return;
      }
      if (line == CLOSE) {
        return;
      }
      ByteBuffer b = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
      for (Open o : open) {
        try {
          o.channel().write(b.duplicate());
        } catch (IOException e) {
          if (Thread.currentThread().isInterrupted()) {
            return;
          }
          log.info("notify fifo write error on {}: {}", o.config().path(), e.getMessage());
        }
      }
    }
  }

  /**
   * Writes what is queued (for up to a second), removes FIFOs we created, closes them, and stops
   * the scripts (given a second to read what is left and end by themselves).
   */
  @Override
  public void close() {
    if (writer.isAlive()) {
      lines.offer(CLOSE);
      try {
        writer.join(TimeUnit.SECONDS.toMillis(1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      writer.interrupt(); // still blocked on a full pipe: closes its channel
    }
    for (Open o : open) {
      if (o.created()) {
        unlink(o.config().path()); // first, so a script reopening it in a loop cannot
      }
      close(o.channel());
      if (o.script() != null) {
        o.script().stop(TimeUnit.SECONDS.toNanos(1)); // we were its only writer: it reads EOF
      }
    }
  }

  private static void unlink(String path) {
    try {
      Files.deleteIfExists(Path.of(path));
    } catch (IOException e) {
      log.warn("notify fifo {}: {}", path, e.getMessage());
    }
  }

  private static void close(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      log.debug("closing a notify fifo: {}", e.getMessage());
    }
  }
}
