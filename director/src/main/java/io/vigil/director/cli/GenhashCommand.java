package io.vigil.director.cli;

import io.vigil.healthcheck.net.Genhash;
import io.vigil.healthcheck.spec.HttpCheckSpec.HttpProtocol;
import io.vigil.netlink.ipvs.text.AddressText;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil genhash}: keepalived's genhash, with its options, for the {@code digest} of an
 * HTTP_GET or SSL_GET url.
 */
@Command(
    name = "genhash",
    mixinStandardHelpOptions = true,
    description = {
      "Print the MD5 digest of a web page's body, as HTTP_GET and SSL_GET's digest compares it",
      "(keepalived's genhash, with its options and its output; -v also dumps the headers, the",
      "body and the hash). Exits 0 when the digest is printed, 1 when the server cannot be",
      "reached or sends nothing (genhash exits 0); without -t, the connect and each read wait",
      "10 s at most (genhash waits for ever). keepalived's --genhash form, vigil run -T, runs it."
    })
public final class GenhashCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-s", "--server"},
      required = true,
      paramLabel = "ADDRESS",
      description = "The server's IP address.")
  String server;

  @Option(
      names = {"-p", "--port"},
      required = true,
      paramLabel = "PORT",
      description = "The server's port.")
  String port;

  @Option(
      names = {"-u", "--url"},
      required = true,
      paramLabel = "PATH",
      description = "The url's path, as HTTP_GET's url { path }.")
  String url;

  @Option(
      names = {"-S", "--use-ssl"},
      description = "Over TLS, as SSL_GET (the certificate is not verified).")
  boolean ssl;

  @Option(
      names = {"-I", "--use-sni"},
      description = "Send the virtualhost (-V) as the TLS server name.")
  boolean sni;

  @Option(
      names = {"-V", "--use-virtualhost"},
      paramLabel = "HOST",
      description = "The Host header (default: the server's address and port).")
  String virtualhost;

  @Option(
      names = {"-P", "--protocol"},
      paramLabel = "VERSION",
      description = "HTTP 1.0 (default), 1.0c (1.0 with Connection: close) or 1.1.")
  String protocol = "1.0";

  @Option(
      names = {"-t", "--timeout"},
      paramLabel = "SECONDS",
      description = "The connect timeout, and how long each read may wait.")
  String timeout;

  @Option(
      names = {"-m", "--fwmark"},
      paramLabel = "MARK",
      description = "The firewall mark of the connection's packets (SO_MARK).")
  String fwmark;

  @Option(
      names = {"-v", "--verbose"},
      description = "Dump the headers, the body and the hash, as genhash -v.")
  boolean verbose;

  @Override
  public Integer call() throws InterruptedException {
    // the page's bytes as they came (genhash prints them so); usage errors to picocli's writer
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.ISO_8859_1);
    java.io.PrintWriter err = spec.commandLine().getErr();
    // genhash's checks, with its words (keepalived 2.2.7 check_genhash.c)
    InetAddress address = AddressText.pton4(server);
    if (address == null) {
      address = AddressText.pton6(server);
    }
    if (address == null) {
      err.println("server should be an IP, not " + server);
      return 1;
    }
    if (!port.matches("[0-9]{1,5}")
        || Integer.parseInt(port) == 0
        || Integer.parseInt(port) > 65535) {
      err.println("invalid port number '" + port + "'");
      return 1;
    }
    HttpProtocol version =
        switch (protocol) {
          case "1.0" -> HttpProtocol.HTTP_1_0;
          case "1.0c", "1.0C" -> HttpProtocol.HTTP_1_0C;
          case "1.1" -> HttpProtocol.HTTP_1_1;
          default -> null;
        };
    if (version == null) {
      err.println("invalid HTTP protocol version '" + protocol + "'");
      return 1;
    }
    long timeoutNs = Genhash.DEFAULT_TIMEOUT_NS;
    if (timeout != null) {
      String t = timeout.stripLeading();
      if (!t.matches("[0-9]{1,9}") || Long.parseLong(t) == 0) {
        err.println("invalid timeout '" + timeout + "'");
        return 1;
      }
      timeoutNs = TimeUnit.SECONDS.toNanos(Long.parseLong(t));
    }
    int mark = 0;
    if (fwmark != null) {
      String m = fwmark.stripLeading();
      if (!m.matches("[0-9]{1,10}") || Long.parseLong(m) > 0xffff_ffffL) {
        err.println("invalid fwmark '" + fwmark + "'");
        return 1;
      }
      mark = (int) Long.parseLong(m);
    }
    return Genhash.run(
        new Genhash.Request(
            new InetSocketAddress(address, Integer.parseInt(port)),
            url,
            version,
            Optional.ofNullable(virtualhost),
            ssl,
            sni,
            mark,
            timeoutNs,
            verbose),
        out,
        System.err);
  }
}
