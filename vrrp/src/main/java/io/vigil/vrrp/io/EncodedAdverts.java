package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.Action;
import java.net.InetAddress;
import java.util.List;

/**
 * The adverts a channel sends, one per destination (the group, or each unicast peer), encoded once
 * and sent again as they are: a master sends the same bytes every interval until its priority or
 * interval changes, or a reload changes what goes into them ({@link #invalidate}). No advert,
 * address list or checksum is built at each turn of the VRRP thread.
 */
final class EncodedAdverts<A extends InetAddress> {
  /** Encodes the advert for one destination into {@code into}; returns its length. */
  interface Encoder<A> {
    int encode(Action.SendAdvert advert, A destination, byte[] into);
  }

  /** Sends {@code len} bytes of {@code packet} to {@code destination}. */
  interface Sender<A> {
    void send(byte[] packet, int len, A destination);
  }

  private final List<A> destinations;
  private final byte[][] packets;
  private final int[] lengths;
  private final Encoder<A> encoder;
  private final Sender<A> sender;
  private Action.SendAdvert encodedFor; // null: encode at the next send

  EncodedAdverts(List<A> destinations, int maxLength, Encoder<A> encoder, Sender<A> sender) {
    this.destinations = List.copyOf(destinations);
    this.packets = new byte[this.destinations.size()][maxLength];
    this.lengths = new int[this.destinations.size()];
    this.encoder = encoder;
    this.sender = sender;
  }

  /** What goes into the adverts changed (a reload): the next send encodes them again. */
  void invalidate() {
    encodedFor = null;
  }

  /**
   * Sends {@code advert} to every destination, encoding it first unless it was the last one. The
   * two are compared field by field, not with the record's {@code equals}: its first call links the
   * record's generated methods (about 40 classes loaded, 20 ms on the lab's host), and the first
   * advert a new master sends is the moment that must not wait.
   */
  void send(Action.SendAdvert advert) {
    Action.SendAdvert last = encodedFor;
    if (last == null
        || last.priority() != advert.priority()
        || last.advertIntervalCs() != advert.advertIntervalCs()) {
      encodedFor = null; // an encoder that throws leaves nothing half-encoded behind
      for (int i = 0; i < lengths.length; i++) {
        lengths[i] = encoder.encode(advert, destinations.get(i), packets[i]);
      }
      encodedFor = advert;
    }
    for (int i = 0; i < lengths.length; i++) {
      sender.send(packets[i], lengths[i], destinations.get(i));
    }
  }
}
