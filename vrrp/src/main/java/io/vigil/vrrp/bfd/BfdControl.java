package io.vigil.vrrp.bfd;

import io.vigil.vrrp.wire.BigEndian;

/**
 * A BFD control packet (RFC 5880 §4.1), without authentication, at its named offsets:
 *
 * <pre>
 *  0 vers(3) diag(5)   1 sta(2) P F C A D M   2 detect mult   3 length
 *  4 my discriminator  8 your discriminator  12 desired min TX (us)  16 required min RX (us)
 * 20 required min echo RX (us)                                        = 24 bytes
 * </pre>
 *
 * @param state {@link #ADMIN_DOWN}, {@link #DOWN}, {@link #INIT} or {@link #UP}
 * @param myDiscriminator unsigned 32 bits
 * @param yourDiscriminator unsigned 32 bits
 */
public record BfdControl(
    int version,
    int diag,
    int state,
    boolean poll,
    boolean fin,
    boolean controlPlaneIndependent,
    boolean auth,
    boolean demand,
    boolean multipoint,
    int detectMult,
    int length,
    long myDiscriminator,
    long yourDiscriminator,
    long desiredMinTxUs,
    long requiredMinRxUs,
    long requiredMinEchoRxUs) {
  public static final int LENGTH = 24;
  public static final int VERSION = 1;

  public static final int ADMIN_DOWN = 0;
  public static final int DOWN = 1;
  public static final int INIT = 2;
  public static final int UP = 3;

  public static final int DIAG_NONE = 0;
  public static final int DIAG_EXPIRED = 1;
  public static final int DIAG_NEIGHBOR_DOWN = 3;
  public static final int DIAG_ADMIN_DOWN = 7;

  static final int VERS_DIAG_OFFSET = 0;
  static final int FLAGS_OFFSET = 1;
  static final int DETECT_MULT_OFFSET = 2;
  static final int LENGTH_OFFSET = 3;
  static final int MY_DISCR_OFFSET = 4;
  static final int YOUR_DISCR_OFFSET = 8;
  static final int MIN_TX_OFFSET = 12;
  static final int MIN_RX_OFFSET = 16;
  static final int MIN_ECHO_RX_OFFSET = 20;

  static final int POLL = 0x20;
  static final int FINAL = 0x10;
  static final int CPI = 0x08;
  static final int AUTH = 0x04;
  static final int DEMAND = 0x02;
  static final int MULTIPOINT = 0x01;

  /** A packet as a session sends it: version 1, no C/A/D/M bits, 24 bytes, no echo. */
  public static BfdControl of(
      int diag,
      int state,
      boolean poll,
      boolean fin,
      int detectMult,
      long myDiscriminator,
      long yourDiscriminator,
      long desiredMinTxUs,
      long requiredMinRxUs) {
    return new BfdControl(
        VERSION,
        diag,
        state,
        poll,
        fin,
        false,
        false,
        false,
        false,
        detectMult,
        LENGTH,
        myDiscriminator,
        yourDiscriminator,
        desiredMinTxUs,
        requiredMinRxUs,
        0);
  }

  /** Writes the 24 bytes at {@code off}; returns {@link #LENGTH}. */
  public int encode(byte[] b, int off) {
    b[off + VERS_DIAG_OFFSET] = (byte) ((version << 5) | (diag & 0x1f));
    b[off + FLAGS_OFFSET] =
        (byte)
            ((state << 6)
                | (poll ? POLL : 0)
                | (fin ? FINAL : 0)
                | (controlPlaneIndependent ? CPI : 0)
                | (auth ? AUTH : 0)
                | (demand ? DEMAND : 0)
                | (multipoint ? MULTIPOINT : 0));
    b[off + DETECT_MULT_OFFSET] = (byte) detectMult;
    b[off + LENGTH_OFFSET] = (byte) length;
    BigEndian.putU32(b, off + MY_DISCR_OFFSET, myDiscriminator);
    BigEndian.putU32(b, off + YOUR_DISCR_OFFSET, yourDiscriminator);
    BigEndian.putU32(b, off + MIN_TX_OFFSET, desiredMinTxUs);
    BigEndian.putU32(b, off + MIN_RX_OFFSET, requiredMinRxUs);
    BigEndian.putU32(b, off + MIN_ECHO_RX_OFFSET, requiredMinEchoRxUs);
    return LENGTH;
  }

  /**
   * The packet in {@code len} bytes at {@code off}, or null when they are too few for one (the
   * checks of a valid packet are {@link #problem}'s).
   */
  public static BfdControl decode(byte[] b, int off, int len) {
    if (len < LENGTH || off < 0 || off + len > b.length) {
      return null;
    }
    int vd = b[off + VERS_DIAG_OFFSET] & 0xff;
    int f = b[off + FLAGS_OFFSET] & 0xff;
    return new BfdControl(
        vd >>> 5,
        vd & 0x1f,
        f >>> 6,
        (f & POLL) != 0,
        (f & FINAL) != 0,
        (f & CPI) != 0,
        (f & AUTH) != 0,
        (f & DEMAND) != 0,
        (f & MULTIPOINT) != 0,
        b[off + DETECT_MULT_OFFSET] & 0xff,
        b[off + LENGTH_OFFSET] & 0xff,
        BigEndian.u32(b, off + MY_DISCR_OFFSET),
        BigEndian.u32(b, off + YOUR_DISCR_OFFSET),
        BigEndian.u32(b, off + MIN_TX_OFFSET),
        BigEndian.u32(b, off + MIN_RX_OFFSET),
        BigEndian.u32(b, off + MIN_ECHO_RX_OFFSET));
  }

  /**
   * Why a received packet of {@code received} bytes is discarded (RFC 5880 §6.8.6, as keepalived
   * 2.2.7's bfd_check_packet checks it), or null when it is valid.
   */
  public String problem(int received) {
    if (length != received) {
      return "length field " + length + " but " + received + " bytes";
    }
    if (version != VERSION) {
      return "version " + version;
    }
    if (detectMult == 0) {
      return "detection multiplier 0";
    }
    if (multipoint) {
      return "multipoint flag";
    }
    if (myDiscriminator == 0) {
      return "my discriminator 0";
    }
    if (yourDiscriminator == 0 && state != DOWN && state != ADMIN_DOWN) {
      return "your discriminator 0 in state " + stateName(state);
    }
    if (poll && fin) {
      return "both poll and final";
    }
    if (diag > 8) {
      return "diagnostic " + diag;
    }
    if (auth) {
      return "authentication (none configured)";
    }
    return null;
  }

  /** RFC 5880's names, as keepalived logs them. */
  public static String stateName(int state) {
    return switch (state) {
      case ADMIN_DOWN -> "AdminDown";
      case DOWN -> "Down";
      case INIT -> "Init";
      case UP -> "Up";
      default -> "Unknown";
    };
  }

  /** RFC 5880's diagnostics, as keepalived logs them. */
  public static String diagName(int diag) {
    return switch (diag) {
      case 0 -> "No Diagnostic";
      case 1 -> "Control Detection Time Expired";
      case 2 -> "Echo Function Failed";
      case 3 -> "Neighbor Signaled Session Down";
      case 4 -> "Forwarding Plane Reset";
      case 5 -> "Path Down";
      case 6 -> "Concatenated Path Down";
      case 7 -> "Administratively Down";
      case 8 -> "Reverse Concatenated Path Down";
      default -> "Unknown";
    };
  }
}
