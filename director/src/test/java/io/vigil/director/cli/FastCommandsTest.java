package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.kernel.Errno;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.IpvsCodec;
import io.vigil.netlink.ipvs.text.Names;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** `vigil ipvs restore` taken before the command tree: the same effect and words as through it. */
class FastCommandsTest {
  private static final String RULES =
      "-A -t 192.0.2.10:80 -s rr\n\n-A -t 192.0.2.10:80 -s rr\n"
          + "-a -t 192.0.2.10:80 -r 203.0.113.5:80 -m -w 2\n-C\n";

  /** A run's exit code, stderr and the kernel's write requests. */
  private record Run(int rc, String err, List<Integer> writes) {}

  private static Run fast(FakeIpvsKernel k, String stdin, String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc =
        FastCommands.run(
            args,
            () -> new IpvsClient(k, 1000),
            () -> Names.NUMERIC,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(rc, err.toString(StandardCharsets.UTF_8), k.writes);
  }

  private static Run tree(FakeIpvsKernel k, String stdin, String... args) {
    StringWriter err = new StringWriter();
    IpvsCommand ipvs =
        new IpvsCommand(
            () -> new IpvsClient(k, 1000),
            () -> Names.NUMERIC,
            () -> new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    CommandLine cl =
        new CommandLine(CommandLine.Model.CommandSpec.create().name("vigil"))
            .addSubcommand("ipvs", ipvs);
    cl.setExecutionExceptionHandler(new CliErrors());
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), err.toString(), k.writes);
  }

  @Test
  void appliesInOneBatchAndReportsEachRefusalAsTheCommandTreeDoes() {
    String[] args = {"ipvs", "restore"};
    Run fast = fast(new FakeIpvsKernel(true, 0, i -> i == 1 ? Errno.EEXIST : 0), RULES, args);
    Run tree = tree(new FakeIpvsKernel(true, 0, i -> i == 1 ? Errno.EEXIST : 0), RULES, args);
    assertThat(fast.rc()).isEqualTo(1);
    assertThat(fast.err().strip())
        .isEqualTo("line 3: EEXIST: add service TCP 192.0.2.10:80: File exists");
    assertThat(fast.writes())
        .containsExactly(
            IpvsCodec.CMD_NEW_SERVICE,
            IpvsCodec.CMD_NEW_SERVICE,
            IpvsCodec.CMD_NEW_DEST,
            IpvsCodec.CMD_FLUSH);
    assertThat(fast).isEqualTo(tree);
  }

  @Test
  void aBadLineAppliesNothingAsTheCommandTreeSays() {
    String rules = "-A -t 192.0.2.10:80\n-a -t 192.0.2.10:80 -r 203.0.113.5 -w 70000\n";
    Run fast = fast(new FakeIpvsKernel(true, 0, i -> 0), rules, "ipvs", "restore", "-v");
    Run tree = tree(new FakeIpvsKernel(true, 0, i -> 0), rules, "ipvs", "restore", "-v");
    assertThat(fast.rc()).isEqualTo(2);
    assertThat(fast.err()).startsWith("line 2: illegal weight specified\n");
    assertThat(fast.writes()).isEmpty();
    assertThat(fast).isEqualTo(tree);
  }

  @Test
  void zeroTimeoutAndDaemonLinesGoIntoTheBatchInInputOrder() {
    String rules =
        "-A -t 192.0.2.10:80 -s rr\n-a -t 192.0.2.10:80 -r 203.0.113.5:80 -m\n-Z\n"
            + "--set 900 0 60\n--start-daemon master --mcast-interface sync0 --syncid 9\n"
            + "-Z -t 192.0.2.10:80\n--stop-daemon backup\n-a -t 192.0.2.10:80 -r 203.0.113.6:80\n";
    // no backup daemon runs: the kernel refuses the seventh write
    FakeIpvsKernel k = new FakeIpvsKernel(true, 0, i -> i == 6 ? Errno.ESRCH : 0);
    Run fast = fast(k, rules, "ipvs", "restore");
    Run tree =
        tree(new FakeIpvsKernel(true, 0, i -> i == 6 ? Errno.ESRCH : 0), rules, "ipvs", "restore");
    assertThat(fast.rc()).isEqualTo(1);
    assertThat(fast.err().strip()).startsWith("line 7: ESRCH: stop sync daemon BACKUP");
    assertThat(fast.writes())
        .containsExactly(
            IpvsCodec.CMD_NEW_SERVICE,
            IpvsCodec.CMD_NEW_DEST,
            IpvsCodec.CMD_ZERO,
            IpvsCodec.CMD_SET_CONFIG,
            IpvsCodec.CMD_NEW_DAEMON,
            IpvsCodec.CMD_ZERO,
            IpvsCodec.CMD_DEL_DAEMON,
            IpvsCodec.CMD_NEW_DEST);
    // family resolution, IPVS info, then every write in one datagram
    assertThat(k.datagrams).isEqualTo(3);
    assertThat(fast).isEqualTo(tree);
  }

  @Test
  void syncComparesTimeoutsAndDaemonsAndZeroesLast() {
    String rules =
        "-Z\n-A -t 192.0.2.10:80 -s rr\n-a -t 192.0.2.10:80 -r 203.0.113.5:80 -m\n"
            + "--set 900 0 60\n--start-daemon master --mcast-interface sync0 --syncid 9\n"
            + "--stop-daemon backup\n";
    Run r = fast(new FakeIpvsKernel(true, 0, i -> 0), rules, "ipvs", "restore", "--sync", "-v");
    assertThat(r.rc()).as(r.err()).isZero();
    // the twin's kernel: timeouts 900 120 300, no daemon, no service
    assertThat(r.writes())
        .containsExactly(
            IpvsCodec.CMD_NEW_SERVICE,
            IpvsCodec.CMD_NEW_DEST,
            IpvsCodec.CMD_SET_CONFIG,
            IpvsCodec.CMD_NEW_DAEMON,
            IpvsCodec.CMD_ZERO);
    assertThat(r.err()).contains("5 write requests, 0 refused");
    Run same =
        fast(
            new FakeIpvsKernel(true, 0, i -> 0),
            "--set 900 120 0\n--stop-daemon master\n",
            "ipvs",
            "restore",
            "--sync",
            "-v");
    assertThat(same.writes()).isEmpty();
    assertThat(same.err()).contains("0 write requests, 0 refused");
  }

  @Test
  void aMissingPrivilegeIsOneLineNamedAfterTheCommand() {
    String rules = "-A -t 192.0.2.10:80\n";
    Run fast = fast(new FakeIpvsKernel(true, Errno.EPERM, i -> 0), rules, "ipvs", "restore");
    Run tree = tree(new FakeIpvsKernel(true, Errno.EPERM, i -> 0), rules, "ipvs", "restore");
    assertThat(fast.err().strip())
        .isEqualTo(
            "vigil ipvs restore: IPVS needs CAP_NET_ADMIN (run as root): EPERM: get IPVS info:"
                + " Operation not permitted");
    assertThat(fast).isEqualTo(tree);
  }

  @Test
  void syncAndVerboseInAnyOrder() {
    String rules = "-A -t 192.0.2.10:80 -s rr\n-a -t 192.0.2.10:80 -r 203.0.113.5:80 -m\n";
    Run fast = fast(new FakeIpvsKernel(true, 0, i -> 0), rules, "ipvs", "restore", "-v", "--sync");
    assertThat(fast.rc()).isZero();
    assertThat(fast.writes()).containsExactly(IpvsCodec.CMD_NEW_SERVICE, IpvsCodec.CMD_NEW_DEST);
    assertThat(fast.err()).contains("2 write requests, 0 refused");
    Run verbose =
        fast(new FakeIpvsKernel(true, 0, i -> 0), rules, "ipvs", "restore", "--sync", "--verbose");
    assertThat(verbose.err()).contains("2 write requests, 0 refused");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ipvs restore --help",
        "ipvs restore -h",
        "ipvs restore -v -v",
        "ipvs restore --verbose -v",
        "ipvs restore --sync --sync",
        "ipvs restore -vh",
        "ipvs restore --sync=true",
        "ipvs restore extra",
        "ipvs list -n",
        "ipvs save",
        "ipvs",
        "restore",
        "--version"
      })
  void leavesEverythingButThePlainFormsToTheCommandTree(String line) {
    FakeIpvsKernel k = new FakeIpvsKernel(true, 0, i -> 0);
    Run r = fast(k, "-A -t 192.0.2.10:80\n", line.split(" "));
    assertThat(r.rc()).isEqualTo(FastCommands.NOT_TAKEN);
    assertThat(r.err()).isEmpty();
    assertThat(r.writes()).isEmpty();
  }
}
