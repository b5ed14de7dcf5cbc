package io.vigil.director.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.config.model.GlobalDefs;
import io.vigil.director.status.Metrics;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SMTP dialogue against a server on loopback, and what happens when the server misbehaves. */
class SmtpAlerterTest {
  private static final String DATE = "Thu, 03 Dec 2026 06:30:00 +0000";
  private TestSmtpServer server;
  private Metrics metrics;
  private SmtpAlerter alerter;

  @BeforeEach
  void start() throws Exception {
    server = new TestSmtpServer();
    metrics = new Metrics();
  }

  @AfterEach
  void stop() throws Exception {
    if (alerter != null) {
      alerter.close();
    }
    server.close();
  }

  private SmtpAlerter.Settings settings(long timeoutMs, String... to) {
    return new SmtpAlerter.Settings(
        "127.0.0.1",
        server.port(),
        "director1.example.org",
        "lvs@example.org",
        List.of(to),
        "LVS_A",
        timeoutMs,
        false);
  }

  private SmtpAlerter alerter(SmtpAlerter.Settings s) {
    alerter = new SmtpAlerter(s, metrics);
    return alerter;
  }

  private String counted(String result) {
    String want = "vigil_alert_mails_total{result=\"" + result + "\"} ";
    for (String line : metrics.scrape().split("\n")) {
      if (line.startsWith(want)) {
        return line.substring(want.length());
      }
    }
    return "0";
  }

  @Test
  void aMailIsKeepalivedsDialogueWithTheRouterIdInItsSubject() throws Exception {
    alerter(settings(5_000, "ops@example.org", "oncall@example.org"))
        .send(
            new Alert(
                "VRRP Instance VI_1 - Entering MASTER state",
                "=> VRRP Instance is now owning VRRP VIPs <="));
    List<String> got = server.next(10_000);
    assertThat(got).isNotNull();
    assertThat(got.get(5))
        .matches("Date: [A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} [0-9:]{8} [+-]\\d{4}");
    got.set(5, "Date: X");
    assertThat(got)
        .containsExactly(
            "HELO director1.example.org",
            "MAIL FROM:<lvs@example.org>",
            "RCPT TO:<ops@example.org>",
            "RCPT TO:<oncall@example.org>",
            "DATA",
            // the headers as keepalived's smtp.h writes them, X-Mailer aside
            "Date: X",
            "From: lvs@example.org",
            "Subject: [LVS_A] VRRP Instance VI_1 - Entering MASTER state",
            "X-Mailer: Vigil",
            "To: ops@example.org, oncall@example.org",
            "",
            "=> VRRP Instance is now owning VRRP VIPs <=",
            "",
            ".",
            "QUIT");
    awaitCount("sent", "1");
  }

  private void awaitCount(String result, String n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!counted(result).equals(n) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(counted(result)).as(result).isEqualTo(n);
  }

  @Test
  void aBodyLineStartingWithADotIsDoubledAndLinesEndInCrLf() {
    String m =
        SmtpAlerter.message(
            settings(1_000, "ops@example.org"), "[LVS_A] s", "=> a <=\n\n.hidden\nend", DATE);
    assertThat(m)
        .isEqualTo(
            "Date: "
                + DATE
                + "\r\nFrom: lvs@example.org\r\nSubject: [LVS_A] s\r\nX-Mailer: Vigil\r\n"
                + "To: ops@example.org\r\n\r\n=> a <=\r\n\r\n..hidden\r\nend\r\n\r\n.\r\n");
  }

  @Test
  void aMultiLineGreetingIsReadToItsLastLine() throws Exception {
    server.greeting = "220-test.example.org ESMTP\r\n220-more\r\n220 ready";
    alerter(settings(5_000, "ops@example.org")).send(new Alert("s", "b"));
    assertThat(server.next(10_000)).startsWith("HELO director1.example.org");
    awaitCount("sent", "1");
  }

  @Test
  void aRefusedRecipientIsSkippedAndTheOthersGetTheMail() throws Exception {
    server.answers =
        line -> line.contains("nobody@") ? "550 no such user" : TestSmtpServer.accepting(line);
    alerter(settings(5_000, "nobody@example.org", "ops@example.org")).send(new Alert("s", "b"));
    List<String> got = server.next(10_000);
    assertThat(got).contains("DATA", ".", "QUIT");
    awaitCount("sent", "1");
  }

  @Test
  void whenEveryRecipientIsRefusedNoDataIsSentAndTheMailFails() throws Exception {
    server.answers =
        line -> line.startsWith("RCPT") ? "550 no such user" : TestSmtpServer.accepting(line);
    alerter(settings(5_000, "nobody@example.org")).send(new Alert("s", "b"));
    List<String> got = server.next(10_000);
    assertThat(got).doesNotContain("DATA").endsWith("QUIT");
    awaitCount("failed", "1");
  }

  @Test
  void aServerRefusingTheSenderEndsTheDialogueWithQuit() throws Exception {
    server.answers =
        line -> line.startsWith("MAIL") ? "553 sender refused" : TestSmtpServer.accepting(line);
    alerter(settings(5_000, "ops@example.org")).send(new Alert("s", "b"));
    assertThat(server.next(10_000))
        .containsExactly("HELO director1.example.org", "MAIL FROM:<lvs@example.org>", "QUIT");
    awaitCount("failed", "1");
  }

  @Test
  void aServerThatRefusesAtItsGreetingGetsNoCommand() throws Exception {
    server.greeting = "554 go away";
    alerter(settings(5_000, "ops@example.org")).send(new Alert("s", "b"));
    List<String> got = server.next(10_000);
    assertThat(got).allMatch(l -> l == null);
    awaitCount("failed", "1");
  }

  @Test
  void aSilentServerFailsTheMailAtTheTimeoutAndTheNextMailStillGoes() throws Exception {
    server.silent = true;
    SmtpAlerter a = alerter(settings(300, "ops@example.org"));
    long t0 = System.nanoTime();
    a.send(new Alert("first", "b"));
    awaitCount("failed", "1");
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
    server.silent = false;
    server.next(1_000); // the silent session
    a.send(new Alert("second", "b"));
    assertThat(server.next(10_000)).contains("Subject: [LVS_A] second");
    awaitCount("sent", "1");
  }

  @Test
  void noServerListeningFailsTheMail() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    alerter(
            new SmtpAlerter.Settings(
                "127.0.0.1",
                closed,
                "h",
                "f@example.org",
                List.of("t@example.org"),
                "R",
                1_000,
                false))
        .send(new Alert("s", "b"));
    awaitCount("failed", "1");
  }

  @Test
  void theQueueIsBoundedAndWhatDoesNotFitIsDroppedAndCounted() throws Exception {
    server.silent = true; // the first mail holds the sender for its timeout
    SmtpAlerter a = alerter(settings(2_000, "ops@example.org"));
    for (int i = 0; i < SmtpAlerter.QUEUE + 11; i++) {
      a.send(new Alert("s" + i, "b"));
    }
    // one in progress, QUEUE waiting, the other ten dropped
    assertThat(counted("dropped")).isEqualTo("10");
  }

  @Test
  void settingsTakeKeepalivedsDefaultsFromTheHostName() {
    GlobalDefs g =
        globals(
            """
            global_defs {
              notification_email {
                ops@example.org
                oncall@example.org
              }
              smtp_server 192.0.2.25
            }
            """);
    SmtpAlerter.Settings s = SmtpAlerter.Settings.of(g, "dir1", "root").orElseThrow();
    assertThat(s)
        .isEqualTo(
            new SmtpAlerter.Settings(
                "192.0.2.25",
                25,
                "dir1",
                "root@dir1",
                List.of("ops@example.org", "oncall@example.org"),
                "dir1",
                30_000,
                false));
    GlobalDefs h =
        globals(
            """
            global_defs {
              router_id LVS_A
              notification_email {
                ops@example.org
              }
              notification_email_from lvs@example.org
              smtp_server 192.0.2.25 2525
              smtp_helo_name director1.example.org
              smtp_connect_timeout 5
              no_email_faults
            }
            """);
    assertThat(SmtpAlerter.Settings.of(h, "dir1", "root").orElseThrow())
        .isEqualTo(
            new SmtpAlerter.Settings(
                "192.0.2.25",
                2525,
                "director1.example.org",
                "lvs@example.org",
                List.of("ops@example.org"),
                "LVS_A",
                5_000,
                true));
    GlobalDefs none = globals("global_defs {\n  smtp_server 192.0.2.25\n}\n");
    assertThat(SmtpAlerter.Settings.of(none, "dir1", "root")).as("nobody to mail").isEmpty();
  }

  @Test
  void withNoEmailFaultsAFaultTransitionIsNotMailedAndTheOthersAre() throws Exception {
    SmtpAlerter.Settings s = settings(5_000, "ops@example.org");
    SmtpAlerter a =
        alerter(
            new SmtpAlerter.Settings(
                s.host(),
                s.port(),
                s.heloName(),
                s.from(),
                s.to(),
                s.routerId(),
                s.timeoutMs(),
                true));
    a.send(AlertTexts.instance("VI_1", "FAULT"));
    a.send(AlertTexts.instance("VI_1", "BACKUP"));
    assertThat(server.next(10_000))
        .contains("Subject: [LVS_A] VRRP Instance VI_1 - Entering BACKUP state");
    assertThat(server.next(500)).as("the FAULT mail was never sent").isNull();
    awaitCount("sent", "1");
  }

  private static GlobalDefs globals(String text) {
    LoadResult r =
        ConfigLoader.loadString(
            text, "k.conf", Path.of("/tmp"), Environment.fixed("dir1", Set.of("eth0")));
    List<String> problems = new ArrayList<>();
    r.diagnostics().forEach(d -> problems.add(d.toString()));
    assertThat(problems).isEmpty();
    return r.config().globalDefs();
  }
}
