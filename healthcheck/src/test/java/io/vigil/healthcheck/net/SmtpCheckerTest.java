package io.vigil.healthcheck.net;

import static io.vigil.healthcheck.net.Checks.once;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.CheckerKind;
import io.vigil.healthcheck.spec.ConnectSpec;
import io.vigil.healthcheck.spec.SmtpCheckSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmtpCheckerTest {
  private static Transport transport;
  private ServerSocket server;
  private Thread thread;
  private final List<String> heard = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void group() {
    transport = Transport.create(1);
  }

  @AfterAll
  static void closeGroup() {
    transport.close();
  }

  /** An SMTP speaker on 127.0.0.1 that says {@code greeting}, then answers HELO and QUIT. */
  private void speak(String greeting, String heloAnswer) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread =
        new Thread(
            () -> {
              try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                if (greeting == null) {
                  in.readLine(); // silent until the client gives up
                  return;
                }
                out.write(greeting.getBytes(StandardCharsets.US_ASCII));
                String helo = in.readLine();
                if (helo == null) {
                  return;
                }
                heard.add(helo);
                out.write(heloAnswer.getBytes(StandardCharsets.US_ASCII));
                String quit = in.readLine();
                if (quit != null) {
                  heard.add(quit);
                  out.write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                }
              } catch (IOException ignored) {
                // the client hung up: that is its right
              }
            });
    thread.setDaemon(true);
    thread.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (thread != null) {
      thread.join(10_000);
    }
  }

  private CheckResult check(long timeoutMs) {
    SmtpCheckSpec spec =
        new SmtpCheckSpec(
            ConnectSpec.to((InetSocketAddress) server.getLocalSocketAddress()),
            Checks.timing(CheckerKind.SMTP_CHECK, timeoutMs),
            "smtpchecker.keepalived.org");
    return once(new SmtpChecker(spec, transport));
  }

  @Test
  void aGoodConversationIsUpWithKeepalivedsHeloName() throws IOException {
    speak("220 mx.example.test ESMTP\r\n", "250 mx.example.test\r\n");
    assertThat(check(3000)).isEqualTo(CheckResult.up("SMTP ok"));
    assertThat(heard).containsExactly("HELO smtpchecker.keepalived.org", "QUIT");
  }

  @Test
  void aMultiLineGreetingIsReadToItsLastLine() throws IOException {
    speak("220-mx.example.test ESMTP\r\n220-more\r\n220 ready\r\n", "250 ok\r\n");
    assertThat(check(3000).up()).isTrue();
  }

  @Test
  void aRefusingGreetingIsDown() throws IOException {
    speak("554 no service\r\n", "250 ok\r\n");
    assertThat(check(3000)).isEqualTo(CheckResult.down("bad SMTP greeting: 554 no service"));
  }

  /**
   * A server that refuses at once, greeting with 421 and closing before the client says anything
   * (RFC 5321 4.3.2: "421 Service not available, closing transmission channel"): the greeting is
   * the reason, whether the checker sees it before or after the close. Repeated, because the
   * greeting, the close and the checker's connect race each other.
   */
  @org.junit.jupiter.api.RepeatedTest(20)
  void aGreetingThatComesWithTheCloseIsTheReason() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    thread =
        new Thread(
            () -> {
              try (Socket s = server.accept()) {
                s.getOutputStream().write("421 busy\r\n".getBytes(StandardCharsets.US_ASCII));
              } catch (IOException ignored) {
                // the test's assertion tells
              }
            });
    thread.setDaemon(true);
    thread.start();
    assertThat(check(3000)).isEqualTo(CheckResult.down("bad SMTP greeting: 421 busy"));
  }

  @Test
  void aBadHeloAnswerIsDown() throws IOException {
    speak("220 ok\r\n", "501 syntax\r\n");
    assertThat(check(3000)).isEqualTo(CheckResult.down("bad SMTP HELO answer: 501 syntax"));
  }

  @Test
  void garbageIsDown() throws Exception {
    speak("HTTP/1.0 400 Bad Request\r\n", "");
    assertThat(check(3000).reason()).startsWith("bad SMTP greeting: HTTP/1.0");
    stop();
    speak("x".repeat(600), "");
    assertThat(check(3000).reason()).isEqualTo("garbage: SMTP line longer than 512 bytes");
  }

  @Test
  void aSilentServerTimesOut() throws IOException {
    speak(null, null);
    assertThat(check(300)).isEqualTo(CheckResult.down("no SMTP greeting within 300 ms"));
  }

  @Test
  void statusCodesFollowKeepalivedsRule() {
    assertThat(SmtpChecker.status("220 x")).isEqualTo(220);
    assertThat(SmtpChecker.status("220")).isEqualTo(220);
    assertThat(SmtpChecker.status("220-x")).isEqualTo(-1);
    assertThat(SmtpChecker.status("22 x")).isEqualTo(-1);
    assertThat(SmtpChecker.status("abc x")).isEqualTo(-1);
  }
}
