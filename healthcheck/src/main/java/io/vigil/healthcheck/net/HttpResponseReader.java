package io.vigil.healthcheck.net;

import io.vigil.healthcheck.spec.HttpCheckSpec.UrlSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads one HTTP response for one url, in bounded memory, and judges it: the status line and
 * headers (at most {@link #MAX_HEADER_BYTES}), then the body, streamed through MD5 when a digest is
 * wanted (keepalived hashes the raw bytes after the blank line, as genhash prints them, up to the
 * {@code Content-Length} when the headers give one: {@link #contentLength}) and kept up to {@link
 * UrlSpec#REGEX_WINDOW_BYTES} from the regex's min offset when a regex is (with up to {@link
 * #REGEX_CONTEXT_BYTES} before it, which a lookbehind may see). Pure: bytes in, verdict out.
 */
final class HttpResponseReader {
  static final int MAX_HEADER_BYTES = 8192;
  private static final byte[] STATUS_PREFIX = {'H', 'T', 'T', 'P', '/'};
  private static final byte[] CONTENT_LENGTH =
      "Content-Length:".getBytes(StandardCharsets.US_ASCII);
  private static final byte NEL = (byte) 0x85;

  private final UrlSpec url;
  private final Optional<Pattern> regex;
  private byte[] header = new byte[256];
  private int headerLen;
  private boolean inBody;
  private int status = -1;
  private final MessageDigest md5;

  /**
   * Bytes kept before the regex's min offset, for a lookbehind (PCRE2 keeps its max lookbehind).
   */
  static final int REGEX_CONTEXT_BYTES = 256;

  private byte[] window = new byte[0];
  private int windowLen;
  private final long windowStart; // the body offset of window[0]
  private long bodySeen; // body bytes fed so far
  private String failure;
  private long contentLength = -1; // -1: not given
  private long hashed;

  HttpResponseReader(UrlSpec url, Optional<Pattern> regex) {
    this.url = url;
    this.regex = regex;
    this.windowStart = Math.max(0, url.regexMinOffset() - REGEX_CONTEXT_BYTES);
    try {
      this.md5 = url.digest().isPresent() ? MessageDigest.getInstance("MD5") : null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no MD5 in this JDK", e);
    }
  }

  /**
   * Whether the body matters (digest or regex); without, the verdict is known after the headers.
   */
  boolean needsBody() {
    return url.digest().isPresent() || regex.isPresent();
  }

  /** Whether a verdict is known without reading further. */
  boolean complete() {
    return failure != null || (inBody && (!needsBody() || !url.accepts(status)));
  }

  /** Feeds bytes as they arrive. */
  void feed(byte[] b, int off, int len) {
    if (failure != null) {
      return;
    }
    int i = off;
    int end = off + len;
    while (!inBody && i < end) {
      if (headerLen == MAX_HEADER_BYTES) {
        failure = "garbage: no end of headers in " + MAX_HEADER_BYTES + " bytes on " + url.path();
        return;
      }
      if (headerLen == header.length) {
        header = java.util.Arrays.copyOf(header, Math.min(MAX_HEADER_BYTES, header.length * 4));
      }
      header[headerLen++] = b[i++];
      if (endsHeaders()) {
        inBody = true;
        parseStatus();
        if (failure != null) {
          return;
        }
        contentLength = contentLength(header, headerLen);
      }
    }
    if (inBody && i < end) {
      body(b, i, end - i);
    }
  }

  private boolean endsHeaders() {
    int n = headerLen;
    return (n >= 4
            && header[n - 4] == '\r'
            && header[n - 3] == '\n'
            && header[n - 2] == '\r'
            && header[n - 1] == '\n')
        || (n >= 2 && header[n - 2] == '\n' && header[n - 1] == '\n');
  }

  private void parseStatus() {
    int eol = 0;
    while (eol < headerLen && header[eol] != '\r' && header[eol] != '\n') {
      eol++;
    }
    status = statusCode(header, eol);
    if (status < 0) {
      failure = "garbage: not an HTTP status line on " + url.path();
    }
  }

  /**
   * The status code of a status line (its first {@code len} bytes, without the line end), or -1
   * when it is not one: {@code HTTP/}, a digit, a dot, a digit, one or more spaces, three digits,
   * and then nothing, or a space and a reason phrase. The phrase may hold any byte but a line
   * terminator (CR, LF and 0x85, NEL, to a regular expression's {@code .} over ISO-8859-1): the
   * rule of the regular expression this replaces, {@code ^HTTP/\d\.\d +(\d{3})(?: .*)?$}, which
   * {@code HttpResponseReaderTest} keeps as the oracle.
   */
  static int statusCode(byte[] line, int len) {
    if (len < STATUS_PREFIX.length + 7) { // "HTTP/1.1 200": the prefix, 3 bytes, a space, 3 digits
      return -1;
    }
    for (int k = 0; k < STATUS_PREFIX.length; k++) {
      if (line[k] != STATUS_PREFIX[k]) {
        return -1;
      }
    }
    int at = STATUS_PREFIX.length;
    if (!isDigit(line[at])
        || line[at + 1] != '.'
        || !isDigit(line[at + 2])
        || line[at + 3] != ' ') {
      return -1;
    }
    at += 4;
    while (at < len && line[at] == ' ') {
      at++;
    }
    if (at + 3 > len || !isDigit(line[at]) || !isDigit(line[at + 1]) || !isDigit(line[at + 2])) {
      return -1;
    }
    int code = (line[at] - '0') * 100 + (line[at + 1] - '0') * 10 + (line[at + 2] - '0');
    at += 3;
    if (at == len) {
      return code;
    }
    if (line[at] != ' ') {
      return -1;
    }
    for (int k = at + 1; k < len; k++) {
      if (line[k] == NEL || line[k] == '\r' || line[k] == '\n') {
        return -1;
      }
    }
    return code;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  /**
   * The body's length as keepalived 2.2.7 reads it from the headers (lib/html.c): the number after
   * the first {@code Content-Length:} (spelt so: the search is case-sensitive), its leading blanks
   * skipped, ending the line; -1 when there is none or anything else follows it. keepalived hashes
   * that many bytes of the body at most.
   */
  static long contentLength(byte[] header, int len) {
    byte[] tag = CONTENT_LENGTH;
    outer:
    for (int at = 0; at + tag.length <= len; at++) {
      for (int k = 0; k < tag.length; k++) {
        if (header[at + k] != tag[k]) {
          continue outer;
        }
      }
      int i = at + tag.length;
      while (i < len && isSpace(header[i])) {
        i++;
      }
      int digits = i;
      long value = 0;
      while (i < len && isDigit(header[i]) && value < Long.MAX_VALUE / 10 - 10) {
        value = value * 10 + (header[i++] - '0');
      }
      int end = i == digits ? at + tag.length : i; // strtoul: no digits, no characters taken
      boolean ends = end == len || header[end] == '\r' || header[end] == '\n';
      return ends && i > digits ? value : ends ? 0 : -1;
    }
    return -1;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }

  private void body(byte[] b, int off, int len) {
    if (md5 != null) {
      long take = contentLength < 0 ? len : Math.min(len, contentLength - hashed);
      if (take > 0) {
        md5.update(b, off, (int) take);
        hashed += take;
      }
    }
    if (regex.isPresent()) {
      // this chunk is body[bodySeen, bodySeen + len); the window is body[windowStart, windowEnd)
      int capacity = (int) (url.regexMinOffset() - windowStart) + UrlSpec.REGEX_WINDOW_BYTES;
      long from = Math.max(bodySeen, windowStart + windowLen);
      long to = Math.min(bodySeen + len, windowStart + capacity);
      if (from < to) {
        int take = (int) (to - from);
        if (window.length < windowLen + take) {
          window =
              java.util.Arrays.copyOf(
                  window, Math.min(capacity, Math.max(1024, (windowLen + take) * 2)));
        }
        System.arraycopy(b, off + (int) (from - bodySeen), window, windowLen, take);
        windowLen += take;
      }
      bodySeen += len;
    }
  }

  /**
   * Whether the regex is found where keepalived looks: its leftmost match from the min offset (a
   * lookbehind may see the bytes before), starting at or before the max offset when one is given,
   * and with {@code firstline} at or before the body's first newline.
   */
  private boolean regexFound() {
    boolean utf = url.regexOptions().contains("utf");
    java.nio.charset.Charset cs = utf ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    int skip = (int) Math.min(windowLen, url.regexMinOffset() - windowStart);
    String context = new String(window, 0, skip, cs);
    String text = context + new String(window, skip, windowLen - skip, cs);
    java.util.regex.Matcher m = regex.get().matcher(text);
    m.region(context.length(), text.length()).useTransparentBounds(true).useAnchoringBounds(false);
    if (!m.find()) {
      return false;
    }
    // the match's start as a body offset (UTF-8: the bytes of the characters before it)
    long start = windowStart + text.substring(0, m.start()).getBytes(cs).length;
    if (url.regexMaxOffset() >= 0 && start > url.regexMaxOffset()) {
      return false;
    }
    if (url.regexOptions().contains("firstline") && windowStart == 0) {
      int newline = text.indexOf('\n');
      return newline < 0 || m.start() <= newline;
    }
    return true;
  }

  /**
   * The verdict: null when the url passed, else the reason. {@code eof} says the server closed the
   * connection (the end of the body for keepalived's HTTP/1.0 and Connection: close requests).
   */
  String verdict(boolean eof) {
    if (failure != null) {
      return failure;
    }
    if (!inBody) {
      return headerLen == 0
          ? "empty response on " + url.path()
          : "garbage: truncated headers on " + url.path();
    }
    if (!url.accepts(status)) {
      return "HTTP " + status + " on " + url.path();
    }
    if (needsBody() && !eof) {
      return "body not complete on " + url.path();
    }
    if (md5 != null) {
      String got = HexFormat.of().formatHex(md5.digest());
      if (!got.equals(url.digest().get())) {
        return "digest " + got + " on " + url.path() + ", expected " + url.digest().get();
      }
    }
    if (regex.isPresent()) {
      boolean found = regexFound();
      if (found == url.regexNoMatch()) {
        return (found ? "regex matched" : "regex did not match") + " on " + url.path();
      }
    }
    return null;
  }

  int status() {
    return status;
  }
}
