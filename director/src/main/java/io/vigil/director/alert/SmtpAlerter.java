package io.vigil.director.alert;

import io.vigil.config.model.GlobalDefs;
import io.vigil.director.status.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends alert mail to {@code smtp_server} as keepalived does (core/smtp.c): one connection per
 * mail, {@code HELO}, {@code MAIL FROM}, a {@code RCPT TO} per {@code notification_email} address,
 * {@code DATA} with keepalived's headers, {@code QUIT}; the connection and every reply bounded by
 * {@code smtp_connect_timeout}. Mail goes out one at a time on its own thread, from a queue of at
 * most {@link #QUEUE} (a mail that finds it full is dropped and counted), so a slow or dead server
 * never holds up a transition. Failures are logged with the server's answer.
 */
public final class SmtpAlerter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SmtpAlerter.class);
  static final int QUEUE = 64;
  private static final int MAX_LINE = 4096;
  private static final int MAX_REPLY_LINES = 100;
  private static final long CLOSE_GRACE_MS = 3_000;
  private static final DateTimeFormatter RFC822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

  /**
   * Where and how mail is sent: {@code smtp_server} (port 25 unless given), {@code smtp_helo_name},
   * {@code notification_email_from}, {@code notification_email}, {@code router_id} (the subject's
   * prefix), {@code smtp_connect_timeout} and {@code no_email_faults} (FAULT transitions are not
   * mailed).
   */
  public record Settings(
      String host,
      int port,
      String heloName,
      String from,
      List<String> to,
      String routerId,
      long timeoutMs,
      boolean noEmailFaults) {
    public Settings {
      to = List.copyOf(to);
    }

    /**
     * From {@code global_defs}, with keepalived's defaults: the host's name ({@code localName}) for
     * the router id and the HELO name, {@code USER@HOST} for the sender. Empty when no mail can be
     * sent (no server, or nobody to send to).
     */
    public static Optional<Settings> of(GlobalDefs g, String localName, String user) {
      if (!g.mails()) {
        return Optional.empty();
      }
      String[] server = g.smtpServer().get().split(" ");
      return Optional.of(
          new Settings(
              server[0],
              server.length > 1 ? Integer.parseInt(server[1]) : 25,
              g.smtpAlerts().heloName().orElse(localName),
              g.notificationEmailFrom().orElse(user + "@" + localName),
              g.notificationEmails(),
              g.routerId().orElse(localName),
              Math.max(1, g.smtpConnectTimeoutUs() / 1000),
              g.smtpAlerts().noEmailFaults()));
    }
  }

  private volatile Settings settings;
  private final ThreadPoolExecutor sender;
  private final Metrics.CounterFamily mails;

  public SmtpAlerter(Settings settings, Metrics metrics) {
    this.settings = settings;
    this.mails =
        metrics.counter(
            "vigil_alert_mails_total",
            "Alert mails, by result (sent, failed, dropped: the queue was full)",
            "result");
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE),
            r -> {
              Thread t = new Thread(r, "smtp-alert");
              t.setDaemon(true);
              return t;
            },
            (r, executor) -> {
              mails.labels("dropped").increment();
              log.warn("alert mail dropped: {} mails are waiting already", QUEUE);
            });
  }

  /** Mail sent from now on goes with these settings (a reload). */
  public void settings(Settings s) {
    this.settings = s;
  }

  /** Queues one mail; returns at once. */
  public void send(Alert a) {
    if (a == null) {
      return;
    }
    Settings s = settings;
    if (a.fault() && s.noEmailFaults()) {
      log.debug("alert mail not sent (no_email_faults): {}", a.subject());
      return;
    }
    String date = RFC822.format(ZonedDateTime.now());
    if (sender.isShutdown()) {
      log.warn("alert mail not sent, shutting down: {}", a.subject());
      return;
    }
    sender.execute(() -> deliver(s, a, date));
  }

  private void deliver(Settings s, Alert a, String date) {
    String subject = "[" + s.routerId() + "] " + a.subject();
    try {
      transact(s, subject, a.body(), date);
      mails.labels("sent").increment();
      log.info("alert mail sent to {}: {}", String.join(", ", s.to()), subject);
    } catch (IOException | SmtpRefused e) {
      mails.labels("failed").increment();
      log.warn(
          "alert mail not sent: SMTP server {}:{}: {} ({})",
          s.host(),
          s.port(),
          e instanceof SocketTimeoutException
              ? "no answer in " + s.timeoutMs() + " ms"
              : e.getMessage(),
          subject);
    }
  }

  /** One mail's whole dialogue. */
  static void transact(Settings s, String subject, String body, String date)
      throws IOException, SmtpRefused {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(s.host(), s.port()), (int) s.timeoutMs());
      socket.setSoTimeout((int) s.timeoutMs());
      InputStream in = socket.getInputStream();
      OutputStream out = socket.getOutputStream();
      expect(in, 220, "the greeting", null);
      command(out, in, "HELO " + s.heloName(), 250);
      command(out, in, "MAIL FROM:<" + s.from() + ">", 250);
      List<String> refused = new ArrayList<>();
      for (String to : s.to()) {
        String reply = exchange(out, in, "RCPT TO:<" + to + ">");
        if (!reply.startsWith("250") && !reply.startsWith("251")) {
          refused.add(to + " (" + reply + ")");
        }
      }
      if (refused.size() == s.to().size()) {
        quit(out, in);
        throw new SmtpRefused("every recipient refused: " + String.join(", ", refused));
      }
      command(out, in, "DATA", 354);
      write(out, message(s, subject, body, date));
      expect(in, 250, "the message", null);
      quit(out, in);
      if (!refused.isEmpty()) {
        log.warn("alert mail: recipients refused: {}", String.join(", ", refused));
      }
    }
  }

  /** Headers, body (dot-stuffed, CRLF) and the final dot, as keepalived's BODY stage sends them. */
  static String message(Settings s, String subject, String body, String date) {
    StringBuilder b = new StringBuilder();
    b.append("Date: ").append(date).append("\r\n");
    b.append("From: ").append(s.from()).append("\r\n");
    b.append("Subject: ").append(subject).append("\r\n");
    b.append("X-Mailer: Vigil\r\n");
    b.append("To: ").append(String.join(", ", s.to())).append("\r\n\r\n");
    for (String line : body.split("\n", -1)) {
      b.append(line.startsWith(".") ? "." + line : line).append("\r\n");
    }
    return b.append("\r\n.\r\n").toString();
  }

  private static void quit(OutputStream out, InputStream in) {
    try {
      exchange(out, in, "QUIT"); // its answer changes nothing
    } catch (IOException e) {
      // the mail is sent or refused already
    }
  }

  private static void command(OutputStream out, InputStream in, String line, int code)
      throws IOException, SmtpRefused {
    write(out, line + "\r\n");
    expect(in, code, line.split("[ :]")[0], out);
  }

  private static String exchange(OutputStream out, InputStream in, String line) throws IOException {
    write(out, line + "\r\n");
    return reply(in);
  }

  /**
   * Reads the reply to {@code what}; any code but {@code code} refuses the mail, after a QUIT on
   * {@code quitTo} unless it is null (as keepalived, which says nothing more to a server that
   * refused its greeting or the message).
   */
  private static void expect(InputStream in, int code, String what, OutputStream quitTo)
      throws IOException, SmtpRefused {
    String r = reply(in);
    if (!r.startsWith(Integer.toString(code))) {
      if (quitTo != null) {
        quit(quitTo, in);
      }
      throw new SmtpRefused("answered '" + r + "' to " + what);
    }
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /**
   * One reply, its continuation lines ({@code 250-...}) folded into it; a line longer than {@link
   * #MAX_LINE} or more than {@link #MAX_REPLY_LINES} lines is a broken server.
   */
  static String reply(InputStream in) throws IOException {
    StringBuilder all = new StringBuilder();
    for (int n = 0; n < MAX_REPLY_LINES; n++) {
      String line = line(in);
      if (line.length() < 3 || !Character.isDigit(line.charAt(0))) {
        throw new IOException("not an SMTP reply: '" + line + "'");
      }
      all.append(all.length() == 0 ? line : " " + line.substring(Math.min(4, line.length())));
      if (line.length() == 3 || line.charAt(3) != '-') {
        return all.toString();
      }
    }
    throw new IOException("a reply of more than " + MAX_REPLY_LINES + " lines");
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("connection closed by the server");
      }
      if (c == '\n') {
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      if (b.size() >= MAX_LINE) {
        throw new IOException("a reply line of more than " + MAX_LINE + " bytes");
      }
      b.write(c);
    }
  }

  /** The host's name as keepalived takes it for its defaults (uname's nodename). */
  public static String localName() {
    try {
      String s = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!s.isEmpty()) {
        return s;
      }
    } catch (IOException | RuntimeException e) {
      // below
    }
    return "localhost";
  }

  /** Lets queued mail go out, for at most a few seconds, then stops. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(CLOSE_GRACE_MS, TimeUnit.MILLISECONDS)) {
        int left = sender.shutdownNow().size();
        log.warn("alert mail: gave up at shutdown, {} still queued", left);
      }
    } catch (InterruptedException e) {
      sender.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** The server answered with a code the dialogue cannot go on from. */
  static final class SmtpRefused extends Exception {
    private static final long serialVersionUID = 1L;

    SmtpRefused(String message) {
      super(message);
    }
  }
}
