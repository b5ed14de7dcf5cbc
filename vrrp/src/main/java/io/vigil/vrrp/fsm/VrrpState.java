package io.vigil.vrrp.fsm;

/** RFC 5798 §6.4's three states plus keepalived's FAULT. */
public enum VrrpState {
  INITIALIZE,
  BACKUP,
  MASTER,
  /**
   * keepalived's: a tracked interface, script or file with weight 0 failed; no adverts, no VIPs.
   */
  FAULT;

  /**
   * The word keepalived's notify scripts ({@code $3}) and FIFO use: INITIALIZE is reported as STOP
   * (it is only entered on shutdown once started).
   */
  public String notifyWord() {
    return this == INITIALIZE ? "STOP" : name();
  }
}
