package io.vigil.healthcheck.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.healthcheck.net.IcmpEcho.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The echo codec against iputils ping's own request and the kernel's reply, captured by {@code
 * golden/capture-ping.sh} (IP packets: the ICMP message starts after the IP header), and reply
 * matching field by field.
 */
class IcmpEchoTest {
  static final int IPV4_HEADER = 20;
  static final int IPV6_HEADER = 40;

  /** The two packets of a capture file, request then reply. */
  static List<byte[]> packets(String name) throws IOException {
    try (InputStream in =
        IcmpEchoTest.class.getResourceAsStream("/io/vigil/healthcheck/golden/" + name)) {
      List<byte[]> out = new ArrayList<>();
      StringBuilder hex = null;
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (line.startsWith("# packet")) {
          if (hex != null) {
            out.add(HexFormat.of().parseHex(hex));
          }
          hex = new StringBuilder();
        } else if (!line.startsWith("#") && hex != null) {
          hex.append(line.strip());
        }
      }
      out.add(HexFormat.of().parseHex(hex));
      return out;
    }
  }

  static byte[] icmp(byte[] packet, int ipHeader) {
    return Arrays.copyOfRange(packet, ipHeader, packet.length);
  }

  @Test
  void encodesPingsIpv4RequestByteForByteChecksumIncluded() throws IOException {
    byte[] request = icmp(packets("echo-ipv4.hex").get(0), IPV4_HEADER);
    byte[] data = Arrays.copyOfRange(request, IcmpEcho.DATA_OFFSET, request.length);
    // tcpdump: id 14300, seq 1
    assertThat(IcmpEcho.request(false, 14300, 1, data)).isEqualTo(request);
    assertThat(IcmpEcho.type(request)).isEqualTo(IcmpEcho.ECHO_REQUEST_V4);
  }

  @Test
  void encodesPingsIpv6RequestButTheChecksumWhichTheKernelWrites() throws IOException {
    byte[] request = icmp(packets("echo-ipv6.hex").get(0), IPV6_HEADER);
    byte[] data = Arrays.copyOfRange(request, IcmpEcho.DATA_OFFSET, request.length);
    byte[] ours = IcmpEcho.request(true, 14326, 1, data);
    assertThat(ours[IcmpEcho.CHECKSUM_OFFSET]).isZero();
    assertThat(ours[IcmpEcho.CHECKSUM_OFFSET + 1]).isZero();
    ours[IcmpEcho.CHECKSUM_OFFSET] = request[IcmpEcho.CHECKSUM_OFFSET];
    ours[IcmpEcho.CHECKSUM_OFFSET + 1] = request[IcmpEcho.CHECKSUM_OFFSET + 1];
    assertThat(ours).isEqualTo(request);
  }

  @Test
  void theKernelsRepliesMatchTheirRequests() throws IOException {
    for (String name : List.of("echo-ipv4.hex", "echo-ipv6.hex")) {
      boolean v6 = name.contains("ipv6");
      int ip = v6 ? IPV6_HEADER : IPV4_HEADER;
      List<byte[]> p = packets(name);
      byte[] request = icmp(p.get(0), ip);
      byte[] reply = icmp(p.get(1), ip);
      byte[] data = Arrays.copyOfRange(request, IcmpEcho.DATA_OFFSET, request.length);
      int id = IcmpEcho.identifier(request);
      assertThat(IcmpEcho.type(reply))
          .isEqualTo(v6 ? IcmpEcho.ECHO_REPLY_V6 : IcmpEcho.ECHO_REPLY_V4);
      assertThat(IcmpEcho.match(v6, reply, reply.length, id, 1, data))
          .as(name)
          .isEqualTo(Verdict.MATCH);
      assertThat(IcmpEcho.match(v6, request, request.length, id, 1, data))
          .as(name + ": our own request, seen by a raw socket on a local target")
          .isEqualTo(Verdict.NOT_ECHO_REPLY);
      assertThat(IcmpEcho.match(v6, reply, reply.length, id ^ 1, 1, data))
          .isEqualTo(Verdict.OTHER_IDENTIFIER);
      assertThat(IcmpEcho.match(v6, reply, reply.length, id, 2, data))
          .isEqualTo(Verdict.OTHER_SEQUENCE);
      assertThat(IcmpEcho.match(v6, reply, reply.length - 1, id, 1, data))
          .as("cut short")
          .isIn(Verdict.OTHER_DATA, Verdict.BAD_CHECKSUM);
      assertThat(IcmpEcho.match(v6, reply, 7, id, 1, data)).isEqualTo(Verdict.TOO_SHORT);
    }
  }

  @Test
  void theIpv4ChecksumOfTheCapturedReplyVerifiesAndAFlippedBitBreaksIt() throws IOException {
    List<byte[]> p = packets("echo-ipv4.hex");
    byte[] request = icmp(p.get(0), IPV4_HEADER);
    byte[] reply = icmp(p.get(1), IPV4_HEADER);
    byte[] data = Arrays.copyOfRange(request, IcmpEcho.DATA_OFFSET, request.length);
    assertThat(IcmpEcho.checksum(reply, 0, reply.length)).isZero();
    // the IPv4 header carries its own checksum too: the same function verifies it
    assertThat(IcmpEcho.checksum(p.get(1), 0, IPV4_HEADER)).isZero();
    byte[] bad = reply.clone();
    bad[bad.length - 1] ^= 0x01;
    assertThat(IcmpEcho.match(false, bad, bad.length, 14300, 1, data))
        .isEqualTo(Verdict.BAD_CHECKSUM);
  }

  /**
   * A router's destination unreachable quotes our request: {@code unreachable} and {@code prohibit}
   * routes, IPv4 and IPv6 ({@code capture-unreachable.sh}), read as a raw socket gets them; any
   * other request (identifier, sequence, target) is not ours.
   */
  @Test
  void aRoutersErrorsNameWhatHappenedToOurRequestAndNoOtherOne() throws Exception {
    for (String name : List.of("unreachable-ipv4.hex", "unreachable-ipv6.hex")) {
      boolean v6 = name.contains("ipv6");
      int ip = v6 ? IPV6_HEADER : IPV4_HEADER;
      List<byte[]> p = packets(name);
      List<String> said = new ArrayList<>();
      for (int i = 0; i < 4; i += 2) {
        byte[] request = icmp(p.get(i), ip);
        byte[] error = icmp(p.get(i + 1), ip);
        java.net.InetAddress target =
            java.net.InetAddress.getByAddress(
                Arrays.copyOfRange(p.get(i), v6 ? 24 : 16, v6 ? 40 : 20));
        int id = IcmpEcho.identifier(request);
        int seq = IcmpEcho.sequence(request);
        said.add(IcmpEcho.quotedError(v6, error, error.length, target, id, seq).orElseThrow());
        assertThat(IcmpEcho.quotedError(v6, error, error.length, target, id ^ 1, seq)).isEmpty();
        assertThat(IcmpEcho.quotedError(v6, error, error.length, target, id, seq + 1)).isEmpty();
        java.net.InetAddress other =
            java.net.InetAddress.getByName(v6 ? "2001:db8:9::99" : "198.51.100.99");
        assertThat(IcmpEcho.quotedError(v6, error, error.length, other, id, seq)).isEmpty();
        assertThat(IcmpEcho.quotedError(v6, request, request.length, target, id, seq))
            .as("the request itself is no error")
            .isEmpty();
        assertThat(
                IcmpEcho.quotedError(
                    v6,
                    error,
                    IcmpEcho.ERROR_QUOTE_OFFSET + ip + IcmpEcho.HEADER_LENGTH - 1,
                    target,
                    id,
                    seq))
            .as("cut inside the quoted request")
            .isEmpty();
        assertThat(IcmpEcho.quotesOurRequest(v6, request, 0, id, seq)).isTrue();
      }
      // tcpdump -v: "unreachable route" / "unreachable prohibited" (IPv6), "host ... unreachable"
      // / "unreachable - admin prohibited filter" (IPv4)
      assertThat(said)
          .as(name)
          .containsExactlyElementsOf(
              v6
                  ? List.of("no route to destination", "communication administratively prohibited")
                  : List.of("host unreachable", "communication administratively prohibited"));
    }
  }

  @Test
  void unknownCodesAreNamedByNumber() {
    assertThat(IcmpEcho.describe(false, 3, 99)).isEqualTo("ICMP error type 3 code 99");
    assertThat(IcmpEcho.describe(true, 3, 0)).isEqualTo("hop limit exceeded in transit");
    assertThat(IcmpEcho.describe(false, 11, 0)).isEqualTo("TTL exceeded in transit");
  }

  /**
   * Every field varied: a request turned into a reply (type changed, ICMP checksum adjusted, as a
   * host answering does) matches exactly its own identifier, sequence and data.
   */
  @RepeatedTest(200)
  void aReplyToARandomRequestMatchesOnlyItsOwnFields(RepetitionInfo info) {
    Random r = new Random(0x1c3bL * info.getCurrentRepetition());
    boolean v6 = r.nextBoolean();
    int id = r.nextInt(0x10000);
    int seq = r.nextInt(0x10000);
    byte[] data = new byte[r.nextInt(64)];
    r.nextBytes(data);
    byte[] request = IcmpEcho.request(v6, id, seq, data);
    assertThat(IcmpEcho.identifier(request)).isEqualTo(id);
    assertThat(IcmpEcho.sequence(request)).isEqualTo(seq);
    assertThat(Arrays.copyOfRange(request, IcmpEcho.DATA_OFFSET, request.length)).isEqualTo(data);
    if (!v6) {
      assertThat(IcmpEcho.checksum(request, 0, request.length)).isZero();
    }
    byte[] reply = request.clone();
    reply[IcmpEcho.TYPE_OFFSET] = (byte) (v6 ? IcmpEcho.ECHO_REPLY_V6 : IcmpEcho.ECHO_REPLY_V4);
    if (!v6) {
      reply[IcmpEcho.CHECKSUM_OFFSET] = 0;
      reply[IcmpEcho.CHECKSUM_OFFSET + 1] = 0;
      int c = IcmpEcho.checksum(reply, 0, reply.length);
      reply[IcmpEcho.CHECKSUM_OFFSET] = (byte) (c >> 8);
      reply[IcmpEcho.CHECKSUM_OFFSET + 1] = (byte) c;
    }
    assertThat(IcmpEcho.match(v6, reply, reply.length, id, seq, data)).isEqualTo(Verdict.MATCH);
    assertThat(IcmpEcho.match(!v6, reply, reply.length, id, seq, data))
        .isEqualTo(Verdict.NOT_ECHO_REPLY);
    assertThat(IcmpEcho.match(v6, reply, reply.length, id ^ (1 + r.nextInt(0xffff)), seq, data))
        .isEqualTo(Verdict.OTHER_IDENTIFIER);
    assertThat(IcmpEcho.match(v6, reply, reply.length, id, seq ^ (1 + r.nextInt(0xffff)), data))
        .isEqualTo(Verdict.OTHER_SEQUENCE);
    byte[] other = Arrays.copyOf(data, data.length + 1);
    assertThat(IcmpEcho.match(v6, reply, reply.length, id, seq, other))
        .isEqualTo(Verdict.OTHER_DATA);
    if (data.length > 0) {
      byte[] flipped = data.clone();
      flipped[r.nextInt(data.length)] ^= (byte) (1 << r.nextInt(8));
      assertThat(IcmpEcho.match(v6, reply, reply.length, id, seq, flipped))
          .isEqualTo(Verdict.OTHER_DATA);
    }
  }
}
