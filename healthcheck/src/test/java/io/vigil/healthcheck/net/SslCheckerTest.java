package io.vigil.healthcheck.net;

import static io.vigil.healthcheck.net.Checks.once;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.HttpCheckSpec;
import io.vigil.healthcheck.spec.HttpCheckSpec.Tls;
import io.vigil.healthcheck.spec.TestSpecs;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SSL_GET against an HTTPS test server whose certificate keytool makes for this run. */
class SslCheckerTest {
  @TempDir static Path dir;
  private static Transport transport;
  private static TestHttpServer server;
  private static Path serverCa;
  private static Path otherCa;

  @BeforeAll
  static void certificatesAndServer() throws Exception {
    transport = Transport.create(1);
    Path ks = keyPair("server", "CN=rs.example.test");
    serverCa = exportCert(ks, "server");
    otherCa = exportCert(keyPair("other", "CN=other.example.test"), "other");
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(store, "changeit".toCharArray());
    SslContext ctx = SslContextBuilder.forServer(kmf).build();
    server = new TestHttpServer(ctx);
  }

  @AfterAll
  static void stop() {
    server.close();
    transport.close();
  }

  private static Path keyPair(String alias, String dname) throws Exception {
    Path ks = dir.resolve(alias + ".p12");
    HttpCheckerTest.run(
        keytool(),
        "-genkeypair",
        "-alias",
        alias,
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        dname,
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        ks.toString(),
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    return ks;
  }

  private static Path exportCert(Path ks, String alias) throws Exception {
    Path pem = dir.resolve(alias + ".pem");
    HttpCheckerTest.run(
        keytool(),
        "-exportcert",
        "-rfc",
        "-alias",
        alias,
        "-keystore",
        ks.toString(),
        "-storepass",
        "changeit",
        "-file",
        pem.toString());
    return pem;
  }

  private static Path keytool() {
    return Path.of(System.getProperty("java.home"), "bin", "keytool");
  }

  private static HttpCheckSpec spec(Tls tls) {
    return TestSpecs.httpGet(
            ConnectSpec.to(server.address()),
            Checks.timing(CheckerKind.SSL_GET, 3000),
            List.of(TestSpecs.url("/tls")))
        .withTls(tls);
  }

  private static Tls tls(boolean sni, Optional<String> sniName, Optional<Path> ca) {
    return new Tls(sni, sniName, ca, Optional.empty(), Optional.empty(), Optional.empty());
  }

  @Test
  void withoutACaTheCertificateIsNotVerified() {
    HttpCheckSpec s = spec(TestSpecs.NO_TLS_OPTIONS);
    assertThat(s.kind()).isEqualTo(CheckerKind.SSL_GET);
    assertThat(once(new HttpChecker(s, transport))).isEqualTo(CheckResult.up("HTTP ok on /tls"));
  }

  @Test
  void withTheRightCaItVerifiesAndTheHostNameIsNotChecked() {
    // the certificate says rs.example.test; we connect to 127.0.0.1, as keepalived would
    HttpCheckSpec s = spec(tls(false, Optional.empty(), Optional.of(serverCa)));
    assertThat(once(new HttpChecker(s, transport)).up()).isTrue();
  }

  @Test
  void withAnotherCaTheHandshakeFailsWithATlsReason() {
    CheckResult r =
        once(new HttpChecker(spec(tls(false, Optional.empty(), Optional.of(otherCa))), transport));
    assertThat(r.up()).isFalse();
    assertThat(r.reason())
        .startsWith("TLS: the server's certificate does not chain to the SSL ca (")
        .endsWith(" on /tls");
  }

  @Test
  void aMissingCaFileIsDownWithTheReason() {
    CheckResult r =
        once(
            new HttpChecker(
                spec(tls(false, Optional.empty(), Optional.of(dir.resolve("none.pem")))),
                transport));
    assertThat(r.up()).isFalse();
    assertThat(r.reason()).startsWith("TLS settings: ");
  }

  @Test
  void sniIsSentOnlyWhenEnabledWithTheSniNameOrTheVirtualhost() {
    server.sniNames.clear();
    once(
        new HttpChecker(
            spec(TestSpecs.NO_TLS_OPTIONS).withVirtualhost("vh.example.test"), transport));
    assertThat(server.sniNames).isEmpty();
    once(
        new HttpChecker(
            spec(tls(true, Optional.empty(), Optional.empty())).withVirtualhost("vh.example.test"),
            transport));
    once(
        new HttpChecker(
            spec(tls(true, Optional.of("sni.example.test"), Optional.empty())), transport));
    assertThat(server.sniNames).containsExactly("vh.example.test", "sni.example.test");
  }

  /** genhash -S and vigil genhash -S: the same digest; -I sends the virtualhost as SNI. */
  @Test
  void genhashOverTlsAgreesWithKeepalivedsAndSendsTheVirtualhostAsSni() throws Exception {
    server.body = "over TLS\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    String port = String.valueOf(server.port());
    String theirs =
        HttpCheckerTest.run(GenhashTest.GENHASH, "-S", "-s", "127.0.0.1", "-p", port, "-u", "/tls");
    assertThat(theirs).matches("[0-9a-f]{32}");
    server.sniNames.clear();
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int rc =
        Genhash.run(
            new Genhash.Request(
                new java.net.InetSocketAddress("127.0.0.1", server.port()),
                "/tls",
                io.vigil.healthcheck.spec.HttpCheckSpec.HttpProtocol.HTTP_1_0,
                Optional.of("gh.example.test"),
                true,
                true,
                0,
                java.util.concurrent.TimeUnit.SECONDS.toNanos(5),
                false),
            new java.io.PrintStream(out, true),
            System.err);
    assertThat(rc).isZero();
    assertThat(out.toString().strip()).isEqualTo(theirs);
    assertThat(server.sniNames).containsExactly("gh.example.test");
  }

  @Test
  void plainHttpToATlsPortIsDown() {
    HttpCheckSpec plain =
        TestSpecs.httpGet(
            ConnectSpec.to(server.address()),
            Checks.timing(CheckerKind.HTTP_GET, 500),
            List.of(TestSpecs.url("/")));
    assertThat(once(new HttpChecker(plain, transport)).up()).isFalse();
  }
}
