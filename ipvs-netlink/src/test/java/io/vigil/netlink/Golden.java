package io.vigil.netlink;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A capture of a real tool talking to the real kernel (src/test/resources/golden/*.hex, made with
 * strace by the capture scripts there): every datagram the tool sent, each followed by what the
 * kernel answered.
 */
public final class Golden {
  /** One datagram the tool sent and the datagrams the kernel answered it with. */
  public record Exchange(byte[] sent, List<byte[]> answers) {}

  private final String name;
  private final List<Exchange> exchanges;

  private Golden(String name, List<Exchange> exchanges) {
    this.name = name;
    this.exchanges = exchanges;
  }

  /** Loads {@code golden/NAME.hex} from the test resources. */
  public static Golden load(String name) {
    String text;
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name + ".hex")) {
      if (in == null) {
        throw new IllegalArgumentException("no golden capture " + name);
      }
      text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Exchange> out = new ArrayList<>();
    StringBuilder hex = null;
    boolean sending = false;
    List<String> blocks = new ArrayList<>();
    List<Boolean> dirs = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      if (line.equals("send") || line.equals("recv")) {
        if (hex != null) {
          blocks.add(hex.toString());
          dirs.add(sending);
        }
        hex = new StringBuilder();
        sending = line.equals("send");
      } else if (hex != null) {
        hex.append(line.replace(" ", ""));
      }
    }
    if (hex != null) {
      blocks.add(hex.toString());
      dirs.add(sending);
    }
    for (int i = 0; i < blocks.size(); i++) {
      byte[] bytes = HexFormat.of().parseHex(blocks.get(i));
      if (dirs.get(i)) {
        out.add(new Exchange(bytes, new ArrayList<>()));
      } else if (!out.isEmpty()) {
        out.get(out.size() - 1).answers().add(bytes);
      }
    }
    return new Golden(name, List.copyOf(out));
  }

  public List<Exchange> exchanges() {
    return exchanges;
  }

  /** Every datagram the kernel sent in this capture. */
  public List<byte[]> answers() {
    return exchanges.stream().flatMap(e -> e.answers().stream()).toList();
  }

  /** The first exchange whose sent datagram holds a message of {@code type}. */
  public Exchange first(int type) {
    return first(type, -1);
  }

  /** The first exchange sending a message of {@code type} with generic netlink {@code cmd}. */
  public Exchange first(int type, int genlCmd) {
    for (Exchange e : exchanges) {
      Wire.Msg m = Wire.split(e.sent()).get(0);
      if (m.type() == type && (genlCmd < 0 || (m.bytes()[NlMsg.HEADER_LENGTH] & 0xff) == genlCmd)) {
        return e;
      }
    }
    throw new AssertionError(name + " has no request of type " + type + " cmd " + genlCmd);
  }

  /** A copy with the sequence number and port id of every message zeroed. */
  public static byte[] normalise(byte[] datagram) {
    return restamp(datagram, 0, 0);
  }

  /** A copy with every message's sequence number and port id set to these. */
  public static byte[] restamp(byte[] datagram, int seq, int pid) {
    byte[] out = Arrays.copyOf(datagram, datagram.length);
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.nativeOrder());
    int off = 0;
    while (off + NlMsg.HEADER_LENGTH <= out.length) {
      int len = b.getInt(off);
      b.putInt(off + NlMsg.SEQ_OFFSET, seq).putInt(off + NlMsg.PID_OFFSET, pid);
      if (len < NlMsg.HEADER_LENGTH) {
        break;
      }
      off += NlMsg.align(len);
    }
    return out;
  }

  /**
   * A kernel twin that answers each of our requests with what the real kernel answered the tool's
   * request that {@code same} pairs it with (compared after {@link #normalise}), restamped with our
   * sequence number and port id. A request the capture has no match for fails the test: our bytes
   * differ from the tool's.
   */
  public KernelTwin.Kernel replay(BiPredicate<byte[], byte[]> same) {
    boolean[] used = new boolean[exchanges.size()];
    return request -> {
      byte[] ours = normalise(request.bytes());
      for (int i = 0; i < exchanges.size(); i++) {
        Exchange e = exchanges.get(i);
        if (!used[i] && same.test(ours, normalise(e.sent()))) {
          used[i] = true;
          return e.answers().stream()
              .map(a -> restamp(a, request.seq(), KernelTwin.PORT_ID))
              .toList();
        }
      }
      throw new AssertionError(
          name
              + " has no request equal to ours:\n"
              + HexFormat.ofDelimiter(" ").formatHex(ours)
              + "\nits requests:\n"
              + String.join(
                  "\n",
                  exchanges.stream()
                      .map(x -> HexFormat.ofDelimiter(" ").formatHex(normalise(x.sent())))
                      .toList()));
    };
  }

  /** {@link #replay} with byte-for-byte equality. */
  public KernelTwin.Kernel replayExact() {
    return replay(Arrays::equals);
  }
}
