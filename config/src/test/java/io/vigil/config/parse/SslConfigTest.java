package io.vigil.config.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.Cfg;
import io.vigil.config.ConfigDump;
import io.vigil.config.LoadResult;
import io.vigil.config.model.SslSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The top-level {@code SSL} block, with files the openssl command line makes for this run: each
 * problem keepalived would only log when its checker starts is an error at its line here.
 */
class SslConfigTest {
  @TempDir static Path dir;

  @BeforeAll
  static void files() throws Exception {
    openssl(
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-keyout",
        "client.key",
        "-out",
        "client.pem",
        "-subj",
        "/CN=client",
        "-days",
        "2");
    openssl(
        "pkcs8", "-topk8", "-in", "client.key", "-out", "client-enc.key", "-passout", "pass:pw1");
    openssl("genrsa", "-traditional", "-out", "rsa1.key", "1024");
    Files.writeString(dir.resolve("not-a-cert.pem"), "hello\n");
  }

  private static void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", cmd, out).isZero();
  }

  private static String f(String name) {
    return dir.resolve(name).toString();
  }

  private static LoadResult ssl(String... lines) {
    return Cfg.load("SSL {\n" + String.join("\n", lines) + "\n}\n");
  }

  @Test
  void aCompleteBlockIsTypedAndDumpedWithoutThePassword() {
    LoadResult r =
        ssl(
            "ca " + f("client.pem"),
            "certificate " + f("client.pem"),
            "key " + f("client-enc.key"),
            "password pw1");
    assertThat(Cfg.findings(r)).isEmpty();
    SslSettings s = r.config().ssl().orElseThrow();
    assertThat(s.origin().line()).isEqualTo(1);
    assertThat(s.ca()).contains(dir.resolve("client.pem"));
    assertThat(s.certificate()).contains(dir.resolve("client.pem"));
    assertThat(s.key()).contains(dir.resolve("client-enc.key"));
    assertThat(s.password()).contains("pw1");
    assertThat(s.toString()).doesNotContain("pw1");
    String dump = ConfigDump.dump(r.config());
    assertThat(dump)
        .contains(
            "SSL {\n  ca "
                + f("client.pem")
                + "\n  certificate "
                + f("client.pem")
                + "\n  key "
                + f("client-enc.key")
                + "\n  # password set, not shown\n}\n")
        .doesNotContain("pw1");
  }

  @Test
  void noBlockMeansNoSettings() {
    assertThat(Cfg.load("").config().ssl()).isEmpty();
  }

  @Test
  void everyProblemIsAnErrorAtItsLine() {
    assertThat(Cfg.findings(ssl("ca " + f("missing.pem"))))
        .containsExactly("2 error: SSL ca file " + f("missing.pem") + " cannot be read");
    assertThat(Cfg.findings(ssl("ca " + f("not-a-cert.pem"))))
        .containsExactly(
            "2 error: SSL ca file "
                + f("not-a-cert.pem")
                + " holds no valid certificate: No certificate data found");
    assertThat(Cfg.findings(ssl("certificate " + f("client.pem"))))
        .containsExactly("1 error: SSL: certificate without key - a client certificate needs both");
    assertThat(Cfg.findings(ssl("certificate " + f("client.pem"), "key " + f("client-enc.key"))))
        .containsExactly(
            "3 error: SSL key file "
                + f("client-enc.key")
                + " is encrypted and no password is given");
    assertThat(
            Cfg.findings(
                ssl(
                    "certificate " + f("client.pem"),
                    "key " + f("client-enc.key"),
                    "password wrong")))
        .containsExactly(
            "3 error: SSL key file "
                + f("client-enc.key")
                + " cannot be decrypted with the password given");
    assertThat(Cfg.findings(ssl("certificate " + f("client.pem"), "key " + f("rsa1.key"))))
        .containsExactly(
            "3 error: SSL key file "
                + f("rsa1.key")
                + " is not PKCS#8 (vigil reads no other form); convert it with: openssl pkcs8"
                + " -topk8 -in "
                + f("rsa1.key")
                + " -out NEW.pem");
    assertThat(
            Cfg.findings(
                ssl("certificate " + f("client.pem"), "key " + f("client.key"), "password x")))
        .containsExactly(
            "3 warning: SSL key file " + f("client.key") + " is not encrypted - password not used");
    assertThat(Cfg.findings(ssl("cafile " + f("client.pem"))))
        .containsExactly("2 error: unknown keyword 'cafile' in SSL");
    assertThat(Cfg.findings(Cfg.load("SSL {\n}\nSSL {\n}\n")))
        .containsExactly("3 error: SSL context already specified - replacing");
  }
}
