package io.vigil.healthcheck.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.spec.HttpCheckSpec.UrlSpec;
import io.vigil.healthcheck.spec.TestSpecs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class HttpResponseReaderTest {
  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String judge(UrlSpec url, String response, boolean eof) {
    HttpResponseReader r = new HttpResponseReader(url, url.pattern());
    byte[] b = ascii(response);
    r.feed(b, 0, b.length);
    return r.verdict(eof);
  }

  private static final String OK = "HTTP/1.0 200 OK\r\n\r\n";

  private static UrlSpec regex(String re, String options, long min, long max) {
    return TestSpecs.url("/")
        .withRegex(re, false)
        .withRegexOptions(
            options.isEmpty() ? java.util.Set.of() : java.util.Set.of(options.split(" ")),
            min,
            max);
  }

  /** The body fed in pieces of {@code piece} bytes, as a server may send it. */
  private static String judgeInPieces(UrlSpec url, String body, int piece) {
    HttpResponseReader r = new HttpResponseReader(url, url.pattern());
    byte[] b = ascii(OK + body);
    for (int off = 0; off < b.length; off += piece) {
      r.feed(b, off, Math.min(piece, b.length - off));
    }
    return r.verdict(true);
  }

  @Test
  void regexOptionsAreThoseOfPcre2ThatJavaHonours() {
    assertThat(judge(regex("READY", "", 0, -1), OK + "ready", true))
        .isEqualTo("regex did not match on /");
    assertThat(judge(regex("READY", "caseless", 0, -1), OK + "ready", true)).isNull();
    assertThat(judge(regex("^up$", "", 0, -1), OK + "a\nup\nb", true))
        .isEqualTo("regex did not match on /");
    assertThat(judge(regex("^up$", "multiline", 0, -1), OK + "a\nup\nb", true)).isNull();
    assertThat(judge(regex("a.b", "dotall", 0, -1), OK + "a\nb", true)).isNull();
    assertThat(judge(regex("a b # spaces and comments", "extended", 0, -1), OK + "ab", true))
        .isNull();
    // firstline: the match starts at or before the first newline
    assertThat(judge(regex("up", "firstline", 0, -1), OK + "a\nup", true))
        .isEqualTo("regex did not match on /");
    assertThat(judge(regex("a\\nup", "firstline", 0, -1), OK + "a\nup", true)).isNull();
  }

  @Test
  void aMatchMustStartBetweenTheOffsets() {
    String body = "ok." + "x".repeat(100) + "ok!" + "y".repeat(100);
    // the first "ok" is at 0, the second at 103
    assertThat(judge(regex("ok!", "", 0, -1), OK + body, true)).isNull();
    assertThat(judge(regex("ok", "", 1, -1), OK + body, true)).isNull();
    assertThat(judge(regex("ok\\.", "", 1, -1), OK + body, true))
        .isEqualTo("regex did not match on /");
    assertThat(judge(regex("ok!", "", 0, 103), OK + body, true)).isNull();
    assertThat(judge(regex("ok!", "", 0, 102), OK + body, true))
        .isEqualTo("regex did not match on /");
    // a lookbehind sees the bytes before the min offset; ^ is not the min offset
    assertThat(judge(regex("(?<=x)ok!", "", 103, -1), OK + body, true)).isNull();
    assertThat(judge(regex("^ok!", "", 103, -1), OK + body, true))
        .isEqualTo("regex did not match on /");
  }

  @Test
  void theWindowStartsAtTheMinOffsetSoAMatchFarIntoTheBodyIsFound() {
    String body = "z".repeat(200_000) + "ready";
    assertThat(judgeInPieces(regex("ready", "", 0, -1), body, 1000))
        .as("beyond the window from the start")
        .isEqualTo("regex did not match on /");
    assertThat(judgeInPieces(regex("ready", "", 190_000, -1), body, 1000)).isNull();
    assertThat(judgeInPieces(regex("ready", "", 190_000, -1), body, 7)).isNull();
    assertThat(judgeInPieces(regex("ready", "", 190_000, 199_999), body, 4096))
        .isEqualTo("regex did not match on /");
  }

  @Test
  void withUtfTheOffsetsAreStillBytes() {
    // "é" is two bytes in UTF-8: "ok" starts at byte 2, character 1
    byte[] raw = ("HTTP/1.0 200 OK\r\n\r\n" + "\u00e9ok").getBytes(StandardCharsets.UTF_8);
    UrlSpec url = regex("^.ok", "utf", 0, 0);
    HttpResponseReader r = new HttpResponseReader(url, url.pattern());
    r.feed(raw, 0, raw.length);
    assertThat(r.verdict(true)).as("one character before ok").isNull();
    UrlSpec late = regex("ok", "utf", 0, 1);
    r = new HttpResponseReader(late, late.pattern());
    r.feed(raw, 0, raw.length);
    assertThat(r.verdict(true)).isEqualTo("regex did not match on /");
  }

  @Test
  void statusLineIsParsedAndJudged() {
    assertThat(judge(TestSpecs.url("/"), "HTTP/1.1 204 No Content\r\n\r\n", false)).isNull();
    assertThat(judge(TestSpecs.url("/a"), "HTTP/1.0 500 Oops\r\nX: y\r\n\r\nbody", true))
        .isEqualTo("HTTP 500 on /a");
    // a status line without a reason phrase is still HTTP
    assertThat(judge(TestSpecs.url("/"), "HTTP/1.0 200\r\n\r\n", true)).isNull();
    // bare LF line ends are tolerated
    assertThat(judge(TestSpecs.url("/"), "HTTP/1.0 200 OK\n\n", true)).isNull();
  }

  /** The status line's rule before it was written out by hand: the oracle of the cases below. */
  private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/\\d\\.\\d +(\\d{3})(?: .*)?$");

  private static int byRegex(byte[] line) {
    Matcher m = STATUS_LINE.matcher(new String(line, StandardCharsets.ISO_8859_1));
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  @Test
  void statusCodeFollowsTheStatusLineRule() {
    String[] lines = {
      "HTTP/1.1 200 OK",
      "HTTP/1.0 200",
      "HTTP/1.1   503 Busy",
      "HTTP/2.0 000 ",
      "HTTP/1.1 200  ",
      "HTTP/1.1 2000",
      "HTTP/1.1 20",
      "HTTP/1.1  ",
      "HTTP/11 200",
      "HTTP/1.1200 OK",
      "http/1.1 200",
      "HTTP/1.1\t200",
      "HTTP/1.1 200\tOK",
      "HTTP/1.1 200 O\u0085K",
      "HTTP/1.1 200 \u00e9t\u00e9",
      "HTTP/1.1 200 a\rb",
      "HTTP/1.1 200\n",
      "HTTP/a.1 200",
      "HTTP/1.1 2x0 OK",
      ""
    };
    for (String l : lines) {
      byte[] b = l.getBytes(StandardCharsets.ISO_8859_1);
      assertThat(HttpResponseReader.statusCode(b, b.length)).as(l).isEqualTo(byRegex(b));
    }
    assertThat(HttpResponseReader.statusCode(ascii("HTTP/1.1 503 Busy"), 17)).isEqualTo(503);
  }

  /** Random lines made of the status line's pieces and stray bytes: the same code as the regex. */
  @RepeatedTest(20)
  void statusCodeAgreesWithTheRegexOnRandomLines(RepetitionInfo rep) {
    Random rnd = new Random(7919L * rep.getCurrentRepetition());
    String[] pieces = {"HTTP/", "1", ".", "0", "9", " ", "  ", "200", "5", "OK", "\t", "x", "/"};
    byte[] stray = {'\r', '\n', (byte) 0x85, (byte) 0xa0, 0, (byte) 0xff, ':', '-'};
    for (int n = 0; n < 2_000; n++) {
      StringBuilder s = new StringBuilder(rnd.nextInt(4) > 0 ? "HTTP/1.1 " : "");
      for (int k = rnd.nextInt(6); k > 0; k--) {
        s.append(pieces[rnd.nextInt(pieces.length)]);
      }
      byte[] b = s.toString().getBytes(StandardCharsets.ISO_8859_1);
      if (b.length > 0 && rnd.nextInt(3) == 0) {
        b[rnd.nextInt(b.length)] = stray[rnd.nextInt(stray.length)];
      }
      assertThat(HttpResponseReader.statusCode(b, b.length))
          .as(new String(b, StandardCharsets.ISO_8859_1))
          .isEqualTo(byRegex(b));
    }
  }

  @Test
  void garbageAndTruncationAreNamed() {
    assertThat(judge(TestSpecs.url("/"), "220 smtp.example.test ESMTP\r\n\r\n", true))
        .isEqualTo("garbage: not an HTTP status line on /");
    assertThat(judge(TestSpecs.url("/"), "HTTP/1.0 200 OK\r\nX:", true))
        .isEqualTo("garbage: truncated headers on /");
    assertThat(judge(TestSpecs.url("/"), "", true)).isEqualTo("empty response on /");
  }

  @Test
  void headersAreBoundedSoAFloodCannotGrowMemory() {
    UrlSpec url = TestSpecs.url("/");
    HttpResponseReader r = new HttpResponseReader(url, Optional.empty());
    byte[] flood = ascii("HTTP/1.0 200 OK\r\nX: " + "a".repeat(20_000));
    r.feed(flood, 0, flood.length);
    assertThat(r.complete()).isTrue();
    assertThat(r.verdict(false)).isEqualTo("garbage: no end of headers in 8192 bytes on /");
  }

  @Test
  void withoutDigestOrRegexTheVerdictIsKnownAfterTheHeaders() {
    HttpResponseReader r = new HttpResponseReader(TestSpecs.url("/"), Optional.empty());
    byte[] head = ascii("HTTP/1.0 200 OK\r\n\r\n");
    r.feed(head, 0, head.length - 1);
    assertThat(r.complete()).isFalse();
    r.feed(head, head.length - 1, 1);
    assertThat(r.complete()).isTrue();
  }

  @Test
  void aDigestNeedsTheWholeBodyUntilTheServerCloses() {
    UrlSpec url = TestSpecs.url("/").withDigest("b1946ac92492d2347c6235b4d2611184");
    assertThat(judge(url, "HTTP/1.0 200 OK\r\n\r\nhello\n", false))
        .isEqualTo("body not complete on /");
    assertThat(judge(url, "HTTP/1.0 200 OK\r\n\r\nhello\n", true)).isNull();
  }

  @Test
  void theDigestStopsAtTheContentLengthAsKeepalivedsDoes() {
    // md5("hello\n"): what keepalived 2.2.7 hashes when the server sends more than it announced
    UrlSpec url = TestSpecs.url("/").withDigest("b1946ac92492d2347c6235b4d2611184");
    assertThat(judge(url, "HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nhello\ntrailing", true))
        .isNull();
    assertThat(judge(url, "HTTP/1.0 200 OK\r\ncontent-length: 6\r\n\r\nhello\ntrailing", true))
        .as("the search is case-sensitive: no length, the whole body")
        .startsWith("digest ");
  }

  @Test
  void contentLengthIsReadAsKeepalivedsLibHtmlReadsIt() {
    assertThat(length("HTTP/1.0 200 OK\r\nContent-Length: 12\r\n\r\n")).isEqualTo(12);
    assertThat(length("HTTP/1.0 200 OK\r\nContent-Length:7\r\n\r\n")).isEqualTo(7);
    assertThat(length("HTTP/1.0 200 OK\r\nContent-Length: \t 7\n\n")).isEqualTo(7);
    assertThat(length("HTTP/1.0 200 OK\r\nContent-Length: 7 \r\n\r\n")).isEqualTo(-1);
    assertThat(length("HTTP/1.0 200 OK\r\nContent-Length: x\r\n\r\n")).isEqualTo(-1);
    assertThat(length("HTTP/1.0 200 OK\r\nContent-Length:\r\n\r\n")).isEqualTo(0);
    assertThat(length("HTTP/1.0 200 OK\r\nContent-length: 7\r\n\r\n")).isEqualTo(-1);
    assertThat(length("HTTP/1.0 200 OK\r\n\r\n")).isEqualTo(-1);
  }

  private static long length(String header) {
    byte[] b = ascii(header);
    return HttpResponseReader.contentLength(b, b.length);
  }

  @RepeatedTest(30)
  void howTheBytesAreSplitDoesNotChangeTheVerdict(RepetitionInfo info) throws Exception {
    Random rnd = new Random(info.getCurrentRepetition());
    byte[] body = new byte[rnd.nextInt(20_000)];
    rnd.nextBytes(body);
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
    int status = 200 + rnd.nextInt(2) * 300;
    byte[] head = ascii("HTTP/1.1 " + status + " X\r\nContent-Length: " + body.length + "\r\n\r\n");
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    UrlSpec url = TestSpecs.url("/r").withDigest(rnd.nextBoolean() ? md5 : "0".repeat(32));
    HttpResponseReader r = new HttpResponseReader(url, Optional.empty());
    int i = 0;
    while (i < all.length && !r.complete()) {
      int n = Math.min(all.length - i, 1 + rnd.nextInt(3000));
      r.feed(all, i, n);
      i += n;
    }
    String verdict = r.verdict(true);
    if (status != 200) {
      assertThat(verdict).isEqualTo("HTTP 500 on /r");
    } else if (url.digest().get().equals(md5)) {
      assertThat(verdict).isNull();
    } else {
      assertThat(verdict).isEqualTo("digest " + md5 + " on /r, expected " + "0".repeat(32));
    }
  }
}
