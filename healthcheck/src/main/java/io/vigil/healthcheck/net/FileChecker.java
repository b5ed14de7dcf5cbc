package io.vigil.healthcheck.net;

import io.vigil.healthcheck.CheckResult;
import io.vigil.healthcheck.spec.FileCheckSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * {@code FILE_CHECK}: reads at most {@link #MAX_BYTES} of the tracked file on a blocking-friendly
 * executor (never the event loop) and judges the number in it as keepalived does ({@code strtol}
 * with base 0: decimal, 0x hex or 0 octal, leading blanks and a sign; no number reads as 0; a value
 * outside 32 bits is ignored and the last one stands).
 */
public final class FileChecker implements Checker {
  static final int MAX_BYTES = 127;

  private final FileCheckSpec spec;
  private final Executor files;
  private volatile long lastValue;

  public FileChecker(FileCheckSpec spec, Executor files) {
    this.spec = spec;
    this.files = files;
  }

  @Override
  public void check(Consumer<CheckResult> done) {
    files.execute(() -> done.accept(judge(read())));
  }

  private long read() {
    OptionalLong v = readValue(spec.file());
    return v.isPresent() ? remember(v.getAsLong()) : lastValue;
  }

  /**
   * A tracked file's number as keepalived reads it (FILE_CHECK and VRRP's {@code track_file}): a
   * missing or unreadable file is 0; empty when the number is invalid (keepalived: "Invalid number
   * ... ignoring", the last value stands).
   */
  public static OptionalLong readValue(Path file) {
    byte[] b;
    try (InputStream in = Files.newInputStream(file)) {
      b = in.readNBytes(MAX_BYTES);
    } catch (NoSuchFileException e) {
      return OptionalLong.of(0);
    } catch (IOException e) {
      return OptionalLong.of(0);
    }
    Long v = strtol(new String(b, StandardCharsets.ISO_8859_1));
    if (v == null || v < Integer.MIN_VALUE || v > Integer.MAX_VALUE + 1L) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(v);
  }

  private long remember(long v) {
    lastValue = v;
    return v;
  }

  CheckResult judge(long value) {
    String what = spec.file().getFileName() + " reads " + value;
    if (spec.weight() == 0) {
      boolean fault = spec.reverse() ? value == 0 : value != 0;
      return fault ? CheckResult.down(what) : CheckResult.upAdjusting(0, what);
    }
    long status = value * spec.weight() * (spec.reverse() ? -1L : 1L);
    if (status <= Integer.MIN_VALUE) {
      return CheckResult.down(what);
    }
    return CheckResult.upAdjusting((int) Math.min(Integer.MAX_VALUE, status), what);
  }

  /**
   * C's strtol with base 0 on the start of {@code s}: null for a number out of the long range (a
   * range error), 0 when there is no number.
   */
  static Long strtol(String s) {
    int i = 0;
    int n = s.length();
    while (i < n && " \t\n\r\f\u000b".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    boolean negative = false;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    int radix = 10;
    if (i + 1 < n
        && s.charAt(i) == '0'
        && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
        && i + 2 < n
        && Character.digit(s.charAt(i + 2), 16) >= 0) {
      radix = 16;
      i += 2;
    } else if (i < n && s.charAt(i) == '0') {
      radix = 8;
    }
    int start = i;
    while (i < n && Character.digit(s.charAt(i), radix) >= 0) {
      i++;
    }
    if (i == start) {
      return 0L;
    }
    try {
      long v = Long.parseLong(s.substring(start, i), radix);
      return negative ? -v : v;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
