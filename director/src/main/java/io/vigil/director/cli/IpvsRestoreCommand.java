package io.vigil.director.cli;

import io.vigil.director.reconcile.IpvsReconciler;
import io.vigil.director.reconcile.NetlinkIpvsKernel;
import io.vigil.netlink.NetlinkConnection.Request;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.text.Rule;
import io.vigil.netlink.ipvs.text.RuleParser;
import io.vigil.netlink.ipvs.text.RuleTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code vigil ipvs restore}: reads ipvsadm's rule language on stdin and applies it in batches.
 * Every line is parsed and checked before the kernel hears of any: one bad line and nothing is
 * applied. Each request the kernel then refuses is reported with its line; the others stand.
 */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Apply ipvsadm rules (-A -E -D -a -e -d -C, as `ipvsadm -S` writes them) from stdin,"
          + " batched. Nothing is applied unless every line parses; each kernel refusal is"
          + " reported as `line N: reason`.",
    })
public final class IpvsRestoreCommand implements Callable<Integer> {
  @ParentCommand IpvsCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--sync",
      description =
          "The input is the whole desired table: compare it with the kernel's and send only the"
              + " difference (edits in place, services not in the input deleted); an equal table"
              + " sends no write request.")
  boolean sync;

  @Option(
      names = {"-v", "--verbose"},
      description = "Report on stderr how many requests were sent and how long applying took.")
  boolean verbose;

  private long parseNs;

  @Override
  public Integer call() throws IOException {
    String text = new String(parent.stdin().readAllBytes(), StandardCharsets.UTF_8);
    PrintWriter err = spec.commandLine().getErr();
    long p0 = System.nanoTime();
    RuleParser.Result parsed = RuleParser.parse(text, parent.names());
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
    try (IpvsClient c = parent.open()) {
      // one read first: without CAP_NET_ADMIN that fails once, not once per rule
      c.info();
      return sync ? sync(c, parsed.rules(), err) : replay(c, parsed.rules(), err);
    } catch (RuntimeException e) {
      throw IpvsCommand.explain(e);
    } finally {
      err.flush();
    }
  }

  /** Sends every rule as it stands, batched; reports each refusal with its line. */
  private int replay(IpvsClient c, List<Rule> rules, PrintWriter err) {
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
            "line " + rules.get(i).line() + ": " + IpvsCommand.explain(out.get(i)).getMessage());
      }
    }
    summary(err, c.connection().requestsSent() - sentBefore, refused, applyNs);
    return refused == 0 ? 0 : CliErrors.EXIT_FAILURE;
  }

  private static Request request(IpvsClient c, Rule r) {
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
  private int sync(IpvsClient c, List<Rule> rules, PrintWriter err) {
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
      err.println("vigil ipvs restore: " + IpvsCommand.explain(f.error()).getMessage());
    }
    int refused = outcome.failures().size();
    summary(err, kernel.writesSent(), refused, applyNs);
    return refused == 0 ? 0 : CliErrors.EXIT_FAILURE;
  }

  private void summary(PrintWriter err, long writes, int refused, long applyNs) {
    if (verbose) {
      err.printf(
          "vigil ipvs restore: parsed in %.3f ms; %d write requests, %d refused, applied in %.3f"
              + " ms%n",
          parseNs / 1e6, writes, refused, applyNs / 1e6);
    }
  }
}
