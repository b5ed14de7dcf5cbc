package io.vigil.config.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * The address options of {@code virtual_ipaddress}, {@code virtual_ipaddress_excluded} and {@code
 * static_ipaddress} that are IFA_F_* flags, as keepalived 2.2.7 reads them (vrrp_ipaddress.c).
 */
public enum AddressFlag {
  /**
   * {@code -nodad}: an IPv6 address goes through duplicate address detection. keepalived adds every
   * IPv6 address with IFA_F_NODAD otherwise (usable at once, and never "dadfailed" after a split
   * brain); the word takes that flag away.
   */
  DAD("-nodad"),
  NOPREFIXROUTE("noprefixroute"),
  HOME("home"),
  MNGTMPADDR("mngtmpaddr"),
  AUTOJOIN("autojoin");

  private final String word;

  AddressFlag(String word) {
    this.word = word;
  }

  /** The word in the configuration. */
  public String word() {
    return word;
  }

  /** The flag a configuration word names. */
  public static Optional<AddressFlag> of(String word) {
    return Arrays.stream(values()).filter(f -> f.word.equals(word)).findFirst();
  }
}
