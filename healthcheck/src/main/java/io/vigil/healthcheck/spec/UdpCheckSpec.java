package io.vigil.healthcheck.spec;

import java.util.Optional;

/**
 * {@code UDP_CHECK}: send {@code payload} (keepalived sends random bytes when none is given) and
 * fail on an ICMP error. With {@code require_reply} a reply must arrive within {@code
 * connect_timeout}, its length within {@code [min_reply_length, max_reply_length]} and, when a
 * pattern is given, its first bytes must match the pattern, where a {@code null} mask nibble
 * (written X in the configuration) matches anything.
 *
 * @param replyPattern the require_reply bytes; {@code replyMask} has 0xF0/0x0F cleared for X
 *     nibbles
 */
public record UdpCheckSpec(
    ConnectSpec connect,
    CheckTiming timing,
    Optional<byte[]> payload,
    boolean requireReply,
    Optional<byte[]> replyPattern,
    Optional<byte[]> replyMask,
    int minReplyLength,
    int maxReplyLength)
    implements CheckerSpec {
  public UdpCheckSpec {
    payload = payload == null ? Optional.empty() : payload.map(byte[]::clone);
    replyPattern = replyPattern == null ? Optional.empty() : replyPattern.map(byte[]::clone);
    replyMask = replyMask == null ? Optional.empty() : replyMask.map(byte[]::clone);
    if (replyPattern.isPresent() != replyMask.isPresent()
        || (replyPattern.isPresent() && replyPattern.get().length != replyMask.get().length)) {
      throw new IllegalArgumentException("require_reply pattern and mask differ");
    }
    if (minReplyLength < 0 || maxReplyLength < minReplyLength) {
      throw new IllegalArgumentException(
          "bad reply length range " + minReplyLength + "-" + maxReplyLength);
    }
  }

  @Override
  public CheckerKind kind() {
    return CheckerKind.UDP_CHECK;
  }

  /**
   * Parses keepalived's free-form HEX_STR: blanks separate groups, a group's digits are read in
   * pairs and an odd last digit is a byte of its own ({@code "Ab12f 3"} is AB 12 0F 03); with
   * {@code wildcards}, X or x is a nibble that matches anything. Returns {pattern, mask}.
   */
  public static byte[][] parseHex(String text, boolean wildcards) {
    java.io.ByteArrayOutputStream pattern = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream mask = new java.io.ByteArrayOutputStream();
    for (String group : text.strip().split("\\s+")) {
      if (group.isEmpty()) {
        continue;
      }
      for (int i = 0; i < group.length(); i += 2) {
        String pair = group.substring(i, Math.min(group.length(), i + 2));
        if (pair.length() == 1) {
          pair = "0" + pair;
        }
        int hi = nibble(pair.charAt(0), wildcards);
        int lo = nibble(pair.charAt(1), wildcards);
        pattern.write(((hi < 0 ? 0 : hi) << 4) | (lo < 0 ? 0 : lo));
        mask.write((hi < 0 ? 0 : 0xF0) | (lo < 0 ? 0 : 0x0F));
      }
    }
    return new byte[][] {pattern.toByteArray(), mask.toByteArray()};
  }

  private static int nibble(char c, boolean wildcards) {
    if (wildcards && (c == 'x' || c == 'X')) {
      return -1;
    }
    int v = Character.digit(c, 16);
    if (v < 0) {
      throw new IllegalArgumentException("not a hex digit: " + c);
    }
    return v;
  }
}
