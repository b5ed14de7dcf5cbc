package io.vigil.vrrp.wire;

/**
 * One instance's IPsec AH sequence number, shared by what it sends and what it accepts, as
 * keepalived 2.2.7 keeps it ({@code ipsecah_counter}): each advert sent carries the next number; an
 * advert is accepted only with a number above the highest seen or sent, which then becomes the
 * highest. A router that starts again from 1 is therefore heard once it has heard the master (whose
 * numbers it then continues) — why keepalived starts an AH instance as backup. It outlives a
 * reload.
 */
public final class AhSequence {
  static final long MAX = 0xFFFF_FFFFL;

  private long highest;

  /** The number of the next advert sent (it stays at 2^32 - 1, 136 years of 1 s adverts away). */
  public synchronized long next() {
    if (highest < MAX) {
      highest++;
    }
    return highest;
  }

  /** Whether an advert numbered {@code sequence} is new (above the highest); if so it is now. */
  public synchronized boolean accept(long sequence) {
    if (sequence <= highest) {
      return false;
    }
    highest = sequence;
    return true;
  }

  public synchronized long highest() {
    return highest;
  }
}
