package io.vigil.director.lvs;

import io.vigil.director.lvs.LvsModel.Backend;
import io.vigil.director.lvs.LvsModel.VirtualService;
import io.vigil.healthcheck.HealthEvent;
import io.vigil.healthcheck.spec.CheckerSpec;
import io.vigil.healthcheck.spec.RealServerSpec;
import io.vigil.netlink.rtnl.RtnlEvent;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ha_suspend} in the running IPVS half: follows the host's addresses through an {@link
 * AddressWatch} (open while some virtual server uses {@code ha_suspend}, as keepalived's checker
 * opens its netlink reflector only then) and keeps the health checks' suspended set in step with
 * {@link HaSuspend}, logging keepalived's lines ({@code Activating healthchecker for service
 * [203.0.113.2]:tcp:8080 for VS [192.0.2.10]:tcp:80}, {@code Suspending ...}, {@code Deactivating
 * ...} at start). The watch's thread, the reload and the start meet under one lock, so the engine
 * gets the sets in the order they were computed.
 */
final class Suspensions implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Suspensions.class);

  private final Supplier<AddressWatch> watches;
  private final HaSuspend addresses = new HaSuspend();
  private AddressWatch watch;
  private LvsModel model = new LvsModel(List.of());
  private volatile Map<String, String> names = Map.of();
  private Consumer<Set<String>> target = s -> {};
  private volatile Set<String> current = Set.of();

  Suspensions(Supplier<AddressWatch> watches) {
    this.watches = watches;
  }

  /**
   * Opens the watch if {@code model} needs it, logs each checker's starting state (for the virtual
   * servers with {@code ha_suspend}) and hands the suspended set to {@code startEngine}; later sets
   * go to {@code target}.
   */
  void start(
      LvsModel model,
      List<RealServerSpec> checks,
      Consumer<Set<String>> startEngine,
      Consumer<Set<String>> target) {
    synchronized (this) {
      this.target = target;
      use(model);
      Set<String> s = addresses.suspended(model);
      current = Set.copyOf(s);
      Map<String, Integer> checkers = new HashMap<>();
      for (RealServerSpec rs : checks) {
        int n = 0;
        for (CheckerSpec c : rs.checkers()) {
          n += c.kind().followsChanges() ? 0 : 1;
        }
        checkers.put(rs.id(), n);
      }
      for (VirtualService vs : model.virtualServers()) {
        if (vs.haSuspend() && !HaSuspend.addresses(vs).isEmpty()) {
          for (Backend b : vs.backends()) {
            for (int i = 0; i < checkers.getOrDefault(b.id(), 0); i++) {
              log.info(
                  "{}ctivating healthchecker for service {}",
                  s.contains(b.id()) ? "Dea" : "A",
                  names.get(b.id()));
            }
          }
        }
      }
      startEngine.accept(current);
    }
  }

  /**
   * A reload: the watch opened or closed as {@code next} needs, and the suspended set for {@code
   * next} handed to {@code reloadEngine} (which applies it with the new checkers, at once).
   */
  void reload(LvsModel next, Consumer<Set<String>> reloadEngine) {
    AddressWatch closing;
    synchronized (this) {
      closing = use(next);
      current = Set.copyOf(addresses.suspended(next));
      reloadEngine.accept(current);
    }
    if (closing != null) {
      closing.close();
    }
  }

  /** The real servers whose checkers are suspended now. */
  Set<String> current() {
    return current;
  }

  /**
   * keepalived's line for a checker suspended or resumed, or null for a real server this model does
   * not have. Not under the lock: the engine's loop calls it while a reload waits on that loop.
   */
  String line(HealthEvent.CheckerSuspended e) {
    String name = names.get(e.checker().realServerId());
    if (name == null) {
      return null;
    }
    return (e.suspended() ? "Suspending" : "Activating") + " healthchecker for service " + name;
  }

  /** Sets the model; opens the watch when it needs one; returns a watch to close, if any. */
  private AddressWatch use(LvsModel next) {
    model = next;
    Map<String, String> n = new HashMap<>();
    for (VirtualService vs : next.virtualServers()) {
      for (Backend b : vs.backends()) {
        n.put(b.id(), LvsFifoLines.name(vs, b) + " for VS " + LvsFifoLines.name(vs));
      }
    }
    names = n;
    boolean needed = HaSuspend.uses(next);
    if (!needed && watch != null) {
      AddressWatch w = watch;
      watch = null;
      addresses.reset(List.of());
      return w;
    }
    if (needed && watch == null) {
      AddressWatch w = null;
      try {
        w = watches.get();
        AddressWatch self = w;
        addresses.reset(w.start(e -> onEvent(self, e)));
        watch = w;
      } catch (RuntimeException e) {
        log.error(
            "ha_suspend: cannot follow this host's addresses ({}): the checkers of every"
                + " virtual server with ha_suspend stay suspended",
            e.getMessage());
        addresses.reset(List.of());
        if (w != null) {
          w.close();
        }
      }
    }
    return null;
  }

  private synchronized void onEvent(AddressWatch from, RtnlEvent e) {
    if (from != watch) {
      return; // a watch being closed
    }
    if (e instanceof RtnlEvent.AddressAdded a) {
      if (addresses.added(a.address())) {
        reflect(a.address().address(), "added");
      }
    } else if (e instanceof RtnlEvent.AddressRemoved r) {
      if (addresses.removed(r.address())) {
        reflect(r.address().address(), "removed");
      }
    } else if (e instanceof RtnlEvent.Resynchronised r) {
      addresses.reset(r.addresses());
    } else {
      return;
    }
    Set<String> s = addresses.suspended(model);
    if (!s.equals(current)) {
      current = Set.copyOf(s);
      target.accept(current);
    }
  }

  /** keepalived's {@code Netlink reflector reports IP ...} line, for the addresses it waits on. */
  private void reflect(InetAddress a, String what) {
    if (!HaSuspend.using(model, a).isEmpty()) {
      log.info("Netlink reflector reports IP {} {}", LvsFifoLines.text(HaSuspend.plain(a)), what);
    }
  }

  @Override
  public void close() {
    AddressWatch w;
    synchronized (this) {
      w = watch;
      watch = null;
    }
    if (w != null) {
      w.close();
    }
  }
}
