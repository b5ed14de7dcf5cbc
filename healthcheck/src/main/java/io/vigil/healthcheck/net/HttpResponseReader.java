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
 * UrlSpec#REGEX_WINDOW_BYTES} when a regex is. Pure: bytes in, verdict out.
 */
final class HttpResponseReader {
  static final int MAX_HEADER_BYTES = 8192;
  private static final Pattern STATUS_LINE = Pattern.compile("^HTTP/\\d\\.\\d +(\\d{3})(?: .*)?$");

  private final UrlSpec url;
  private final Optional<Pattern> regex;
  private byte[] header = new byte[256];
  private int headerLen;
  private boolean inBody;
  private int status = -1;
  private final MessageDigest md5;
  private byte[] window = new byte[0];
  private int windowLen;
  private String failure;
  private long contentLength = -1; // -1: not given
  private long hashed;

  HttpResponseReader(UrlSpec url, Optional<Pattern> regex) {
    this.url = url;
    this.regex = regex;
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
    String line = new String(header, 0, eol, StandardCharsets.ISO_8859_1);
    var m = STATUS_LINE.matcher(line);
    if (!m.matches()) {
      failure = "garbage: not an HTTP status line on " + url.path();
      return;
    }
    status = Integer.parseInt(m.group(1));
  }

  /**
   * The body's length as keepalived 2.2.7 reads it from the headers (lib/html.c): the number after
   * the first {@code Content-Length:} (spelt so: the search is case-sensitive), its leading blanks
   * skipped, ending the line; -1 when there is none or anything else follows it. keepalived hashes
   * that many bytes of the body at most.
   */
  static long contentLength(byte[] header, int len) {
    byte[] tag = "Content-Length:".getBytes(StandardCharsets.US_ASCII);
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
      while (i < len && header[i] >= '0' && header[i] <= '9' && value < Long.MAX_VALUE / 10 - 10) {
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
    if (regex.isPresent() && windowLen < UrlSpec.REGEX_WINDOW_BYTES) {
      int take = Math.min(len, UrlSpec.REGEX_WINDOW_BYTES - windowLen);
      if (window.length < windowLen + take) {
        window =
            java.util.Arrays.copyOf(
                window,
                Math.min(UrlSpec.REGEX_WINDOW_BYTES, Math.max(1024, (windowLen + take) * 2)));
      }
      System.arraycopy(b, off, window, windowLen, take);
      windowLen += take;
    }
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
      String text = new String(window, 0, windowLen, StandardCharsets.ISO_8859_1);
      boolean found = regex.get().matcher(text).find();
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
