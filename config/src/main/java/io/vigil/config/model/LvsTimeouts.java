package io.vigil.config.model;

/**
 * {@code lvs_timeouts [tcp S] [tcpfin S] [udp S]}: the kernel's IPVS connection timeouts, in
 * seconds, as {@code ipvsadm --set} sets them. A 0 is one not written: it stays what the kernel had
 * when the director started.
 */
public record LvsTimeouts(int tcpS, int tcpFinS, int udpS) {
  /** keepalived's LVS_MAX_TIMEOUT: 31 days. */
  public static final int MAX_S = 86_400 * 31;
}
