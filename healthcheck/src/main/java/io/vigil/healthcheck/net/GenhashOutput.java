package io.vigil.healthcheck.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What keepalived 2.2.7's genhash prints for one response, fed as it is read (check_http.c's
 * http_process_response and http_handle_response, lib/utils.c's dump_buffer): the MD5 of the body
 * after the blank line, up to the {@code Content-Length} the headers give ({@link
 * HttpResponseReader#contentLength}), as HTTP_GET's {@code digest} compares it; in verbose mode
 * also the headers in hexadecimal and text, each chunk of the body in hexadecimal as it came, and
 * the digest. Pure: bytes in, text out.
 */
final class GenhashOutput {
  static final String HTTP_HEADER_HEXA = delimited("    HTTP Header Buffer    ");
  static final String HTTP_HEADER_ASCII = delimited(" HTTP Header Ascii Buffer ");
  static final String HTML_HEADER_HEXA = delimited("        HTML Buffer        ");
  static final String HTML_HASH = delimited("    HTML hash resulting    ");
  static final String HTML_HASH_FINAL = delimited(" HTML hash final resulting ");

  /** Most header bytes kept while looking for the blank line. */
  static final int MAX_HEADER_BYTES = 65_536;

  private final boolean verbose;
  private final StringBuilder out = new StringBuilder();
  private final ByteArrayOutputStream header = new ByteArrayOutputStream();
  private final MessageDigest md5;
  private boolean extracted;
  private long contentLength = -1;
  private long received; // body bytes, keepalived's rx_bytes

  GenhashOutput(boolean verbose) {
    this.verbose = verbose;
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("no MD5 in this JDK", e);
    }
  }

  private static String delimited(String title) {
    return "-----------------------[" + title + "]-----------------------\n";
  }

  /** One chunk as it was read; false when the headers grow beyond {@link #MAX_HEADER_BYTES}. */
  boolean feed(byte[] b, int off, int len) {
    if (extracted) {
      body(b, off, len, false);
      return true;
    }
    if (verbose) {
      out.append(HTTP_HEADER_HEXA); // keepalived prints it for each read until the headers end
    }
    header.write(b, off, len);
    byte[] h = header.toByteArray();
    int end = headerEnd(h);
    if (end < 0) {
      return h.length <= MAX_HEADER_BYTES;
    }
    extracted = true;
    contentLength = HttpResponseReader.contentLength(h, end);
    if (verbose) {
      dump(h, 0, end);
      out.append(HTTP_HEADER_ASCII)
          .append(new String(h, 0, end, StandardCharsets.ISO_8859_1))
          .append('\n');
    }
    if (h.length > end) {
      body(h, end, h.length - end, true);
    }
    return true;
  }

  /** The index just after the first CRLF CRLF, or -1 (keepalived's extract_html). */
  private static int headerEnd(byte[] h) {
    for (int i = 0; i + 3 < h.length; i++) {
      if (h[i] == '\r' && h[i + 1] == '\n' && h[i + 2] == '\r' && h[i + 3] == '\n') {
        return i + 4;
      }
    }
    return -1;
  }

  private void body(byte[] b, int off, int len, boolean first) {
    if (contentLength < 0 || contentLength > received) {
      int take =
          contentLength < 0 || contentLength >= received + len
              ? len
              : (int) (contentLength - received);
      md5.update(b, off, take);
      if (verbose) {
        if (first) {
          out.append(HTML_HEADER_HEXA);
        }
        dump(b, off, take);
      }
    }
    received += len;
  }

  /** Whether the headers have ended: without, genhash says no data was received. */
  boolean extracted() {
    return extracted;
  }

  /** The server closed the connection: the digest, in hexadecimal as genhash prints it last. */
  String digest() {
    byte[] d = md5.digest();
    if (verbose) {
      out.append('\n').append(HTML_HASH);
      dump(d, 0, d.length);
      out.append(HTML_HASH_FINAL);
    }
    return HexFormat.of().formatHex(d);
  }

  /** What verbose mode has printed so far. */
  String text() {
    return out.toString();
  }

  /**
   * dump_buffer: lines of 16 bytes, each led by its decimal offset in four digits, the bytes in
   * hexadecimal in two groups of 8 (" - " between them), then the printable ones as they are and
   * the rest as dots.
   */
  private void dump(byte[] b, int off, int count) {
    int padded = count % 16 == 0 ? count : count + 16 - count % 16;
    for (int i = 0; i < padded; i++) {
      if (i % 16 == 0) {
        out.append(String.format("%04d ", i & 0xffff));
      }
      // "%3.2x": a blank, then two hexadecimal digits
      out.append(i < count ? " " + HexFormat.of().toHexDigits(b[off + i]) : "   ");
      if ((i + 1) % 8 == 0) {
        if ((i + 1) % 16 != 0) {
          out.append(" -");
        } else {
          out.append("   ");
          for (int j = i - 15; j <= i; j++) {
            int c = j < count ? b[off + j] & 0xff : -1;
            out.append(c < 0 ? ' ' : c >= 0x20 && c <= 0x7e ? (char) c : '.');
          }
          out.append('\n');
        }
      }
    }
  }
}
