package io.vigil.healthcheck.net;

import java.nio.charset.StandardCharsets;

/**
 * The two DNS messages DNS_CHECK needs (RFC 1035 section 4.1): a one-question query, and the header
 * of an answer. All fields big-endian.
 *
 * <pre>
 *  0               1               2               3
 *  +---------------+---------------+---------------+---------------+
 *  |              ID               |QR| opcode |AA|TC|RD|RA| Z |RCODE|
 *  +---------------+---------------+---------------+---------------+
 *  |            QDCOUNT            |            ANCOUNT            |
 *  +---------------+---------------+---------------+---------------+
 *  |            NSCOUNT            |            ARCOUNT            |
 *  +---------------+---------------+---------------+---------------+
 *  | QNAME: length-prefixed labels, then 0 ...     | QTYPE | QCLASS|
 * </pre>
 */
final class DnsMessage {
  static final int ID_OFFSET = 0;
  static final int FLAGS_OFFSET = ID_OFFSET + 2;
  static final int QDCOUNT_OFFSET = FLAGS_OFFSET + 2;
  static final int ANCOUNT_OFFSET = QDCOUNT_OFFSET + 2;
  static final int NSCOUNT_OFFSET = ANCOUNT_OFFSET + 2;
  static final int ARCOUNT_OFFSET = NSCOUNT_OFFSET + 2;
  static final int HEADER_LENGTH = ARCOUNT_OFFSET + 2;

  static final int QR_MASK = 0x8000;
  static final int RD_MASK = 0x0100;
  static final int RCODE_MASK = 0x000F;
  static final int CLASS_IN = 1;

  private DnsMessage() {}

  /** A recursive query for {@code name} ("." is the root) of {@code type}, class IN. */
  static byte[] query(int id, String name, int type) {
    byte[] qname = qname(name);
    byte[] m = new byte[HEADER_LENGTH + qname.length + 4];
    put16(m, ID_OFFSET, id);
    put16(m, FLAGS_OFFSET, RD_MASK);
    put16(m, QDCOUNT_OFFSET, 1);
    System.arraycopy(qname, 0, m, HEADER_LENGTH, qname.length);
    put16(m, HEADER_LENGTH + qname.length, type);
    put16(m, HEADER_LENGTH + qname.length + 2, CLASS_IN);
    return m;
  }

  static byte[] qname(String name) {
    if (name.equals(".")) {
      return new byte[] {0};
    }
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (String label : n.split("\\.")) {
      byte[] b = label.getBytes(StandardCharsets.US_ASCII);
      out.write(b.length);
      out.write(b, 0, b.length);
    }
    out.write(0);
    return out.toByteArray();
  }

  /** What an incoming datagram means for our query. */
  enum Answer {
    /** not for us yet: too short, another id, or not a response (keepalived keeps waiting) */
    IGNORE,
    OK,
    ERROR
  }

  static Answer judge(byte[] m, int len, int id) {
    if (len < HEADER_LENGTH || get16(m, ID_OFFSET) != id) {
      return Answer.IGNORE;
    }
    int flags = get16(m, FLAGS_OFFSET);
    if ((flags & QR_MASK) == 0) {
      return Answer.IGNORE;
    }
    return (flags & RCODE_MASK) == 0 ? Answer.OK : Answer.ERROR;
  }

  static int rcode(byte[] m) {
    return get16(m, FLAGS_OFFSET) & RCODE_MASK;
  }

  static void put16(byte[] m, int off, int v) {
    m[off] = (byte) (v >>> 8);
    m[off + 1] = (byte) v;
  }

  static int get16(byte[] m, int off) {
    return ((m[off] & 0xFF) << 8) | (m[off + 1] & 0xFF);
  }
}
