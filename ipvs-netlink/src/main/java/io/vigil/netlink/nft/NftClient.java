package io.vigil.netlink.nft;

import io.vigil.kernel.Errno;
import io.vigil.kernel.netlink.NetlinkSocket;
import io.vigil.kernel.netlink.NetlinkTransport;
import io.vigil.netlink.NetlinkConnection;
import io.vigil.netlink.NetlinkConnection.Request;
import io.vigil.netlink.NetlinkException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * nf_tables over a netfilter netlink socket: the {@link VipFirewall.Kernel} of the real kernel. Not
 * thread-safe (the firewall serialises its calls).
 */
public final class NftClient implements VipFirewall.Kernel, AutoCloseable {
  public static final long DEFAULT_TIMEOUT_MS = 5_000;

  private final NetlinkConnection conn;

  public NftClient(NetlinkTransport transport, long timeoutMs) {
    this.conn = new NetlinkConnection(transport, timeoutMs);
  }

  /** A client on a new NETLINK_NETFILTER socket of this process's network namespace. */
  public static NftClient open() {
    return new NftClient(NetlinkSocket.open(NetlinkSocket.NETLINK_NETFILTER), DEFAULT_TIMEOUT_MS);
  }

  @Override
  public boolean hasTable(int family, String table) {
    try {
      conn.query(new Request(NftCodec.getTable(family, table), describe(family, "get", table)));
      return true;
    } catch (NetlinkException e) {
      if (e.errno() == Errno.ENOENT) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public void transaction(List<byte[]> messages) {
    List<Request> requests = new ArrayList<>(messages.size());
    for (byte[] m : messages) {
      requests.add(new Request(m, describe(m)));
    }
    conn.transaction(NftCodec.batchBegin(), requests, NftCodec.batchEnd());
  }

  /** What a message does, in nft's words, for errors: e.g. "add set ip6 keepalived vips". */
  static String describe(byte[] message) {
    ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.nativeOrder());
    int command = b.getShort(io.vigil.netlink.NlMsg.TYPE_OFFSET) & 0xff;
    int family = message[io.vigil.netlink.NlMsg.HEADER_LENGTH] & 0xff;
    String what =
        switch (command) {
          case NftCodec.NFT_MSG_NEWTABLE -> "add table";
          case NftCodec.NFT_MSG_DELTABLE -> "delete table";
          case NftCodec.NFT_MSG_NEWCHAIN -> "add chain";
          case NftCodec.NFT_MSG_NEWRULE -> "add rule";
          case NftCodec.NFT_MSG_NEWSET -> "add set";
          case NftCodec.NFT_MSG_NEWSETELEM -> "add element";
          case NftCodec.NFT_MSG_DELSETELEM -> "delete element";
          default -> "nf_tables message " + command;
        };
    return describe(family, what, "");
  }

  private static String describe(int family, String what, String table) {
    String f = family == NftCodec.NFPROTO_IPV4 ? "ip" : "ip6";
    return (what + " " + f + " " + table).trim();
  }

  @Override
  public void close() {
    conn.close();
  }
}
