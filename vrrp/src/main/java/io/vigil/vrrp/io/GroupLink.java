package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.SyncGroup;
import io.vigil.vrrp.fsm.VrrpInstance;
import io.vigil.vrrp.fsm.VrrpState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Ties the {@link VrrpRunner}s of one {@code vrrp_sync_group}: each member keeps its own thread and
 * socket, but every event of every member goes through the group's pure {@link SyncGroup} under one
 * lock, so the members' state machines are only ever touched by one thread at a time. The actions
 * for the member whose event it was are performed by its caller; those for the other members are
 * handed to their threads ({@link VrrpRunner#follow}); the group's own notify and FIFO line go to
 * {@code groupEffects}.
 */
public final class GroupLink {
  private final SyncGroup group;
  private final Map<VrrpInstance, VrrpRunner> runners = new LinkedHashMap<>();
  private final Map<String, VrrpRunner> byName = new LinkedHashMap<>();
  private final Consumer<Action> groupEffects;

  /** Links the members (their runners not started yet) and makes each join. */
  public GroupLink(String name, List<VrrpRunner> members, Consumer<Action> groupEffects) {
    List<VrrpInstance> instances = new ArrayList<>();
    for (VrrpRunner r : members) {
      runners.put(r.instance(), r);
      byName.put(r.instance().config().name(), r);
      instances.add(r.instance());
    }
    this.group = new SyncGroup(name, instances);
    this.groupEffects = groupEffects;
    members.forEach(r -> r.join(this));
  }

  public String name() {
    return group.name();
  }

  /** The group's state as its state machine has it (what its last notify and FIFO line said). */
  public synchronized VrrpState state() {
    return group.state();
  }

  synchronized List<Action> step(VrrpRunner self, Event event, long nowNs) {
    List<Action> mine = new ArrayList<>();
    Map<VrrpRunner, List<Action>> others = new LinkedHashMap<>();
    for (SyncGroup.Tagged t : group.handle(self.instance(), event, nowNs)) {
      Action a = t.action();
      if (isGroupAction(a)) {
        groupEffects.accept(a);
        continue;
      }
      VrrpRunner r = byName.get(t.instance());
      if (r == self) {
        mine.add(a);
      } else if (r != null) {
        others.computeIfAbsent(r, k -> new ArrayList<>()).add(a);
      }
    }
    others.forEach(VrrpRunner::follow);
    return mine;
  }

  private static boolean isGroupAction(Action a) {
    return (a instanceof Action.RunNotify n && n.kind().equals("GROUP"))
        || (a instanceof Action.WriteFifo w && w.line().startsWith("GROUP "));
  }
}
