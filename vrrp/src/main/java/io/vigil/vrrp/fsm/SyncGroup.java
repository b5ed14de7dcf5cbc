package io.vigil.vrrp.fsm;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code vrrp_sync_group}: its members move together, as keepalived has it. When one member
 * becomes MASTER, BACKUP or FAULT the others follow; while any member has a fault of its own, the
 * whole group stays in FAULT. The group's own notify ({@code GROUP}) and FIFO line come with each
 * group transition. A member that hears a lower priority advert as master makes the other masters
 * of the group announce their addresses too ({@code garp_lower_prio_repeat}, as keepalived does).
 * Pure, like {@link VrrpInstance}.
 */
public final class SyncGroup {
  /** An action and the instance it is for (the group's own notify carries the group's name). */
  public record Tagged(String instance, Action action) {}

  private final String name;
  private final List<VrrpInstance> members;
  private VrrpState state = VrrpState.INITIALIZE;

  public SyncGroup(String name, List<VrrpInstance> members) {
    this.name = name;
    this.members = List.copyOf(members);
  }

  public String name() {
    return name;
  }

  public VrrpState state() {
    return state;
  }

  public List<VrrpInstance> members() {
    return members;
  }

  /** Hands the event to {@code member} and makes the others follow its transition. */
  public List<Tagged> handle(VrrpInstance member, Event event, long nowNs) {
    if (!members.contains(member)) {
      throw new IllegalArgumentException(member.config().name() + " is not in group " + name);
    }
    List<Tagged> out = new ArrayList<>();
    VrrpState before = member.state();
    tag(member, member.handle(event, nowNs), out);
    if (member.heardLowerAdvert()) {
      for (VrrpInstance other : members) {
        if (other != member) {
          List<Action> actions = new ArrayList<>();
          other.lowerPriorityGarp(nowNs, actions);
          if (!actions.isEmpty()) {
            other.schedule(actions);
            tag(other, actions, out);
          }
        }
      }
    }
    VrrpState after = member.state();
    if (after == before || after == VrrpState.INITIALIZE) {
      return out;
    }
    if (after == VrrpState.BACKUP && anyOtherOwnFault(member)) {
      List<Action> back = new ArrayList<>();
      member.follow(VrrpState.FAULT, nowNs, back);
      tag(member, back, out);
      after = VrrpState.FAULT;
    }
    for (VrrpInstance other : members) {
      if (other != member) {
        List<Action> actions = new ArrayList<>();
        other.follow(after, nowNs, actions);
        tag(other, actions, out);
      }
    }
    if (after != state) {
      state = after;
      // keepalived gives a group's priority as 0 (notify_script_exec, notify_group_fifo)
      out.add(new Tagged(name, new Action.RunNotify("GROUP", name, after.notifyWord(), 0)));
      out.add(
          new Tagged(
              name, new Action.WriteFifo("GROUP \"" + name + "\" " + after.notifyWord() + " 0")));
    }
    return out;
  }

  private boolean anyOtherOwnFault(VrrpInstance member) {
    for (VrrpInstance m : members) {
      if (m != member && m.ownFault()) {
        return true;
      }
    }
    return false;
  }

  private static void tag(VrrpInstance instance, List<Action> actions, List<Tagged> out) {
    for (Action a : actions) {
      out.add(new Tagged(instance.config().name(), a));
    }
  }
}
