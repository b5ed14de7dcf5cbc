package io.vigil.director.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil status}: the running director's VRRP instances and virtual servers.
 *
 * <p>It asks the director's status endpoint with one HTTP/1.1 request on a plain socket, not the
 * JDK's HTTP client: building that client sets up TLS whether or not it is used (the JDK's default
 * SSL context, its trust store's certificates parsed), which took the command 1.3-1.9 s on a host
 * and several times the old fixed 5 s timeout in the lab VM's emulation.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = "Show the running director's VRRP instances and virtual servers.")
public final class StatusCommand implements Callable<Integer> {
  /** Where `vigil run` serves its status unless told otherwise. */
  public static final String DEFAULT_ENDPOINT = "127.0.0.1:9180";

  /** The largest answer read: the status of 10,000 real servers is some 2 MB. */
  static final int MAX_BYTES = 64 << 20;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-s", "--status"},
      paramLabel = "HOST:PORT",
      description = "The director's status endpoint (default: ${DEFAULT-VALUE}).",
      defaultValue = DEFAULT_ENDPOINT)
  String endpoint;

  @Option(names = "--json", description = "Print the raw JSON document instead of the table.")
  boolean json;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      description =
          "How long to wait for the director to connect and to answer (default: ${DEFAULT-VALUE}).",
      defaultValue = "5")
  int timeoutSeconds;

  @Override
  public Integer call() throws IOException {
    if (timeoutSeconds < 1) {
      throw new IOException("--timeout " + timeoutSeconds + ": must be at least 1 second");
    }
    String body = get(endpoint, json ? "/status" : "/status.txt", timeoutSeconds * 1000);
    spec.commandLine().getOut().print(body);
    spec.commandLine().getOut().flush();
    return 0;
  }

  /**
   * The body of {@code GET path} from {@code endpoint} ({@code HOST:PORT}, an IPv6 host in
   * brackets), if the answer is 200; each of connecting and every read may take up to {@code
   * timeoutMs}.
   *
   * @throws IOException with a sentence an operator can act on: nothing listens, no answer in time,
   *     another status than 200, an answer that is not HTTP
   */
  static String get(String endpoint, String path, int timeoutMs) throws IOException {
    URI uri = URI.create("http://" + endpoint + path);
    if (uri.getHost() == null || uri.getPort() < 0) {
      throw new IOException("--status " + endpoint + ": expected HOST:PORT");
    }
    try (Socket s = new Socket()) {
      try {
        s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), timeoutMs);
      } catch (ConnectException e) {
        throw new IOException(
            "no director answers at "
                + endpoint
                + " (is `vigil run` running with its status endpoint on?)",
            e);
      }
      s.setSoTimeout(timeoutMs);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + endpoint + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      byte[] answer = readAll(s.getInputStream());
      return body(uri, answer);
    } catch (SocketTimeoutException e) {
      throw new IOException(
          "the director at " + endpoint + " did not answer within " + timeoutMs / 1000 + " s", e);
    }
  }

  /** Everything until the peer closes, at most {@link #MAX_BYTES}. */
  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(16 << 10);
    byte[] buf = new byte[16 << 10];
    for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
      b.write(buf, 0, n);
      if (b.size() > MAX_BYTES) {
        throw new IOException("the answer is larger than " + (MAX_BYTES >> 20) + " MiB");
      }
    }
    return b.toByteArray();
  }

  /** The body of a whole HTTP/1.x answer if its status is 200. */
  static String body(URI uri, byte[] answer) throws IOException {
    String head = headOf(answer);
    if (head == null || !head.startsWith("HTTP/1.")) {
      throw new IOException(uri + " did not answer in HTTP");
    }
    // the status line: HTTP/1.x, a space, three digits, then a space or its end
    int sp = head.indexOf(' ');
    int lineEnd = head.indexOf('\r');
    String first = lineEnd < 0 ? head : head.substring(0, lineEnd);
    if (sp < 0
        || first.length() < sp + 4
        || (first.length() > sp + 4 && first.charAt(sp + 4) != ' ')
        || !first.substring(sp + 1, sp + 4).chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new IOException(uri + " did not answer in HTTP");
    }
    int status = Integer.parseInt(first.substring(sp + 1, sp + 4));
    if (status != 200) {
      throw new IOException(uri + " answered HTTP " + status);
    }
    int start = head.length() + 4;
    int end = answer.length;
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Transfer-Encoding") && !value.equalsIgnoreCase("identity")) {
        throw new IOException(uri + " answered in " + value + " transfer encoding, not read here");
      }
      if (name.equalsIgnoreCase("Content-Length")) {
        int length;
        try {
          length = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw new IOException(uri + " answered a bad Content-Length: " + value);
        }
        if (start + length > answer.length) {
          throw new IOException(
              uri
                  + "'s answer ended after "
                  + (answer.length - start)
                  + " of "
                  + length
                  + " bytes");
        }
        end = start + length;
      }
    }
    return new String(answer, start, Math.max(0, end - start), StandardCharsets.UTF_8);
  }

  /** The status line and headers, without the blank line after them; null if there is none. */
  private static String headOf(byte[] answer) {
    for (int i = 0; i + 3 < answer.length; i++) {
      if (answer[i] == '\r'
          && answer[i + 1] == '\n'
          && answer[i + 2] == '\r'
          && answer[i + 3] == '\n') {
        return new String(answer, 0, i, StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }
}
