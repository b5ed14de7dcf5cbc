package io.vigil.director.reconcile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The smallest set of kernel operations that turns the actual IPVS table into the desired one.
 *
 * <p>Services are keyed by identity (protocol, address, port or fwmark); destinations by service
 * and address. Anything that is not identity is edited in place, never deleted and re-created, so
 * the kernel keeps its counters and connections. Order: services added or edited, then their
 * destinations added or edited, then destinations deleted, then services deleted, so the table is
 * never missing something the desired state has. A service that the config does not own (set up by
 * hand or by another tool) is left alone and reported as foreign.
 *
 * @param <SK> service identity
 * @param <S> service settings (scheduler, flags, persistence, ...)
 * @param <DK> destination identity within a service
 * @param <D> destination settings (forwarding, weight, thresholds, ...)
 */
public final class TablePlan<SK, S, DK, D> {
  /** One kernel operation. */
  public sealed interface Op<SK, S, DK, D> {}

  public record AddService<SK, S, DK, D>(SK service, S settings) implements Op<SK, S, DK, D> {}

  public record EditService<SK, S, DK, D>(SK service, S before, S after)
      implements Op<SK, S, DK, D> {}

  public record DeleteService<SK, S, DK, D>(SK service) implements Op<SK, S, DK, D> {}

  public record AddDestination<SK, S, DK, D>(SK service, DK destination, D settings)
      implements Op<SK, S, DK, D> {}

  public record EditDestination<SK, S, DK, D>(SK service, DK destination, D before, D after)
      implements Op<SK, S, DK, D> {}

  public record DeleteDestination<SK, S, DK, D>(SK service, DK destination)
      implements Op<SK, S, DK, D> {}

  /** A service with its destinations. */
  public record Service<S, DK, D>(S settings, Map<DK, D> destinations) {}

  /** The operations, in the order to send them, and the foreign services left alone. */
  public record Result<SK, S, DK, D>(List<Op<SK, S, DK, D>> ops, List<SK> foreign) {}

  private TablePlan() {}

  /**
   * Plans the change from {@code actual} to {@code desired}. {@code owned} says which actual
   * services the config may delete; the others are reported in {@link Result#foreign()}.
   */
  public static <SK, S, DK, D> Result<SK, S, DK, D> plan(
      Map<SK, Service<S, DK, D>> desired, Map<SK, Service<S, DK, D>> actual, Predicate<SK> owned) {
    List<Op<SK, S, DK, D>> first = new ArrayList<>();
    List<Op<SK, S, DK, D>> dests = new ArrayList<>();
    List<Op<SK, S, DK, D>> destDeletes = new ArrayList<>();
    List<Op<SK, S, DK, D>> last = new ArrayList<>();
    List<SK> foreign = new ArrayList<>();

    Map<SK, S> desiredSettings = settings(desired);
    Map<SK, S> actualSettings = settings(actual);
    Diff<SK, S> services = Diff.of(actualSettings, desiredSettings);
    services.added().forEach((k, s) -> first.add(new AddService<>(k, s)));
    services.changed().forEach((k, c) -> first.add(new EditService<>(k, c.before(), c.after())));
    services
        .removed()
        .keySet()
        .forEach(
            k -> {
              if (owned.test(k)) {
                last.add(new DeleteService<>(k)); // the kernel drops its destinations with it
              } else {
                foreign.add(k);
              }
            });

    for (Map.Entry<SK, Service<S, DK, D>> e : desired.entrySet()) {
      SK k = e.getKey();
      Map<DK, D> have = actual.containsKey(k) ? actual.get(k).destinations() : Map.<DK, D>of();
      Diff<DK, D> d = Diff.of(have, e.getValue().destinations());
      d.added().forEach((dk, dv) -> dests.add(new AddDestination<>(k, dk, dv)));
      d.changed()
          .forEach((dk, c) -> dests.add(new EditDestination<>(k, dk, c.before(), c.after())));
      d.removed().keySet().forEach(dk -> destDeletes.add(new DeleteDestination<>(k, dk)));
    }

    List<Op<SK, S, DK, D>> ops = new ArrayList<>(first);
    ops.addAll(dests);
    ops.addAll(destDeletes);
    ops.addAll(last);
    return new Result<>(List.copyOf(ops), List.copyOf(foreign));
  }

  private static <SK, S, DK, D> Map<SK, S> settings(Map<SK, Service<S, DK, D>> table) {
    Map<SK, S> out = new LinkedHashMap<>();
    table.forEach((k, v) -> out.put(k, v.settings()));
    return out;
  }
}
