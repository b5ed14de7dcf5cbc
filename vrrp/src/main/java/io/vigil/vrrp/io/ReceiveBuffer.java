package io.vigil.vrrp.io;

/**
 * The receive buffer (SO_RCVBUF) of an instance's VRRP socket, as keepalived 2.2.7 sizes it
 * (vrrp_scheduler.c): its {@code kernel_rx_buf_size} when set ({@code SIZE}), else the global
 * {@code vrrp_rx_bufs_policy}: a size, or {@code multiplier} ({@code vrrp_rx_bufs_multiplier}, 3)
 * times the advert's length ({@code ADVERT}: the IPv4 header and AH included) or the interface's
 * MTU ({@code MTU}); without either the kernel's default ({@code DEFAULT}). keepalived adds up the
 * sizes of the instances that share one socket; each of Vigil's instances has its own.
 */
public record ReceiveBuffer(Kind kind, long size, int multiplier) {
  public enum Kind {
    DEFAULT,
    SIZE,
    ADVERT,
    MTU
  }

  public static final ReceiveBuffer DEFAULT = new ReceiveBuffer(Kind.DEFAULT, 0, 3);

  /**
   * The bytes to ask for, 0 to leave the kernel's default (keepalived sets nothing for 0); at most
   * {@link Integer#MAX_VALUE}, what setsockopt takes.
   */
  public int bytes(int advertLength, int mtu) {
    long b =
        switch (kind) {
          case DEFAULT -> 0;
          case SIZE -> size;
          case ADVERT -> (long) multiplier * advertLength;
          case MTU -> (long) multiplier * mtu;
        };
    return (int) Math.min(b, Integer.MAX_VALUE);
  }

  /** How the configuration said it, for the log. */
  public String describe() {
    return switch (kind) {
      case DEFAULT -> "the kernel's default";
      case SIZE -> size + " bytes";
      case ADVERT -> multiplier + " adverts";
      case MTU -> multiplier + " x the MTU";
    };
  }
}
