package io.vigil.netlink.nft;

import io.vigil.netlink.AttrWriter;
import io.vigil.netlink.NlMsg;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * nf_tables messages (include/uapi/linux/netfilter/nf_tables.h and nfnetlink.h), written the way
 * libnftnl writes them for keepalived, so that the golden captures of keepalived compare byte for
 * byte. Every message carries an {@code nfgenmsg} (family, version 0, resource id); u32 attributes
 * are in network byte order, as nf_tables reads them. Only what the no_accept firewall needs:
 * tables, chains, sets, set elements and rules made of payload, meta, cmp, bitwise, lookup, counter
 * and immediate expressions.
 */
public final class NftCodec {
  private NftCodec() {}

  /** The nfnetlink subsystem of nf_tables: a message's type is {@code SUBSYS << 8 | command}. */
  public static final int NFNL_SUBSYS_NFTABLES = 10;

  public static final int NFNL_MSG_BATCH_BEGIN = 0x10;
  public static final int NFNL_MSG_BATCH_END = 0x11;

  public static final int NFT_MSG_NEWTABLE = 0;
  public static final int NFT_MSG_GETTABLE = 1;
  public static final int NFT_MSG_DELTABLE = 2;
  public static final int NFT_MSG_NEWCHAIN = 3;
  public static final int NFT_MSG_NEWRULE = 6;
  public static final int NFT_MSG_NEWSET = 9;
  public static final int NFT_MSG_NEWSETELEM = 12;
  public static final int NFT_MSG_DELSETELEM = 14;

  /** Families ({@code NFPROTO_*}), the first byte of nfgenmsg. */
  public static final int NFPROTO_UNSPEC = 0;

  public static final int NFPROTO_IPV4 = 2;
  public static final int NFPROTO_IPV6 = 10;

  /** The length of nfgenmsg: u8 family, u8 version, be16 resource id. */
  public static final int NFGENMSG_LENGTH = 4;

  // table, chain, hook
  static final int NFTA_TABLE_NAME = 1;
  static final int NFTA_CHAIN_TABLE = 1;
  static final int NFTA_CHAIN_NAME = 3;
  static final int NFTA_CHAIN_HOOK = 4;
  static final int NFTA_CHAIN_POLICY = 5;
  static final int NFTA_CHAIN_TYPE = 7;
  static final int NFTA_HOOK_HOOKNUM = 1;
  static final int NFTA_HOOK_PRIORITY = 2;

  /** Netfilter hooks ({@code NF_INET_*}). */
  public static final int NF_INET_LOCAL_IN = 1;

  public static final int NF_INET_LOCAL_OUT = 3;

  // sets and their elements
  static final int NFTA_SET_TABLE = 1;
  static final int NFTA_SET_NAME = 2;
  static final int NFTA_SET_FLAGS = 3;
  static final int NFTA_SET_KEY_TYPE = 4;
  static final int NFTA_SET_KEY_LEN = 5;
  static final int NFTA_SET_DATA_TYPE = 6;
  static final int NFTA_SET_DATA_LEN = 7;
  static final int NFTA_SET_DESC = 9;
  static final int NFTA_SET_ID = 10;
  static final int NFTA_SET_USERDATA = 13;
  static final int NFTA_SET_EXPR = 17;
  static final int NFTA_SET_DESC_CONCAT = 2;
  static final int NFTA_SET_FIELD_LEN = 1;
  static final int NFTA_SET_ELEM_LIST_TABLE = 1;
  static final int NFTA_SET_ELEM_LIST_SET = 2;
  static final int NFTA_SET_ELEM_LIST_ELEMENTS = 3;
  static final int NFTA_SET_ELEM_LIST_SET_ID = 4;
  static final int NFTA_SET_ELEM_KEY = 1;
  static final int NFTA_SET_ELEM_DATA = 2;
  static final int NFTA_SET_ELEM_KEY_END = 10;
  static final int NFTA_LIST_ELEM = 1;
  static final int NFTA_DATA_VALUE = 1;
  static final int NFTA_DATA_VERDICT = 2;
  static final int NFTA_VERDICT_CODE = 1;
  static final int NFTA_VERDICT_CHAIN = 2;

  /** {@code NFT_SET_CONSTANT}: the set's elements never change. */
  public static final int NFT_SET_CONSTANT = 0x2;

  /** {@code NFT_SET_MAP}: each element maps its key to data. */
  public static final int NFT_SET_MAP = 0x8;

  /** Elements are ranges ({@code flags interval}), of concatenated fields ({@code .}). */
  public static final int NFT_SET_INTERVAL = 0x4;

  public static final int NFT_SET_CONCAT = 0x80;

  /**
   * The data types nft names keys with (nftables' {@code enum datatypes}); a concatenation is
   * {@code first << 6 | second}.
   */
  public static final int TYPE_IPADDR = 7;

  public static final int TYPE_IP6ADDR = 8;
  public static final int TYPE_INET_SERVICE = 13;
  public static final int TYPE_MARK = 19;
  public static final int TYPE_IFINDEX = 20;
  public static final int TYPE_ICMPV6_TYPE = 29;
  public static final int TYPE_IFNAME = 41;
  public static final int TYPE_BITS = 6;

  /** The key byte order nft records in a set's user data ({@code NFTNL_UDATA_SET_KEYBYTEORDER}). */
  public static final int BYTEORDER_HOST = 1;

  public static final int BYTEORDER_BIG_ENDIAN = 2;

  // rules and expressions
  static final int NFTA_RULE_TABLE = 1;
  static final int NFTA_RULE_CHAIN = 2;
  static final int NFTA_RULE_EXPRESSIONS = 4;
  static final int NFTA_EXPR_NAME = 1;
  static final int NFTA_EXPR_DATA = 2;
  static final int NFTA_PAYLOAD_DREG = 1;
  static final int NFTA_PAYLOAD_BASE = 2;
  static final int NFTA_PAYLOAD_OFFSET = 3;
  static final int NFTA_PAYLOAD_LEN = 4;
  static final int NFTA_META_DREG = 1;
  static final int NFTA_META_KEY = 2;
  static final int NFTA_META_SREG = 3;
  static final int NFTA_CMP_SREG = 1;
  static final int NFTA_CMP_OP = 2;
  static final int NFTA_CMP_DATA = 3;
  static final int NFTA_BITWISE_SREG = 1;
  static final int NFTA_BITWISE_DREG = 2;
  static final int NFTA_BITWISE_LEN = 3;
  static final int NFTA_BITWISE_MASK = 4;
  static final int NFTA_BITWISE_XOR = 5;
  static final int NFTA_LOOKUP_SET = 1;
  static final int NFTA_LOOKUP_SREG = 2;
  static final int NFTA_LOOKUP_DREG = 3;
  static final int NFTA_LOOKUP_SET_ID = 4;
  static final int NFTA_DUP_SREG_ADDR = 1;
  static final int NFTA_DUP_SREG_DEV = 2;
  static final int NFTA_IMMEDIATE_DREG = 1;
  static final int NFTA_IMMEDIATE_DATA = 2;

  /** Payload bases. */
  public static final int PAYLOAD_NETWORK = 1;

  public static final int PAYLOAD_TRANSPORT = 2;

  /** Meta keys. */
  public static final int META_MARK = 3;

  public static final int META_IIF = 4;

  public static final int META_OIF = 5;
  public static final int META_IIFNAME = 6;
  public static final int META_OIFNAME = 7;
  public static final int META_L4PROTO = 16;
  public static final int META_OIFKIND = 27;

  /** Registers: the verdict register and the first two 16-byte data registers. */
  public static final int REG_VERDICT = 0;

  public static final int REG_1 = 1;
  public static final int REG_2 = 2;

  /** The second 4-byte register of the first 16-byte one: a field after a 4-byte one. */
  public static final int REG32_01 = 9;

  /** Verdicts. */
  public static final int NF_DROP = 0;

  public static final int NF_ACCEPT = 1;
  public static final int NFT_GOTO = -4;
  public static final int NFT_RETURN = -5;

  /** One expression of a rule: its name and the attributes of its data. */
  public interface Expr {
    String name();

    /** Writes the attributes inside NFTA_EXPR_DATA. */
    void data(AttrWriter w);
  }

  /** Loads {@code len} bytes at {@code offset} of a header into a register. */
  public record Payload(int base, int offset, int len, int dreg) implements Expr {
    public String name() {
      return "payload";
    }

    public void data(AttrWriter w) {
      w.u32be(NFTA_PAYLOAD_DREG, dreg)
          .u32be(NFTA_PAYLOAD_BASE, base)
          .u32be(NFTA_PAYLOAD_OFFSET, offset)
          .u32be(NFTA_PAYLOAD_LEN, len);
    }
  }

  /** Loads packet metadata ({@link #META_IIF}...) into a register. */
  public record Meta(int key, int dreg) implements Expr {
    public String name() {
      return "meta";
    }

    public void data(AttrWriter w) {
      w.u32be(NFTA_META_KEY, key).u32be(NFTA_META_DREG, dreg);
    }
  }

  /** Sets packet metadata ({@link #META_MARK}) from a register. */
  public record MetaSet(int key, int sreg) implements Expr {
    public String name() {
      return "meta";
    }

    public void data(AttrWriter w) {
      w.u32be(NFTA_META_KEY, key).u32be(NFTA_META_SREG, sreg);
    }
  }

  /** The rule goes on only when the register equals {@code value}. */
  public record CmpEq(int sreg, byte[] value) implements Expr {
    public String name() {
      return "cmp";
    }

    public void data(AttrWriter w) {
      w.u32be(NFTA_CMP_SREG, sreg).u32be(NFTA_CMP_OP, 0).begin(NFTA_CMP_DATA);
      w.bytes(NFTA_DATA_VALUE, value).end();
    }
  }

  /** {@code reg = (reg & mask) ^ xor}. */
  public record Bitwise(int reg, byte[] mask, byte[] xor) implements Expr {
    public String name() {
      return "bitwise";
    }

    public void data(AttrWriter w) {
      w.u32be(NFTA_BITWISE_SREG, reg)
          .u32be(NFTA_BITWISE_DREG, reg)
          .u32be(NFTA_BITWISE_LEN, mask.length)
          .begin(NFTA_BITWISE_MASK)
          .bytes(NFTA_DATA_VALUE, mask)
          .end()
          .begin(NFTA_BITWISE_XOR)
          .bytes(NFTA_DATA_VALUE, xor)
          .end();
    }
  }

  /**
   * The rule goes on only when the register's value is in the named set; a map's data goes to
   * {@code dreg} (-1: none). {@code setId} (0: none) is written as given: keepalived names the set
   * by name and writes 1 in its VMAC rules whatever the set's id.
   */
  public record Lookup(String set, int sreg, int dreg, int setId) implements Expr {
    public Lookup(String set, int sreg) {
      this(set, sreg, -1, 0);
    }

    public String name() {
      return "lookup";
    }

    public void data(AttrWriter w) {
      w.u32be(NFTA_LOOKUP_SREG, sreg);
      if (dreg >= 0) {
        w.u32be(NFTA_LOOKUP_DREG, dreg);
      }
      w.string(NFTA_LOOKUP_SET, set);
      if (setId != 0) {
        w.u32be(NFTA_LOOKUP_SET_ID, setId);
      }
    }
  }

  /**
   * Sends a copy of the packet to the address in {@code addrReg} out of the device in {@code
   * devReg}.
   */
  public record Dup(int addrReg, int devReg) implements Expr {
    public String name() {
      return "dup";
    }

    public void data(AttrWriter w) {
      w.u32be(NFTA_DUP_SREG_ADDR, addrReg).u32be(NFTA_DUP_SREG_DEV, devReg);
    }
  }

  /** Counts packets and bytes (nftables_counters). */
  public record Counter() implements Expr {
    public String name() {
      return "counter";
    }

    public void data(AttrWriter w) {}
  }

  /** A verdict: {@link #NF_DROP}, {@link #NF_ACCEPT}, or {@link #NFT_GOTO} a chain. */
  public record Verdict(int code, String chain) implements Expr {
    public String name() {
      return "immediate";
    }

    public void data(AttrWriter w) {
      w.u32be(NFTA_IMMEDIATE_DREG, REG_VERDICT)
          .begin(NFTA_IMMEDIATE_DATA)
          .begin(NFTA_DATA_VERDICT)
          .u32be(NFTA_VERDICT_CODE, code);
      if (chain != null) {
        w.string(NFTA_VERDICT_CHAIN, chain);
      }
      w.end().end();
    }
  }

  /** The nfgenmsg header: family, version 0 (NFNETLINK_V0), resource id (big endian). */
  static byte[] nfgenmsg(int family, int resId) {
    return ByteBuffer.allocate(NFGENMSG_LENGTH)
        .order(ByteOrder.BIG_ENDIAN)
        .put((byte) family)
        .put((byte) 0)
        .putShort((short) resId)
        .array();
  }

  private static AttrWriter message(int command, int family, int flags) {
    return new AttrWriter(NFNL_SUBSYS_NFTABLES << 8 | command, flags).header(nfgenmsg(family, 0));
  }

  /** The message opening a transaction of nf_tables messages. */
  public static byte[] batchBegin() {
    return new AttrWriter(NFNL_MSG_BATCH_BEGIN, 0)
        .header(nfgenmsg(NFPROTO_UNSPEC, NFNL_SUBSYS_NFTABLES))
        .finish();
  }

  /** The message committing the transaction. */
  public static byte[] batchEnd() {
    return new AttrWriter(NFNL_MSG_BATCH_END, 0)
        .header(nfgenmsg(NFPROTO_UNSPEC, NFNL_SUBSYS_NFTABLES))
        .finish();
  }

  /** Asks for a table (the answer is ENOENT when it does not exist). */
  public static byte[] getTable(int family, String table) {
    return message(NFT_MSG_GETTABLE, family, 0).string(NFTA_TABLE_NAME, table).finish();
  }

  public static byte[] newTable(int family, String table) {
    return message(NFT_MSG_NEWTABLE, family, NlMsg.F_CREATE)
        .string(NFTA_TABLE_NAME, table)
        .finish();
  }

  public static byte[] deleteTable(int family, String table) {
    return message(NFT_MSG_DELTABLE, family, 0).string(NFTA_TABLE_NAME, table).finish();
  }

  /** A base chain: {@code type filter hook HOOK priority PRIORITY; policy accept;}. */
  public static byte[] newBaseChain(
      int family, String table, String chain, int hook, int priority) {
    return message(NFT_MSG_NEWCHAIN, family, NlMsg.F_CREATE)
        .string(NFTA_CHAIN_TABLE, table)
        .string(NFTA_CHAIN_NAME, chain)
        .begin(NFTA_CHAIN_HOOK)
        .u32be(NFTA_HOOK_HOOKNUM, hook)
        .u32be(NFTA_HOOK_PRIORITY, priority)
        .end()
        .u32be(NFTA_CHAIN_POLICY, NF_ACCEPT)
        .string(NFTA_CHAIN_TYPE, "filter")
        .finish();
  }

  /** A regular chain, reached by a jump or goto. */
  public static byte[] newChain(int family, String table, String chain) {
    return message(NFT_MSG_NEWCHAIN, family, NlMsg.F_CREATE)
        .string(NFTA_CHAIN_TABLE, table)
        .string(NFTA_CHAIN_NAME, chain)
        .finish();
  }

  /**
   * A set of keys {@code keyType} ({@code TYPE_*}, concatenations shifted by {@link #TYPE_BITS})
   * and {@code keyLength} bytes, with the transaction-local id that later messages of the same
   * batch may name it by, and the key byte order nft reads back from its user data.
   */
  public static byte[] newSet(
      int family,
      String table,
      String set,
      int flags,
      int keyType,
      int keyLength,
      int id,
      int byteOrder) {
    return newSet(family, table, set, flags, keyType, keyLength, 0, 0, id, byteOrder, 0);
  }

  /**
   * A set, or with {@code dataType} (0: none) and {@link #NFT_SET_MAP} a map to data of {@code
   * dataLength} bytes, whose byte order its user data records too.
   */
  public static byte[] newSet(
      int family,
      String table,
      String set,
      int flags,
      int keyType,
      int keyLength,
      int dataType,
      int dataLength,
      int id,
      int keyByteOrder,
      int dataByteOrder) {
    return newSet(
        family,
        table,
        set,
        flags,
        keyType,
        keyLength,
        dataType,
        dataLength,
        id,
        keyByteOrder,
        dataByteOrder,
        new int[0],
        false);
  }

  /**
   * A set or map as above whose key concatenates fields of {@code fieldLengths} bytes (none: a
   * plain key), written as its description; with {@code counter} each element counts packets and
   * bytes ({@code counter} in the set's definition).
   */
  public static byte[] newSet(
      int family,
      String table,
      String set,
      int flags,
      int keyType,
      int keyLength,
      int dataType,
      int dataLength,
      int id,
      int keyByteOrder,
      int dataByteOrder,
      int[] fieldLengths,
      boolean counter) {
    AttrWriter w =
        message(NFT_MSG_NEWSET, family, NlMsg.F_CREATE)
            .string(NFTA_SET_TABLE, table)
            .string(NFTA_SET_NAME, set);
    if (flags != 0) {
      w.u32be(NFTA_SET_FLAGS, flags);
    }
    w.u32be(NFTA_SET_KEY_TYPE, keyType).u32be(NFTA_SET_KEY_LEN, keyLength);
    if (dataType != 0) {
      w.u32be(NFTA_SET_DATA_TYPE, dataType).u32be(NFTA_SET_DATA_LEN, dataLength);
    }
    // user data: TLVs of type 0 (key byte order) and 1 (data byte order), length 4, host order
    ByteBuffer udata = ByteBuffer.allocate(dataType != 0 ? 12 : 6).order(ByteOrder.nativeOrder());
    udata.put((byte) 0).put((byte) 4).putInt(keyByteOrder);
    if (dataType != 0) {
      udata.put((byte) 1).put((byte) 4).putInt(dataByteOrder);
    }
    w.u32be(NFTA_SET_ID, id);
    if (fieldLengths.length > 0) {
      w.begin(NFTA_SET_DESC).begin(NFTA_SET_DESC_CONCAT);
      for (int len : fieldLengths) {
        w.begin(NFTA_LIST_ELEM).u32be(NFTA_SET_FIELD_LEN, len).end();
      }
      w.end().end();
    }
    w.bytes(NFTA_SET_USERDATA, udata.array());
    if (counter) {
      w.begin(NFTA_SET_EXPR).string(NFTA_EXPR_NAME, "counter").begin(NFTA_EXPR_DATA).end().end();
    }
    return w.finish();
  }

  /**
   * Adds elements to a set; {@code exclusive} (NLM_F_EXCL) refuses one that is there already.
   * {@code setId} (0: none) names a set made earlier in the same transaction.
   */
  public static byte[] newSetElements(
      int family, String table, String set, int setId, List<byte[]> keys, boolean exclusive) {
    return setElements(
        NFT_MSG_NEWSETELEM,
        family,
        table,
        set,
        setId,
        keys,
        null,
        NlMsg.F_CREATE | (exclusive ? NlMsg.F_EXCL : 0));
  }

  /** Adds elements to a map: each key with its data. */
  public static byte[] newMapElements(
      int family, String table, String set, int setId, List<byte[]> keys, List<byte[]> data) {
    return setElements(NFT_MSG_NEWSETELEM, family, table, set, setId, keys, data, NlMsg.F_CREATE);
  }

  /**
   * Adds (or with {@code add} false deletes) one element of an interval map: the keys from {@code
   * key} to {@code keyEnd} map to {@code data}. {@code setId} (0: none) names a map made earlier in
   * the same transaction.
   */
  public static byte[] mapRangeElement(
      boolean add,
      int family,
      String table,
      String set,
      int setId,
      byte[] key,
      byte[] keyEnd,
      byte[] data) {
    AttrWriter w =
        message(add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM, family, add ? NlMsg.F_CREATE : 0)
            .string(NFTA_SET_ELEM_LIST_SET, set);
    if (setId != 0) {
      w.u32be(NFTA_SET_ELEM_LIST_SET_ID, setId);
    }
    return w.string(NFTA_SET_ELEM_LIST_TABLE, table)
        .begin(NFTA_SET_ELEM_LIST_ELEMENTS)
        .begin(NFTA_LIST_ELEM)
        .begin(NFTA_SET_ELEM_KEY)
        .bytes(NFTA_DATA_VALUE, key)
        .end()
        .begin(NFTA_SET_ELEM_KEY_END)
        .bytes(NFTA_DATA_VALUE, keyEnd)
        .end()
        .begin(NFTA_SET_ELEM_DATA)
        .bytes(NFTA_DATA_VALUE, data)
        .end()
        .end()
        .end()
        .finish();
  }

  /** Deletes elements from a set. */
  public static byte[] deleteSetElements(int family, String table, String set, List<byte[]> keys) {
    return setElements(NFT_MSG_DELSETELEM, family, table, set, 0, keys, null, 0);
  }

  /** Deletes elements from a map (keepalived names their data too). */
  public static byte[] deleteMapElements(
      int family, String table, String set, List<byte[]> keys, List<byte[]> data) {
    return setElements(NFT_MSG_DELSETELEM, family, table, set, 0, keys, data, 0);
  }

  private static byte[] setElements(
      int command,
      int family,
      String table,
      String set,
      int setId,
      List<byte[]> keys,
      List<byte[]> data,
      int flags) {
    AttrWriter w = message(command, family, flags).string(NFTA_SET_ELEM_LIST_SET, set);
    if (setId != 0) {
      w.u32be(NFTA_SET_ELEM_LIST_SET_ID, setId);
    }
    w.string(NFTA_SET_ELEM_LIST_TABLE, table).begin(NFTA_SET_ELEM_LIST_ELEMENTS);
    for (int i = 0; i < keys.size(); i++) {
      // libnftnl numbers the list's elements 1, 2, ... (the kernel reads any type)
      w.begin(i + 1).begin(NFTA_SET_ELEM_KEY).bytes(NFTA_DATA_VALUE, keys.get(i)).end();
      if (data != null) {
        w.begin(NFTA_SET_ELEM_DATA).bytes(NFTA_DATA_VALUE, data.get(i)).end();
      }
      w.end();
    }
    return w.end().finish();
  }

  /** Appends a rule to a chain. */
  public static byte[] newRule(int family, String table, String chain, List<Expr> exprs) {
    AttrWriter w =
        message(NFT_MSG_NEWRULE, family, NlMsg.F_CREATE | NlMsg.F_APPEND)
            .string(NFTA_RULE_TABLE, table)
            .string(NFTA_RULE_CHAIN, chain)
            .begin(NFTA_RULE_EXPRESSIONS);
    for (Expr e : exprs) {
      w.begin(NFTA_LIST_ELEM).string(NFTA_EXPR_NAME, e.name()).begin(NFTA_EXPR_DATA);
      e.data(w);
      w.end().end();
    }
    return w.end().finish();
  }
}
