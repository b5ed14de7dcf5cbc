package io.vigil.director.vrrp;

import io.vigil.director.status.DirectorStatus;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * An instance's state and its last transitions with their reasons, for the status view; a reload in
 * place is kept among them too (from and to its state, the reason naming what changed), though it
 * is no transition. The reason is read from where the state machine came from and went (its actions
 * carry no reason): a backup becomes master when its master down timer expires, a master steps down
 * on a higher advert, FAULT comes from a tracker (or a sync group member).
 */
final class VrrpHistory {
  static final int KEEP = 5;

  private final ArrayDeque<DirectorStatus.Transition> last = new ArrayDeque<>();
  private String state = "INIT";
  private long transitions;
  private long becameMaster;
  private long releasedMaster;

  synchronized void transition(String to, boolean inGroup, InetAddress lastAdvertSource) {
    String reason = reason(state, to, inGroup, lastAdvertSource);
    last.addLast(new DirectorStatus.Transition(Instant.now().toString(), state, to, reason));
    while (last.size() > KEEP) {
      last.removeFirst();
    }
    if (to.equals("MASTER") && !state.equals("MASTER")) {
      becameMaster++;
    } else if (state.equals("MASTER") && !to.equals("MASTER")) {
      releasedMaster++;
    }
    state = to;
    transitions++;
  }

  /** A SIGHUP changed the instance in place (state kept): {@code changes} as the log says them. */
  synchronized void reloaded(String changes) {
    last.addLast(
        new DirectorStatus.Transition(
            Instant.now().toString(), state, state, "reloaded in place: " + changes));
    while (last.size() > KEEP) {
      last.removeFirst();
    }
  }

  static String reason(String from, String to, boolean inGroup, InetAddress advertFrom) {
    String group = inGroup ? " or its sync group" : "";
    return switch (to) {
      case "MASTER" ->
          from.equals("BACKUP")
              ? "no higher advert within the master down interval" + group
              : "address owner or start as master";
      case "BACKUP" ->
          switch (from) {
            case "MASTER" ->
                "higher priority advert"
                    + (advertFrom == null ? "" : " from " + advertFrom.getHostAddress())
                    + group;
            case "FAULT" -> "trackers back up" + group;
            default -> "startup";
          };
      case "FAULT" -> "a tracker is down" + group;
      case "STOP" -> "shutdown";
      default -> to;
    };
  }

  synchronized String state() {
    return state;
  }

  synchronized long transitions() {
    return transitions;
  }

  /** Transitions to MASTER (keepalived's "Became master"). */
  synchronized long becameMaster() {
    return becameMaster;
  }

  /** Transitions from MASTER to any other state, the stop too ("Released master"). */
  synchronized long releasedMaster() {
    return releasedMaster;
  }

  synchronized List<DirectorStatus.Transition> last() {
    return List.copyOf(last);
  }
}
