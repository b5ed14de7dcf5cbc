package io.vigil.config.parse;

import io.vigil.config.lang.Node;
import io.vigil.config.model.SslSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The top-level {@code SSL { ca; certificate; key; password }} block ({@code check_parser.c} {@code
 * ssl_handler()} and friends). keepalived only finds a missing or unreadable file when its checker
 * process starts (and then logs "Cant load CA file..."); here each is an error at its line. A key
 * must be PEM PKCS#8 ({@code BEGIN PRIVATE KEY}, or {@code BEGIN ENCRYPTED PRIVATE KEY} with {@code
 * password}); the older OpenSSL forms are refused with the command that converts them.
 */
final class SslParser {
  private final Values v;
  private final Predicate<String> readable;

  SslParser(Values v, Predicate<String> readable) {
    this.v = v;
    this.readable = readable;
  }

  private static final class B {
    Path ca;
    Path certificate;
    Path key;
    String password;
    Node keyNode;
  }

  SslSettings parse(Node n, SslSettings previous) {
    if (previous != null) {
      v.error(n, "SSL context already specified - replacing");
    }
    B b = new B();
    if (!n.block()) {
      v.error(n, "SSL needs a '{' block");
    }
    new Keywords<B>(
            "SSL",
            (c, x) -> {
              switch (c.keyword()) {
                case "ca" -> x.ca = certificates(c, file(c, x.ca, "ca"), "ca");
                case "certificate" ->
                    x.certificate =
                        certificates(c, file(c, x.certificate, "certificate"), "certificate");
                case "key" -> {
                  x.key = file(c, x.key, "key");
                  x.keyNode = c;
                }
                case "password" -> {
                  if (x.password != null) {
                    v.error(c, "SSL password already specified - replacing");
                  }
                  String p = v.arg(c, 0);
                  if (p != null) {
                    v.extra(c, 0);
                    x.password = p;
                  }
                }
                default -> {
                  return false;
                }
              }
              return true;
            })
        .apply(n.children(), b, v);
    if ((b.certificate == null) != (b.key == null)) {
      v.error(
          n,
          "SSL: "
              + (b.key == null ? "certificate without key" : "key without certificate")
              + " - a client certificate needs both");
    }
    if (b.key != null && readable.test(b.key.toString())) {
      keyForm(b.keyNode, b.key, b.password);
    }
    return new SslSettings(
        n.origin(),
        Optional.ofNullable(b.ca),
        Optional.ofNullable(b.certificate),
        Optional.ofNullable(b.key),
        Optional.ofNullable(b.password));
  }

  private Path file(Node c, Path previous, String what) {
    if (previous != null) {
      v.error(c, "SSL " + what + " already specified - replacing");
    }
    String f = v.arg(c, 0);
    if (f == null) {
      return previous;
    }
    v.extra(c, 0);
    if (!readable.test(f)) {
      v.error(c, "SSL " + what + " file " + f + " cannot be read");
    }
    return Path.of(f);
  }

  /** A file of PEM certificates: at least one, all parseable. */
  private Path certificates(Node c, Path file, String what) {
    if (file == null || !readable.test(file.toString())) {
      return file;
    }
    try (java.io.InputStream in = Files.newInputStream(file)) {
      if (java.security.cert.CertificateFactory.getInstance("X.509")
          .generateCertificates(in)
          .isEmpty()) {
        v.error(c, "SSL " + what + " file " + file + " holds no certificate");
      }
    } catch (IOException | java.security.cert.CertificateException e) {
      v.error(
          c, "SSL " + what + " file " + file + " holds no valid certificate: " + e.getMessage());
    }
    return file;
  }

  /** The PEM form of the key file, and that the password opens it. */
  private void keyForm(Node c, Path key, String password) {
    String text;
    try {
      text = Files.readString(key, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      v.error(c, "SSL key file " + key + " cannot be read: " + e.getMessage());
      return;
    }
    String convert = "convert it with: openssl pkcs8 -topk8 -in " + key + " -out NEW.pem";
    if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
      if (password == null) {
        v.error(c, "SSL key file " + key + " is encrypted and no password is given");
      } else if (!decrypts(text, password)) {
        v.error(c, "SSL key file " + key + " cannot be decrypted with the password given");
      }
    } else if (text.contains("-----BEGIN PRIVATE KEY-----")) {
      if (password != null) {
        v.warning(c, "SSL key file " + key + " is not encrypted - password not used");
      }
    } else if (text.matches("(?s).*-----BEGIN [A-Z]+ PRIVATE KEY-----.*")) {
      v.error(c, "SSL key file " + key + " is not PKCS#8 (vigil reads no other form); " + convert);
    } else {
      v.error(c, "SSL key file " + key + " holds no PEM private key");
    }
  }

  /** Whether {@code password} decrypts the PKCS#8 key in {@code pem} (PBES1 or PBES2). */
  private static boolean decrypts(String pem, String password) {
    String begin = "-----BEGIN ENCRYPTED PRIVATE KEY-----";
    int from = pem.indexOf(begin) + begin.length();
    int to = pem.indexOf("-----END ENCRYPTED PRIVATE KEY-----", from);
    if (to < 0) {
      return false;
    }
    try {
      byte[] der = java.util.Base64.getMimeDecoder().decode(pem.substring(from, to));
      javax.crypto.EncryptedPrivateKeyInfo info = new javax.crypto.EncryptedPrivateKeyInfo(der);
      // PBES2 names its real algorithm in the parameters ("PBEWithHmacSHA256AndAES_256")
      String alg =
          info.getAlgName().equals("PBES2") || info.getAlgName().equals("1.2.840.113549.1.5.13")
              ? info.getAlgParameters().toString()
              : info.getAlgName();
      javax.crypto.SecretKeyFactory f = javax.crypto.SecretKeyFactory.getInstance(alg);
      javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance(alg);
      cipher.init(
          javax.crypto.Cipher.DECRYPT_MODE,
          f.generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray())),
          info.getAlgParameters());
      info.getKeySpec(cipher);
      return true;
    } catch (IllegalArgumentException | IOException | java.security.GeneralSecurityException e) {
      return false;
    }
  }
}
