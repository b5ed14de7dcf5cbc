package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSL_GET with the global {@code SSL} block, through the director's mapping ({@code vigil checks
 * --once}), against HTTPS servers on loopback. The certificates are made for this run with the
 * openssl command line, as an operator makes them: a CA, a server certificate it signs (for a name,
 * not for 127.0.0.1: keepalived does not check the host name), a second CA that signed nothing, and
 * a client certificate whose key is an encrypted PKCS#8 PEM.
 */
class SslGetChecksIT {
  private static final String PASSWORD = "s3cret pass";
  @TempDir static Path dir;
  private static final List<HttpsServer> servers = new ArrayList<>();
  private static int port;
  private static int clientAuthPort;

  @BeforeAll
  static void certificatesAndServers() throws Exception {
    ca("ca");
    ca("wrong-ca");
    signed("server", "ca", "/CN=rs.example.test");
    signed("client", "ca", "/CN=director.example.test");
    openssl(
        "pkcs8",
        "-topk8",
        "-in",
        "client.key",
        "-out",
        "client-enc.key",
        "-passout",
        "pass:" + PASSWORD);
    openssl(
        "pkcs12",
        "-export",
        "-inkey",
        "server.key",
        "-in",
        "server.pem",
        "-out",
        "server.p12",
        "-passout",
        "pass:changeit");
    port = serve(false);
    clientAuthPort = serve(true);
  }

  @AfterAll
  static void stop() {
    servers.forEach(s -> s.stop(0));
  }

  private static void ca(String name) throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".pem",
        "-subj",
        "/CN=" + name,
        "-days",
        "2");
  }

  private static void signed(String name, String ca, String subject) throws Exception {
    openssl(
        "req",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        name + ".key",
        "-out",
        name + ".csr",
        "-subj",
        subject);
    openssl(
        "x509",
        "-req",
        "-in",
        name + ".csr",
        "-CA",
        ca + ".pem",
        "-CAkey",
        ca + ".key",
        "-CAcreateserial",
        "-out",
        name + ".pem",
        "-days",
        "2");
  }

  private static void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("openssl finished").isTrue();
    assertThat(p.exitValue()).as("openssl %s: %s", cmd, out).isZero();
  }

  /**
   * An HTTPS server on 127.0.0.1 answering 200; with {@code clientAuth} it wants our CA's client.
   */
  private static int serve(boolean clientAuth) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpsServer s =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 8);
    s.setHttpsConfigurator(
        new HttpsConfigurator(ctx) {
          @Override
          public void configure(HttpsParameters params) {
            javax.net.ssl.SSLParameters p = ctx.getDefaultSSLParameters();
            p.setNeedClientAuth(clientAuth);
            params.setSSLParameters(p);
          }
        });
    s.createContext(
        "/",
        x -> {
          byte[] body = "tls ok\n".getBytes(StandardCharsets.US_ASCII);
          x.sendResponseHeaders(200, body.length);
          x.getResponseBody().write(body);
          x.close();
        });
    s.start();
    servers.add(s);
    return s.getAddress().getPort();
  }

  private record Run(int code, String out, String err) {}

  private static Run checks(String ssl, int serverPort) throws Exception {
    Path conf = Files.createTempFile(dir, "vigil", ".conf");
    Files.writeString(
        conf,
        ssl
            + "virtual_server 192.0.2.10 443 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n"
            + "  real_server 127.0.0.1 "
            + serverPort
            + " {\n    SSL_GET {\n      url {\n        path /health\n      }\n"
            + "      connect_timeout 3\n      retry 0\n    }\n  }\n}\n");
    InProcessCli cli = new InProcessCli();
    int code = cli.run("checks", "-f", conf.toString(), "--once");
    return new Run(code, cli.out.toString().strip(), cli.err.toString());
  }

  private static String file(String name) {
    return dir.resolve(name).toString();
  }

  @Test
  void theConfiguredCaVerifiesTheServer() throws Exception {
    Run r = checks("SSL {\n  ca " + file("ca.pem") + "\n}\n", port);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("TCP 192.0.2.10:443 127.0.0.1:" + port + " up SSL_GET passed");
  }

  @Test
  void aWrongCaFailsTheCheckWithTheTlsReason() throws Exception {
    Run r = checks("SSL {\n  ca " + file("wrong-ca.pem") + "\n}\n", port);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "TCP 192.0.2.10:443 127.0.0.1:"
                + port
                + " down SSL_GET TLS: the server's certificate does not chain to the SSL ca"
                + " (unable to find valid certification path to requested target) on /health");
    System.out.println("wrong CA: " + r.out());
  }

  @Test
  void withoutAnSslBlockTheServerIsNotVerified() throws Exception {
    Run r = checks("", port);
    assertThat(r.out()).endsWith(" up SSL_GET passed");
  }

  @Test
  void aClientCertificateWithAnEncryptedKeyAndItsPasswordIsAccepted() throws Exception {
    String ssl =
        "SSL {\n  ca "
            + file("ca.pem")
            + "\n  certificate "
            + file("client.pem")
            + "\n  key "
            + file("client-enc.key")
            + "\n  password \""
            + PASSWORD
            + "\"\n}\n";
    Run r = checks(ssl, clientAuthPort);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).endsWith(" up SSL_GET passed");
    Run without = checks("SSL {\n  ca " + file("ca.pem") + "\n}\n", clientAuthPort);
    assertThat(without.out()).contains(" down SSL_GET ");
    System.out.println("no client certificate: " + without.out());
  }

  @Test
  void aWrongPasswordIsRefusedBeforeAnyCheckRuns() throws Exception {
    String ssl =
        "SSL {\n  certificate "
            + file("client.pem")
            + "\n  key "
            + file("client-enc.key")
            + "\n  password wrong\n}\n";
    Run r = checks(ssl, clientAuthPort);
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains(
            ":3: error: SSL key file "
                + file("client-enc.key")
                + " cannot be decrypted with the password given");
  }
}
