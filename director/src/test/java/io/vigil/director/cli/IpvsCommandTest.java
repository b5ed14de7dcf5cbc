package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.kernel.Errno;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.IpvsCodec;
import io.vigil.netlink.ipvs.text.Names;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `vigil ipvs` against a kernel twin: error paths and batching, without root or IPVS. */
class IpvsCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private int opened;

  private int run(FakeIpvsKernel kernel, String stdin, String... args) {
    IpvsCommand ipvs =
        new IpvsCommand(
            () -> {
              opened++;
              return new IpvsClient(kernel, 1000);
            },
            () -> Names.NUMERIC,
            () -> new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    CommandLine cl =
        new CommandLine(CommandLine.Model.CommandSpec.create().name("vigil"))
            .addSubcommand("ipvs", ipvs);
    cl.setExecutionExceptionHandler(new CliErrors());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  private static FakeIpvsKernel kernel() {
    return new FakeIpvsKernel(true, 0, i -> 0);
  }

  @Test
  void missingModuleIsOneClearLineAndNoStackTrace() {
    int rc = run(new FakeIpvsKernel(false, 0, i -> 0), "", "ipvs", "list", "-n");
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("vigil ipvs list: the ip_vs kernel module is not loaded")
        .doesNotContain("\n")
        .doesNotContain("Exception");
  }

  @Test
  void missingPrivilegeSaysCapNetAdmin() {
    int rc = run(new FakeIpvsKernel(true, Errno.EPERM, i -> 0), "", "ipvs", "list", "-n");
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "vigil ipvs list: IPVS needs CAP_NET_ADMIN (run as root): EPERM: get IPVS info:"
                + " Operation not permitted");
  }

  @Test
  void restoreWithoutPrivilegeFailsOnceNotOncePerRule() {
    FakeIpvsKernel k = new FakeIpvsKernel(true, Errno.EPERM, i -> Errno.EPERM);
    int rc = run(k, "-A -t 192.0.2.10:80\n-A -t 192.0.2.11:80\n", "ipvs", "restore");
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "vigil ipvs restore: IPVS needs CAP_NET_ADMIN (run as root): EPERM: get IPVS info:"
                + " Operation not permitted");
    assertThat(k.writes).isEmpty();
  }

  @Test
  void emptyTableListsLikeIpvsadm() {
    assertThat(run(kernel(), "", "ipvs", "list", "-n")).isZero();
    assertThat(out.toString())
        .isEqualTo(
            "IP Virtual Server version 1.2.1 (size=4096)\n"
                + "Prot LocalAddress:Port Scheduler Flags\n"
                + "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n");
  }

  @Test
  void listOfAMissingServiceFailsLikeIpvsadm() {
    assertThat(run(kernel(), "", "ipvs", "list", "-n", "-t", "192.0.2.9:80")).isEqualTo(1);
    assertThat(err.toString().strip()).isEqualTo("vigil ipvs list: No such service");
  }

  @Test
  void badLineAppliesNothingAndNamesTheLine() {
    FakeIpvsKernel k = kernel();
    int rc =
        run(
            k,
            "-A -t 192.0.2.10:80 -s rr\n-a -t 192.0.2.10:80 -r 203.0.113.5 -w x\n",
            "ipvs",
            "restore");
    assertThat(rc).as("ipvsadm -R's exit code for a bad line").isEqualTo(2);
    assertThat(err.toString())
        .startsWith("line 2: illegal weight specified\n")
        .contains("nothing applied");
    assertThat(opened).as("the kernel is not even asked").isZero();
    assertThat(k.writes).isEmpty();
  }

  @Test
  void everyRuleGoesInOneBatchAndEachRefusalIsReportedWithItsLine() {
    // the second write (line 3) is refused with EEXIST; the others stand
    FakeIpvsKernel k = new FakeIpvsKernel(true, 0, i -> i == 1 ? Errno.EEXIST : 0);
    String rules =
        "-A -t 192.0.2.10:80 -s rr\n\n-A -t 192.0.2.10:80 -s rr\n"
            + "-a -t 192.0.2.10:80 -r 203.0.113.5:80 -m -w 2\n-C\n";
    int rc = run(k, rules, "ipvs", "restore");
    assertThat(rc).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("line 3: EEXIST: add service TCP 192.0.2.10:80: File exists");
    assertThat(k.writes)
        .containsExactly(
            IpvsCodec.CMD_NEW_SERVICE,
            IpvsCodec.CMD_NEW_SERVICE,
            IpvsCodec.CMD_NEW_DEST,
            IpvsCodec.CMD_FLUSH);
  }

  @Test
  void syncAgainstAnEmptyKernelAddsWhatTheRulesDescribe() {
    FakeIpvsKernel k = kernel();
    String rules =
        "-A -t 192.0.2.10:80 -s rr\n-a -t 192.0.2.10:80 -r 203.0.113.5:80 -m\n"
            + "-A -u 192.0.2.10:53\n-D -u 192.0.2.10:53\n";
    assertThat(run(k, rules, "ipvs", "restore", "--sync", "-v")).isZero();
    assertThat(k.writes).containsExactly(IpvsCodec.CMD_NEW_SERVICE, IpvsCodec.CMD_NEW_DEST);
    assertThat(err.toString())
        .matches(
            "vigil ipvs restore: parsed in \\d+\\.\\d{3} ms; 2 write requests, 0 refused,"
                + " applied in \\d+\\.\\d{3} ms\\R");
  }

  @Test
  void millisecondsAreWrittenAsPercentPoint3fInTheRootLocale() {
    assertThat(IpvsRestore.millis(0)).isEqualTo("0.000");
    assertThat(IpvsRestore.millis(499)).isEqualTo("0.000");
    assertThat(IpvsRestore.millis(500)).isEqualTo("0.001");
    assertThat(IpvsRestore.millis(1_234_500)).isEqualTo("1.235");
    assertThat(IpvsRestore.millis(810_892_000)).isEqualTo("810.892");
    java.util.Random random = new java.util.Random(20261207);
    for (int i = 0; i < 100_000; i++) {
      // up to about 1,100 s, and now and then a value on a half microsecond
      long ns = random.nextLong(1L << 40);
      if (i % 4 == 0) {
        ns = ns / 1000 * 1000 + 500;
      }
      assertThat(IpvsRestore.millis(ns))
          .as("%d ns", ns)
          .isEqualTo(String.format(java.util.Locale.ROOT, "%.3f", ns / 1e6));
    }
  }
}
