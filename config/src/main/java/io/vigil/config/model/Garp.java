package io.vigil.config.model;

/**
 * Gratuitous ARP / unsolicited NA timing, keepalived's defaults: 5 s delay and 5 repeats after
 * becoming master, no periodic refresh, 1 refresh repeat; on a lower-priority advert the master
 * values unless set.
 */
public record Garp(
    long masterDelayUs,
    int masterRepeat,
    long masterRefreshUs,
    int masterRefreshRepeat,
    long lowerPrioDelayUs,
    int lowerPrioRepeat) {
  public static final Garp DEFAULTS = new Garp(5_000_000L, 5, 0, 1, 5_000_000L, 5);
}
