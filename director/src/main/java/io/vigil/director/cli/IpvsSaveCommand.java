package io.vigil.director.cli;

import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.text.ListFormat;
import io.vigil.netlink.ipvs.text.Names;
import io.vigil.netlink.ipvs.text.TableText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vigil ipvs save}: the table as rules, exactly as {@code ipvsadm -S} writes them. */
@Command(
    name = "save",
    mixinStandardHelpOptions = true,
    description = "Print the IPVS table as rules, exactly as `ipvsadm -S` does.")
public final class IpvsSaveCommand implements Callable<Integer> {
  @ParentCommand IpvsCommand parent;
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-n", "--numeric"},
      description = "Addresses and ports as numbers.")
  boolean numeric;

  @Override
  public Integer call() {
    Names names = numeric ? Names.NUMERIC : parent.names();
    String text;
    try (IpvsClient c = parent.open()) {
      text = new TableText(ListFormat.save(numeric), names).all(null, c.table());
    } catch (RuntimeException e) {
      throw IpvsCommand.explain(e);
    }
    spec.commandLine().getOut().print(text);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
