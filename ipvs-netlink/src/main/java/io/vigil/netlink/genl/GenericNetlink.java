package io.vigil.netlink.genl;

import io.vigil.kernel.Errno;
import io.vigil.netlink.AttrWriter;
import io.vigil.netlink.Attrs;
import io.vigil.netlink.NetlinkConnection;
import io.vigil.netlink.NetlinkConnection.Message;
import io.vigil.netlink.NetlinkDecodeException;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.NlMsg;

/**
 * Generic netlink: the family header and family-id resolution through the controller.
 *
 * <pre>
 * struct genlmsghdr (4 bytes, after the netlink header)
 *  0     1         2                4
 *  +-----+---------+----------------+
 *  | cmd | version |    reserved    |
 *  +-----+---------+----------------+
 * </pre>
 */
public final class GenericNetlink {
  public static final int CMD_OFFSET = 0;
  public static final int VERSION_OFFSET = CMD_OFFSET + 1;
  public static final int RESERVED_OFFSET = VERSION_OFFSET + 1;
  public static final int HEADER_LENGTH = RESERVED_OFFSET + 2;

  public static final int GENL_ID_CTRL = 0x10;
  public static final int CTRL_CMD_GETFAMILY = 3;
  public static final int CTRL_ATTR_FAMILY_ID = 1;
  public static final int CTRL_ATTR_FAMILY_NAME = 2;
  static final int CTRL_VERSION = 1;

  private GenericNetlink() {}

  /** The 4-byte family header. */
  public static byte[] header(int cmd, int version) {
    return new byte[] {(byte) cmd, (byte) version, 0, 0};
  }

  /** The command byte of a generic netlink message. */
  public static int command(Message m) {
    if (m.length() < NlMsg.HEADER_LENGTH + HEADER_LENGTH) {
      throw new NetlinkDecodeException("generic netlink message of " + m.length() + " bytes");
    }
    return m.datagram().get(m.payloadOffset() + CMD_OFFSET) & 0xff;
  }

  /** A request message to {@code familyId}. */
  public static AttrWriter message(int familyId, int cmd, int version, int flags) {
    return new AttrWriter(familyId, flags).header(header(cmd, version));
  }

  /**
   * Resolves a family name to its id. Throws {@link FamilyNotFoundException} when the kernel has no
   * such family (its module is not loaded).
   */
  public static int resolve(NetlinkConnection c, String name) {
    byte[] req =
        message(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, CTRL_VERSION, 0)
            .string(CTRL_ATTR_FAMILY_NAME, name)
            .finish();
    try {
      for (Message m :
          c.query(new NetlinkConnection.Request(req, "resolve generic netlink family " + name))) {
        Attrs a = m.attrs(HEADER_LENGTH);
        while (a.next()) {
          if (a.type() == CTRL_ATTR_FAMILY_ID) {
            return a.u16();
          }
        }
        a.check();
      }
    } catch (NetlinkException e) {
      if (e.errno() == Errno.ENOENT) {
        throw new FamilyNotFoundException(name, e);
      }
      throw e;
    }
    // the kernel answers a known family with its id and an unknown one with ENOENT: anything else
    // is a malformed answer, not a missing module
    throw new NetlinkDecodeException(
        "the answer about generic netlink family " + name + " has no id");
  }

  /** The kernel has no generic netlink family of this name. */
  public static final class FamilyNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String family;

    public FamilyNotFoundException(String family, Throwable cause) {
      super("the kernel has no generic netlink family " + family, cause);
      this.family = family;
    }

    public String family() {
      return family;
    }
  }
}
