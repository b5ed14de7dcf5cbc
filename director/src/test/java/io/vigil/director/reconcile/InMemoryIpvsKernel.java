package io.vigil.director.reconcile;

import io.vigil.kernel.Errno;
import io.vigil.netlink.NetlinkException;
import io.vigil.netlink.ipvs.DestEntry;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.ServiceEntry;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import io.vigil.netlink.ipvs.Stats;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An IPVS table in memory with the kernel's answers (as observed in the lab VM): EEXIST for a
 * service or destination that exists, ESRCH for a missing service, ENOENT for a missing destination
 * or an unknown scheduler. Also counts how often each entry was written, so tests can show that an
 * unchanged entry is never touched, and keeps every operation it accepted or refused, in order.
 * Thread-safe (the daemon's conductor writes while a test reads).
 */
public final class InMemoryIpvsKernel implements IpvsKernel {
  private static final Set<String> SCHEDULERS =
      Set.of("rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh");

  final Map<ServiceKey, ServiceSettings> services = new LinkedHashMap<>();
  final Map<ServiceKey, Map<DestKey, DestSettings>> dests = new LinkedHashMap<>();
  final Map<Object, Integer> writesPerEntry = new LinkedHashMap<>();
  private final List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> log =
      new ArrayList<>();
  private final List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> rehearsed =
      new ArrayList<>();
  private long writes;
  private int dumps;
  private RuntimeException broken;

  /** From now on every dump throws {@code failure}, as a netlink socket gone bad would. */
  public synchronized void breakWith(RuntimeException failure) {
    broken = failure;
  }

  /** Every operation given to {@link #rehearse} so far, in order (none of them applied). */
  public synchronized List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>>
      rehearsed() {
    return List.copyOf(rehearsed);
  }

  @Override
  public synchronized void rehearse(
      List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> ops) {
    rehearsed.addAll(ops);
  }

  /** Every operation sent so far, in order. */
  public synchronized List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> ops() {
    return List.copyOf(log);
  }

  /** The services in the table now. */
  public synchronized java.util.Set<ServiceKey> serviceKeys() {
    return java.util.Set.copyOf(services.keySet());
  }

  /** A service's destinations now (empty when the service is missing). */
  public synchronized Map<DestKey, DestSettings> destinations(ServiceKey service) {
    Map<DestKey, DestSettings> m = dests.get(service);
    return m == null ? Map.of() : Map.copyOf(m);
  }

  public synchronized int dumps() {
    return dumps;
  }

  @Override
  public synchronized IpvsTable dump() {
    if (broken != null) {
      throw broken;
    }
    dumps++;
    Map<ServiceKey, IpvsTable.Service> t = new LinkedHashMap<>();
    services.forEach(
        (k, s) -> {
          List<DestEntry> d = new ArrayList<>();
          dests.get(k).forEach((dk, ds) -> d.add(new DestEntry(dk, ds, 0, 0, 0, Stats.ZERO)));
          t.put(k, new IpvsTable.Service(new ServiceEntry(k, s, Stats.ZERO), d));
        });
    return new IpvsTable(t);
  }

  @Override
  public synchronized List<RuntimeException> apply(
      List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> ops) {
    List<RuntimeException> out = new ArrayList<>();
    for (var op : ops) {
      writes++;
      log.add(op);
      out.add(one(op));
    }
    return out;
  }

  @Override
  public synchronized long writesSent() {
    return writes;
  }

  private RuntimeException one(
      TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings> op) {
    if (op instanceof TablePlan.AddService<ServiceKey, ServiceSettings, DestKey, DestSettings> a) {
      if (services.containsKey(a.service())) {
        return refuse(Errno.EEXIST, op);
      }
      if (!SCHEDULERS.contains(a.settings().scheduler())) {
        return refuse(Errno.ENOENT, op);
      }
      services.put(a.service(), a.settings());
      dests.put(a.service(), new LinkedHashMap<>());
      touch(a.service());
    } else if (op
        instanceof TablePlan.EditService<ServiceKey, ServiceSettings, DestKey, DestSettings> e) {
      if (!services.containsKey(e.service())) {
        return refuse(Errno.ESRCH, op);
      }
      services.put(e.service(), e.after());
      touch(e.service());
    } else if (op
        instanceof TablePlan.DeleteService<ServiceKey, ServiceSettings, DestKey, DestSettings> d) {
      if (services.remove(d.service()) == null) {
        return refuse(Errno.ESRCH, op);
      }
      dests.remove(d.service());
      touch(d.service());
    } else if (op
        instanceof TablePlan.AddDestination<ServiceKey, ServiceSettings, DestKey, DestSettings> a) {
      Map<DestKey, DestSettings> m = dests.get(a.service());
      if (m == null) {
        return refuse(Errno.ESRCH, op);
      }
      if (m.putIfAbsent(a.destination(), a.settings()) != null) {
        return refuse(Errno.EEXIST, op);
      }
      touch(List.of(a.service(), a.destination()));
    } else if (op
        instanceof
        TablePlan.EditDestination<ServiceKey, ServiceSettings, DestKey, DestSettings> e) {
      Map<DestKey, DestSettings> m = dests.get(e.service());
      if (m == null) {
        return refuse(Errno.ESRCH, op);
      }
      if (m.replace(e.destination(), e.after()) == null) {
        return refuse(Errno.ENOENT, op);
      }
      touch(List.of(e.service(), e.destination()));
    } else if (op
        instanceof
        TablePlan.DeleteDestination<ServiceKey, ServiceSettings, DestKey, DestSettings> d) {
      Map<DestKey, DestSettings> m = dests.get(d.service());
      if (m == null) {
        return refuse(Errno.ESRCH, op);
      }
      if (m.remove(d.destination()) == null) {
        return refuse(Errno.ENOENT, op);
      }
      touch(List.of(d.service(), d.destination()));
    }
    return null;
  }

  private void touch(Object entry) {
    writesPerEntry.merge(entry, 1, Integer::sum);
  }

  private static RuntimeException refuse(int errno, Object op) {
    return new NetlinkException(errno, null, op.toString());
  }
}
