package io.vigil.netlink.ipvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.netlink.Attrs;
import io.vigil.netlink.Golden;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/**
 * The kernel sends a destination's counters twice, as IPVS_DEST_ATTR_STATS (32-bit) and _STATS64
 * (since 4.1): the 64-bit set is read and the other skipped; without it, the 32-bit set is read. A
 * destination from the kernel's real answer to {@code ipvsadm -Ln} (golden/ipvsadm-list), its
 * connection counters set to different figures in each set.
 */
class IpvsStatsDecodeTest {
  private static final int NLMSG_HEADER = 16;
  private static final int GENL_HEADER = 4;

  /** The first destination in the capture's answers: its datagram and its attributes' bounds. */
  record Dest(ByteBuffer buf, int from, int to) {
    DestEntry decode() {
      return IpvsCodec.decodeDest(new Attrs(buf, from, to), ServiceKey.AF_INET);
    }
  }

  static Dest firstDest() {
    for (Golden.Exchange e : Golden.load("ipvsadm-list").exchanges()) {
      for (byte[] answer : e.answers()) {
        ByteBuffer b = ByteBuffer.wrap(answer.clone()).order(ByteOrder.nativeOrder());
        for (int m = 0; m + NLMSG_HEADER <= b.limit(); ) {
          int len = b.getInt(m);
          if (len < NLMSG_HEADER) {
            break;
          }
          int[] dest =
              (b.get(m + NLMSG_HEADER) & 0xff) != IpvsCodec.CMD_NEW_DEST // a dump's answer
                  ? null
                  : find(b, m + NLMSG_HEADER + GENL_HEADER, m + len, IpvsCodec.ATTR_DEST);
          if (dest != null) {
            return new Dest(b, dest[0], dest[1]);
          }
          m += (len + 3) & ~3;
        }
      }
    }
    throw new AssertionError("no destination in the capture");
  }

  /** The value bounds of the first attribute of {@code type} in [from, to), or null. */
  static int[] find(ByteBuffer b, int from, int to, int type) {
    for (int a = from; a + 4 <= to; ) {
      int len = b.getShort(a) & 0xffff;
      if (len < 4) {
        return null;
      }
      if ((b.getShort(a + 2) & 0x3fff) == type) {
        return new int[] {a + 4, a + len};
      }
      a += (len + 3) & ~3;
    }
    return null;
  }

  @Test
  void the64BitCountersAreReadAndThe32BitOnesOnlyWithoutThem() {
    Dest d = firstDest();
    int[] s32 = find(d.buf(), d.from(), d.to(), IpvsCodec.DEST_STATS);
    int[] s64 = find(d.buf(), d.from(), d.to(), IpvsCodec.DEST_STATS64);
    assertThat(s32).as("the kernel sends the 32-bit set").isNotNull();
    assertThat(s64).as("and the 64-bit set").isNotNull();
    int[] conns32 = find(d.buf(), s32[0], s32[1], IpvsCodec.STATS_CONNS);
    int[] conns64 = find(d.buf(), s64[0], s64[1], IpvsCodec.STATS_CONNS);
    d.buf().putInt(conns32[0], 7);
    d.buf().putLong(conns64[0], 9L);
    assertThat(d.decode().stats().connections()).isEqualTo(9);
    // the 64-bit set renamed to a type this decoder does not know (a kernel before 4.1)
    d.buf().putShort(s64[0] - 2, (short) 0x7ff);
    assertThat(d.decode().stats().connections()).isEqualTo(7);
    d.buf().putShort(s32[0] - 2, (short) 0x7fe);
    assertThat(d.decode().stats()).isEqualTo(Stats.ZERO);
  }
}
