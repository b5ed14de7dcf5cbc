package io.vigil.packaging;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * gzip (RFC 1952) as Debian wants it in a package: best compression, flagged as such, no file name
 * and no time stamp, so the same input always gives the same bytes. ({@link
 * java.util.zip.GZIPOutputStream} cannot set the level or the XFL flag.)
 *
 * <pre>
 *  0      2    3     4       8     9    10
 * +------+----+-----+-------+-----+----+-----------------+-------+-------+
 * | 1f8b | CM | FLG | MTIME | XFL | OS | deflate data... | CRC32 | ISIZE |
 * +------+----+-----+-------+-----+----+-----------------+-------+-------+
 *          8    0     0       2     3                      LE      LE
 * </pre>
 */
public final class Gzip {
  static final int CM_OFFSET = 2;
  static final int FLG_OFFSET = CM_OFFSET + 1;
  static final int MTIME_OFFSET = FLG_OFFSET + 1;
  static final int XFL_OFFSET = MTIME_OFFSET + 4;
  static final int OS_OFFSET = XFL_OFFSET + 1;
  static final int HEADER_LENGTH = OS_OFFSET + 1;
  static final byte CM_DEFLATE = 8;

  /** XFL: the compressor used maximum compression. */
  static final byte XFL_BEST = 2;

  static final byte OS_UNIX = 3;

  private Gzip() {}

  /** The gzip file for {@code data}. */
  public static byte[] compress(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
    byte[] header = new byte[HEADER_LENGTH];
    header[0] = (byte) 0x1f;
    header[1] = (byte) 0x8b;
    header[CM_OFFSET] = CM_DEFLATE;
    header[XFL_OFFSET] = XFL_BEST;
    header[OS_OFFSET] = OS_UNIX;
    out.writeBytes(header);
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      d.setInput(data);
      d.finish();
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
    } finally {
      d.end();
    }
    CRC32 crc = new CRC32();
    crc.update(data);
    ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    trailer.putInt((int) crc.getValue()).putInt(data.length);
    out.writeBytes(trailer.array());
    return out.toByteArray();
  }
}
