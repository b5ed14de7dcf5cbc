package io.vigil.netlink.ipvs.text;

import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table a list of rules describes when applied to an empty table, computed without a kernel:
 * what {@code vigil ipvs restore --sync} makes the kernel's table equal to. A rule the kernel would
 * refuse (adding what exists, editing, deleting or zeroing what does not) is an error of its line.
 * Timeouts and sync daemons are not part of the table: see {@link ConfigSync}.
 */
public final class RuleTable {
  /** One service's settings and its destinations, in the order they were added. */
  public record Service(ServiceSettings settings, Map<DestKey, DestSettings> destinations) {}

  /** The table, in the order services were added, or the errors. */
  public record Result(Map<ServiceKey, Service> services, List<RuleParser.Error> errors) {}

  private RuleTable() {}

  public static Result of(List<Rule> rules) {
    Map<ServiceKey, ServiceSettings> settings = new LinkedHashMap<>();
    Map<ServiceKey, Map<DestKey, DestSettings>> dests = new LinkedHashMap<>();
    List<RuleParser.Error> errors = new ArrayList<>();
    for (Rule r : rules) {
      String problem = null;
      if (r instanceof Rule.Clear) {
        settings.clear();
        dests.clear();
      } else if (r instanceof Rule.AddService a) {
        if (settings.containsKey(a.service())) {
          problem = "service " + a.service() + " already exists";
        } else {
          settings.put(a.service(), a.settings());
          dests.put(a.service(), new LinkedHashMap<>());
        }
      } else if (r instanceof Rule.EditService e) {
        if (settings.containsKey(e.service())) {
          settings.put(e.service(), e.settings());
        } else {
          problem = "no service " + e.service();
        }
      } else if (r instanceof Rule.DeleteService d) {
        if (settings.remove(d.service()) == null) {
          problem = "no service " + d.service();
        }
        dests.remove(d.service());
      } else if (r instanceof Rule.AddDest a) {
        Map<DestKey, DestSettings> m = dests.get(a.service());
        if (m == null) {
          problem = "no service " + a.service();
        } else if (m.containsKey(a.dest())) {
          problem = "destination " + a.dest() + " of " + a.service() + " already exists";
        } else {
          m.put(a.dest(), a.settings());
        }
      } else if (r instanceof Rule.EditDest e) {
        Map<DestKey, DestSettings> m = dests.get(e.service());
        if (m == null || !m.containsKey(e.dest())) {
          problem = "no destination " + e.dest() + " in " + e.service();
        } else {
          m.put(e.dest(), e.settings());
        }
      } else if (r instanceof Rule.DeleteDest d) {
        Map<DestKey, DestSettings> m = dests.get(d.service());
        if (m == null || m.remove(d.dest()) == null) {
          problem = "no destination " + d.dest() + " in " + d.service();
        }
      } else if (r instanceof Rule.Zero z) {
        if (z.service() != null && !settings.containsKey(z.service())) {
          problem = "no service " + z.service();
        }
      }
      if (problem != null) {
        errors.add(new RuleParser.Error(r.line(), problem));
      }
    }
    Map<ServiceKey, Service> out = new LinkedHashMap<>();
    settings.forEach(
        (k, s) -> out.put(k, new Service(s, Collections.unmodifiableMap(dests.get(k)))));
    return new Result(Collections.unmodifiableMap(out), List.copyOf(errors));
  }
}
