package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.Keepalived;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alert mail against keepalived's own: keepalived and Vigil, each alone in a namespace with the
 * same {@code global_defs} and an instance {@code VI_1} with {@code smtp_alert}, mail an SMTP
 * recorder on their namespace's loopback as they start as backup and become master. The sessions
 * (every line the client sent: HELO, MAIL FROM, RCPT TO, DATA, headers, body, the final dot, QUIT)
 * must be the same but for the Date and X-Mailer headers. The golden side is keepalived 2.2.7 from
 * Debian's package, run by the test. Needs root and keepalived, like the other lab tests.
 */
class SmtpAlertParityIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  /** An SMTP server that takes every mail and prints what the client sent, a session a block. */
  static final String RECORDER =
      """
      import socket, sys
      s = socket.socket()
      s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
      s.bind(("127.0.0.1", int(sys.argv[1])))
      s.listen(8)
      print("LISTENING", flush=True)
      while True:
          c, _ = s.accept()
          c.settimeout(30)
          f = c.makefile("rb")
          print("CONNECT", flush=True)
          c.sendall(b"220 recorder ESMTP\\r\\n")
          data = False
          try:
              for raw in f:
                  line = raw.decode().rstrip("\\r\\n")
                  print("C: " + line, flush=True)
                  if data:
                      if line == ".":
                          data = False
                          c.sendall(b"250 queued\\r\\n")
                  elif line == "DATA":
                      data = True
                      c.sendall(b"354 go ahead\\r\\n")
                  elif line == "QUIT":
                      c.sendall(b"221 bye\\r\\n")
                      break
                  else:
                      c.sendall(b"250 ok\\r\\n")
          except OSError:
              pass
          c.close()
          print("END", flush=True)
      """;

  static final String GLOBALS =
      """
      global_defs {
        router_id LVS_A
        notification_email {
          ops@example.org
          oncall@example.org
        }
        notification_email_from lvs@example.org
        smtp_server 127.0.0.1 2525
        smtp_helo_name director1.example.org
        smtp_connect_timeout 5
      }
      """;

  static String instance(int vrid, String vip) {
    return """
        vrrp_instance VI_1 {
          interface eth0
          state BACKUP
          virtual_router_id %d
          priority 100
          advert_int 1
          smtp_alert
          virtual_ipaddress {
            %s/24
          }
        }
        """
        .formatted(vrid, vip);
  }

  private NsProcess recorder(Netns ns) throws Exception {
    Path script = dir.resolve("recorder.py");
    Files.writeString(script, RECORDER);
    NsProcess p = ns.start("python3", "-u", script.toString(), "2525");
    p.awaitOutput(Pattern.compile("LISTENING"), Duration.ofSeconds(20));
    return p;
  }

  /** The finished sessions, Date and X-Mailer made equal. */
  static List<List<String>> sessions(String output) {
    List<List<String>> out = new ArrayList<>();
    List<String> now = null;
    for (String line : output.split("\n")) {
      if (line.equals("CONNECT")) {
        now = new ArrayList<>();
      } else if (line.equals("END") && now != null) {
        out.add(now);
        now = null;
      } else if (line.startsWith("C: ") && now != null) {
        String l = line.substring(3);
        now.add(
            l.startsWith("Date: ") ? "Date: *" : l.startsWith("X-Mailer: ") ? "X-Mailer: *" : l);
      }
    }
    return out;
  }

  private static List<List<String>> awaitSessions(NsProcess recorder, int n) throws Exception {
    return awaitSessions(recorder, n, Duration.ofSeconds(30));
  }

  private static List<List<String>> awaitSessions(NsProcess recorder, int n, Duration limit)
      throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (sessions(recorder.output()).size() < n && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    return sessions(recorder.output());
  }

  @Test
  void vigilMailsTheTransitionsOfAnInstanceWordForWordAsKeepalivedDoes() throws Exception {
    DirectorLan lan = DirectorLan.on(lab);
    Netns a = lan.a(); // Vigil
    Netns b = lan.b(); // keepalived
    NsProcess vigilMail = recorder(a);
    NsProcess keepalivedMail = recorder(b);

    Path kc =
        Files.writeString(dir.resolve("keepalived.conf"), GLOBALS + instance(62, "192.0.2.62"));
    NsProcess keepalived = Keepalived.vrrp(b, kc, dir);
    keepalived.awaitOutput(Pattern.compile("Entering MASTER STATE"), Duration.ofSeconds(20));

    Path vc = Files.writeString(dir.resolve("vigil.conf"), GLOBALS + instance(63, "192.0.2.63"));
    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", vc.toString()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));

    List<List<String>> golden = awaitSessions(keepalivedMail, 2);
    List<List<String>> ours = awaitSessions(vigilMail, 2);
    System.out.println("keepalived's mail sessions: " + golden);
    assertThat(golden).as("keepalived mails entering BACKUP, then MASTER").hasSize(2);
    assertThat(golden.get(0))
        .contains("Subject: [LVS_A] VRRP Instance VI_1 - Entering BACKUP state", "QUIT");
    assertThat(golden.get(1))
        .contains("Subject: [LVS_A] VRRP Instance VI_1 - Entering MASTER state", "QUIT");
    assertThat(ours).as(v.output()).isEqualTo(golden);

    keepalived.signal("TERM");
    keepalived.waitFor(Duration.ofSeconds(10));
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(20))).isZero();
    // at SIGTERM keepalived 2.2.7 connects for its "Stopping" mail and exits before saying
    // anything (seen every time here); Vigil waits for that mail (a few seconds at most) before
    // it exits
    List<List<String>> goldenStop = awaitSessions(keepalivedMail, 3, Duration.ofSeconds(3));
    assertThat(goldenStop.subList(2, goldenStop.size()))
        .as("keepalived's stop: at most a connection, no dialogue")
        .allMatch(List::isEmpty);
    List<List<String>> ourStop = awaitSessions(vigilMail, 3);
    assertThat(ourStop).hasSize(3);
    assertThat(ourStop.get(2))
        .isEqualTo(
            golden.get(1).stream()
                .map(
                    l ->
                        l.replace("Entering MASTER state", "Stopping")
                            .replace(
                                "=> VRRP Instance is now owning VRRP VIPs <=",
                                "=> VRRP Instance stopping <="))
                .toList());
  }
}
