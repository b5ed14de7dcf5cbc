package io.vigil.vrrp.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.vrrp.fsm.Action;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The adverts a channel sends are encoded once per priority and interval: the same advert is sent
 * again from the bytes already encoded, a new priority or interval or a reload encodes them again,
 * and each destination has its own bytes (a VRRPv3 checksum covers the destination).
 */
class EncodedAdvertsTest {
  private final List<String> encodings = new ArrayList<>();
  private final List<String> sent = new ArrayList<>();
  private boolean failNext;

  private final EncodedAdverts<InetAddress> adverts =
      new EncodedAdverts<>(
          List.of(address("192.0.2.1"), address("192.0.2.2")),
          8,
          (advert, dst, into) -> {
            if (failNext) {
              failNext = false;
              throw new IllegalStateException("encoder failed");
            }
            String text = advert.priority() + "/" + advert.advertIntervalCs() + ">" + last(dst);
            encodings.add(text);
            into[0] = (byte) advert.priority();
            into[1] = (byte) advert.advertIntervalCs();
            into[2] = (byte) last(dst);
            return 3;
          },
          (packet, len, dst) ->
              sent.add(
                  len + ":" + packet[0] + "/" + packet[1] + ">" + packet[2] + "@" + last(dst)));

  @Test
  void theSameAdvertIsEncodedOnceAndSentToEveryDestinationFromItsOwnBytes() {
    for (int i = 0; i < 3; i++) {
      adverts.send(new Action.SendAdvert(100, 100));
    }
    assertThat(encodings).containsExactly("100/100>1", "100/100>2");
    assertThat(sent)
        .containsExactly(
            "3:100/100>1@1", "3:100/100>2@2",
            "3:100/100>1@1", "3:100/100>2@2",
            "3:100/100>1@1", "3:100/100>2@2");
  }

  @Test
  void anotherPriorityOrIntervalOrAReloadEncodesAgain() {
    adverts.send(new Action.SendAdvert(100, 100));
    adverts.send(new Action.SendAdvert(0, 100)); // shutdown
    adverts.send(new Action.SendAdvert(0, 50)); // a reload's new interval
    adverts.invalidate(); // a reload changed what goes in (addresses, auth)
    adverts.send(new Action.SendAdvert(0, 50));
    assertThat(encodings)
        .containsExactly(
            "100/100>1", "100/100>2", "0/100>1", "0/100>2", "0/50>1", "0/50>2", "0/50>1", "0/50>2");
    assertThat(sent).hasSize(8).endsWith("3:0/50>1@1", "3:0/50>2@2");
  }

  @Test
  void anEncoderThatFailsLeavesNothingHalfEncodedBehind() {
    adverts.send(new Action.SendAdvert(100, 100));
    failNext = true;
    assertThatThrownBy(() -> adverts.send(new Action.SendAdvert(50, 100)))
        .hasMessage("encoder failed");
    adverts.send(new Action.SendAdvert(50, 100));
    assertThat(sent).endsWith("3:50/100>1@1", "3:50/100>2@2");
    assertThat(encodings).endsWith("50/100>1", "50/100>2");
  }

  private static InetAddress address(String a) {
    try {
      return InetAddress.getByName(a);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static int last(InetAddress a) {
    byte[] b = a.getAddress();
    return b[b.length - 1];
  }
}
