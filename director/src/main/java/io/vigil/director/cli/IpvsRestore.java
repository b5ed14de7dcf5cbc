package io.vigil.director.cli;

import io.vigil.director.reconcile.IpvsReconciler;
import io.vigil.director.reconcile.NetlinkIpvsKernel;
import io.vigil.netlink.NetlinkConnection.Request;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.text.ConfigSync;
import io.vigil.netlink.ipvs.text.Names;
import io.vigil.netlink.ipvs.text.Rule;
import io.vigil.netlink.ipvs.text.RuleParser;
import io.vigil.netlink.ipvs.text.RuleTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What {@code vigil ipvs restore} does, without picocli: {@link IpvsRestoreCommand} runs it from
 * the command tree and {@link FastCommands} runs it before the tree is built (an operator pays for
 * the JVM's start, not for reflecting over every command).
 */
final class IpvsRestore {
  /** The exit code for bad lines: ipvsadm -R's for a line it cannot parse. */
  static final int EXIT_BAD_LINE = 2;

  private final Supplier<IpvsClient> opener;
  private final Supplier<Names> names;
  private final PrintWriter err;
  private long parseNs;

  IpvsRestore(Supplier<IpvsClient> opener, Supplier<Names> names, PrintWriter err) {
    this.opener = opener;
    this.names = names;
    this.err = err;
  }

  /**
   * Reads the rules on {@code in} and applies them (with {@code sync}: only the difference with the
   * kernel's table); the exit code. The kernel's errors on opening escape as exceptions.
   */
  int run(InputStream in, boolean sync, boolean verbose) throws IOException {
    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    Names n = names.get();
    long p0 = System.nanoTime();
    RuleParser.Result parsed = RuleParser.parse(text, n);
    parseNs = System.nanoTime() - p0;
    if (!parsed.errors().isEmpty()) {
      parsed.errors().forEach(e -> err.println(e));
      err.println(
          "vigil ipvs restore: nothing applied ("
              + parsed.errors().size()
              + " bad line"
              + (parsed.errors().size() == 1 ? ")" : "s)"));
      err.flush();
      return EXIT_BAD_LINE;
    }
    try (IpvsClient c = opener.get()) {
      // one read first: without CAP_NET_ADMIN that fails once, not once per rule
      c.info();
      return sync ? sync(c, parsed.rules(), verbose) : replay(c, parsed.rules(), verbose);
    } catch (RuntimeException e) {
      throw FastCommands.explain(e);
    } finally {
      err.flush();
    }
  }

  /** Sends every rule as it stands, batched; reports each refusal with its line. */
  private int replay(IpvsClient c, List<Rule> rules, boolean verbose) {
    List<Request> requests = new ArrayList<>(rules.size());
    for (Rule r : rules) {
      requests.add(request(c, r));
    }
    long sentBefore = c.connection().requestsSent();
    long t0 = System.nanoTime();
    List<RuntimeException> out = c.apply(requests);
    long applyNs = System.nanoTime() - t0;
    int refused = refusals(rules, out);
    summary(verbose, c.connection().requestsSent() - sentBefore, refused, applyNs);
    return refused == 0 ? 0 : CliErrors.EXIT_FAILURE;
  }

  /** Reports each refused request with the line of its rule; how many were refused. */
  private int refusals(List<Rule> rules, List<RuntimeException> out) {
    int refused = 0;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) != null) {
        refused++;
        err.println(
            "line " + rules.get(i).line() + ": " + FastCommands.explain(out.get(i)).getMessage());
      }
    }
    return refused;
  }

  static Request request(IpvsClient c, Rule r) {
    if (r instanceof Rule.AddService a) {
      return c.addServiceRequest(a.service(), a.settings());
    } else if (r instanceof Rule.EditService e) {
      return c.editServiceRequest(e.service(), e.settings());
    } else if (r instanceof Rule.DeleteService d) {
      return c.deleteServiceRequest(d.service());
    } else if (r instanceof Rule.AddDest a) {
      return c.addDestRequest(a.service(), a.dest(), a.settings());
    } else if (r instanceof Rule.EditDest e) {
      return c.editDestRequest(e.service(), e.dest(), e.settings());
    } else if (r instanceof Rule.DeleteDest d) {
      return c.deleteDestRequest(d.service(), d.dest());
    } else if (r instanceof Rule.Clear) {
      return c.flushRequest();
    } else if (r instanceof Rule.Zero z) {
      return c.zeroRequest(z.service());
    } else if (r instanceof Rule.SetTimeouts t) {
      return c.setTimeoutsRequest(t.timeouts());
    } else if (r instanceof Rule.StartDaemon d) {
      return c.startDaemonRequest(d.daemon());
    } else if (r instanceof Rule.StopDaemon d) {
      return c.stopDaemonRequest(d.role());
    }
    throw new IllegalArgumentException("no request for " + r);
  }

  /**
   * Makes the kernel's table equal to the one the rules describe, with the fewest requests; then
   * sends what {@link ConfigSync} plans for the timeouts, the sync daemons and {@code -Z}.
   */
  private int sync(IpvsClient c, List<Rule> rules, boolean verbose) {
    RuleTable.Result desired = RuleTable.of(rules);
    if (!desired.errors().isEmpty()) {
      desired.errors().forEach(e -> err.println(e));
      err.println("vigil ipvs restore: nothing applied");
      return CliErrors.EXIT_FAILURE;
    }
    Map<ServiceKey, IpvsReconciler.Wanted> want = new LinkedHashMap<>();
    desired
        .services()
        .forEach((k, s) -> want.put(k, new IpvsReconciler.Wanted(s.settings(), s.destinations())));
    NetlinkIpvsKernel kernel = new NetlinkIpvsKernel(c);
    long t0 = System.nanoTime();
    IpvsReconciler.Outcome outcome = new IpvsReconciler(kernel, true).reconcile(want);
    long applyNs = System.nanoTime() - t0;
    for (IpvsReconciler.Failure f : outcome.failures()) {
      err.println("vigil ipvs restore: " + FastCommands.explain(f.error()).getMessage());
    }
    int refused = outcome.failures().size();
    long t1 = System.nanoTime();
    List<Rule> config =
        ConfigSync.plan(
            rules,
            ConfigSync.setsTimeouts(rules) ? c.timeouts() : null,
            ConfigSync.touchesDaemons(rules) ? c.daemons() : List.of(),
            desired.services().keySet());
    if (!config.isEmpty()) {
      List<Request> requests = new ArrayList<>(config.size());
      for (Rule r : config) {
        requests.add(request(c, r));
      }
      refused += refusals(config, c.apply(requests));
    }
    applyNs += System.nanoTime() - t1;
    summary(verbose, kernel.writesSent() + config.size(), refused, applyNs);
    return refused == 0 ? 0 : CliErrors.EXIT_FAILURE;
  }

  private void summary(boolean verbose, long writes, int refused, long applyNs) {
    if (verbose) {
      err.println(
          "vigil ipvs restore: parsed in "
              + millis(parseNs)
              + " ms; "
              + writes
              + " write requests, "
              + refused
              + " refused, applied in "
              + millis(applyNs)
              + " ms");
    }
  }

  /**
   * {@code ns} (not negative) in milliseconds with three decimals, rounded half up, as {@code %.3f}
   * writes it in the root locale. Not with {@link java.util.Formatter}: its first use (the format's
   * regular expression, the decimal conversion, the locale's symbols) took about 360 ms of the
   * command in the lab VM, for its last line; and a locale with a decimal comma changed it.
   */
  static String millis(long ns) {
    long us = (ns + 500) / 1000;
    long frac = us % 1000;
    return us / 1000 + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
  }
}
