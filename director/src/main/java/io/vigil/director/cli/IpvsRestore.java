package io.vigil.director.cli;

import io.vigil.director.reconcile.IpvsReconciler;
import io.vigil.director.reconcile.NetlinkIpvsKernel;
import io.vigil.netlink.NetlinkConnection.Request;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.ServiceKey;
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
      return CliErrors.EXIT_FAILURE;
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
    int refused = 0;
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i) != null) {
        refused++;
        err.println(
            "line " + rules.get(i).line() + ": " + FastCommands.explain(out.get(i)).getMessage());
      }
    }
    summary(verbose, c.connection().requestsSent() - sentBefore, refused, applyNs);
    return refused == 0 ? 0 : CliErrors.EXIT_FAILURE;
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
    }
    return c.flushRequest();
  }

  /** Makes the kernel's table equal to the one the rules describe, with the fewest requests. */
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
    summary(verbose, kernel.writesSent(), refused, applyNs);
    return refused == 0 ? 0 : CliErrors.EXIT_FAILURE;
  }

  private void summary(boolean verbose, long writes, int refused, long applyNs) {
    if (verbose) {
      err.printf(
          "vigil ipvs restore: parsed in %.3f ms; %d write requests, %d refused, applied in %.3f"
              + " ms%n",
          parseNs / 1e6, writes, refused, applyNs / 1e6);
    }
  }
}
