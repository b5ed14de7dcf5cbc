package io.vigil.director.alert;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An SMTP server for the tests, on loopback: it answers each command with the code {@link #answers}
 * gives (by default what a server that takes the mail answers), keeps every line a client sent, and
 * hands each finished session over ({@link #next}). {@code silent} makes it accept connections and
 * never answer.
 */
public final class TestSmtpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final Thread thread;
  private final LinkedBlockingQueue<List<String>> sessions = new LinkedBlockingQueue<>();
  private final List<Socket> open = new ArrayList<>();
  volatile Function<String, String> answers = TestSmtpServer::accepting;
  volatile String greeting = "220 test ESMTP";
  volatile boolean silent;

  public TestSmtpServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread = new Thread(this::serve, "test-smtp");
    thread.setDaemon(true);
    thread.start();
  }

  public int port() {
    return socket.getLocalPort();
  }

  /** What a server that takes the mail answers to {@code line}. */
  static String accepting(String line) {
    String verb = line.split("[ :]")[0].toUpperCase(java.util.Locale.ROOT);
    return switch (verb) {
      case "DATA" -> "354 go ahead";
      case "QUIT" -> "221 bye";
      default -> "250 ok";
    };
  }

  /** The next finished session's lines as the client sent them, or null after {@code ms}. */
  public List<String> next(long ms) throws InterruptedException {
    return sessions.poll(ms, TimeUnit.MILLISECONDS);
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket s = socket.accept()) {
        synchronized (open) {
          open.add(s);
        }
        session(s);
      } catch (IOException e) {
        // closed, or the client went away
      }
    }
  }

  private void session(Socket s) throws IOException {
    List<String> got = new ArrayList<>();
    try {
      if (silent) {
        s.getInputStream().read(); // until the client gives up
        return;
      }
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      OutputStream out = s.getOutputStream();
      say(out, greeting);
      if (!greeting.startsWith("220")) {
        got.add(in.readLine()); // its QUIT, if any
        return;
      }
      boolean data = false;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        got.add(line);
        if (data) {
          if (line.equals(".")) {
            data = false;
            say(out, answers.apply("."));
          }
          continue;
        }
        String a = answers.apply(line);
        say(out, a);
        if (line.equals("DATA") && a.startsWith("354")) {
          data = true;
        }
        if (line.equals("QUIT")) {
          return;
        }
      }
    } finally {
      sessions.add(got);
    }
  }

  private static void say(OutputStream out, String reply) throws IOException {
    out.write((reply + "\r\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    synchronized (open) {
      for (Socket s : open) {
        s.close();
      }
    }
  }
}
