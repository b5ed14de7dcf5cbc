package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code vigil run}'s options read without picocli ({@link RunCommand#plain}): whatever it takes,
 * the command tree reads the same way; what it leaves, the command tree gets.
 */
class RunCommandPlainTest {
  /** The fields the options set, for comparison. */
  private static List<Object> fields(RunCommand c) {
    return Arrays.asList(
        c.file,
        c.configId,
        c.checkOnly,
        c.vrrpOnly,
        c.keepIpvs,
        c.reconcileIntervalMs,
        c.statusPort,
        c.pidFile,
        c.umask,
        c.dontReleaseVrrp,
        c.vrrpPidFile,
        c.checkersPidFile,
        c.bfdPidFile,
        c.dumpConfig,
        c.logFacility,
        c.coreDump,
        c.corePattern,
        c.allConfig,
        c.namespace,
        c.addressMonitoring,
        c.noBfd,
        c.debug);
  }

  /** What picocli makes of the same arguments; null when it refuses them. */
  private static RunCommand picocli(String[] args) {
    RunCommand c = new RunCommand();
    try {
      new CommandLine(c).parseArgs(Arrays.copyOfRange(args, 1, args.length));
    } catch (CommandLine.ParameterException e) {
      return null;
    }
    return c;
  }

  static Stream<String> plainForms() {
    return Stream.of(
        "run",
        "run -f /etc/keepalived/keepalived.conf",
        "run --use-file /tmp/k.conf --debug",
        "run --use-file=/tmp/k.conf -C --keep-ipvs",
        "run -P -i lb1 --status-port 0",
        "run --config-id=lb2 --reconcile-interval=3600000 --vrrp-only",
        "run --check-only --status-port=9181 --reconcile-interval 250 -f k.conf",
        "run -p /run/keepalived.pid -u 077",
        "run --pid=/run/vigil/vigil.pid --umask 0x3f -P",
        "run -n -l -D -f /etc/keepalived/keepalived.conf",
        "run --dont-fork --log-console --log-detail --no-syslog --dont-respawn --vrrp",
        "run -D -D --check -I",
        "run --dont-release-ipvs -G -R",
        "run -V -I -f /etc/keepalived/keepalived.conf",
        "run --dont-release-vrrp -X --all",
        "run --release-vips -P",
        "run -p /run/keepalived.pid -r /run/vrrp.pid -c /run/checkers.pid -b /run/bfd.pid",
        "run --vrrp_pid=/run/v.pid --checkers_pid /run/c.pid --bfd_pid=/run/b.pid -d",
        "run -S local3 --dump-conf",
        "run --log-facility=daemon -D",
        "run -m -n -f k.conf",
        "run --core-dump -V",
        "run -e -f k.conf",
        "run --all-config -m",
        "run -s blue -f k.conf",
        "run --namespace=blue -P",
        "run -a -D",
        "run --address-monitoring -f k.conf",
        "run -B -f k.conf",
        "run --no_bfd -C");
  }

  @ParameterizedTest
  @MethodSource("plainForms")
  void anOperatorsUsualFormsAreTakenAndReadAsPicocliReadsThem(String line) {
    String[] args = line.split(" ");
    RunCommand fast = RunCommand.plain(args);
    assertThat(fast).as(line).isNotNull();
    assertThat(fields(fast)).as(line).isEqualTo(fields(picocli(args)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "run --help",
        "run -h",
        "run -v",
        "run --version",
        "run -V --dont-release-vrrp",
        "run -f",
        "run -f a -f b",
        "run --debug --debug",
        "run -C -C",
        "run -f -C",
        "run -fk.conf",
        "run -f=k.conf",
        "run -CP",
        "run --debug=true",
        "run --status-port 08",
        "run --status-port 0x10",
        "run --status-port +1",
        "run --status-port 99999999999",
        "run --reconcile-interval -1",
        "run --use-file=",
        "run -p",
        "run -u -p x",
        "run -p a --pid b",
        "run -r",
        "run -d -d",
        "run -M",
        "run -m --core-dump-pattern=core.%p",
        "run -S",
        "run -c a -c b",
        "run -s",
        "run -s a --namespace b",
        "run -B --no_bfd",
        "run -nlD",
        "run --log-detail=yes",
        "run --check --check-only",
        "run -- k.conf",
        "run k.conf",
        "run --unknown",
        "status",
        "ipvs restore"
      })
  void anythingElseIsLeftToTheCommandTree(String line) {
    assertThat(RunCommand.plain(line.split(" "))).as(line).isNull();
  }

  /** Random argument lists from the options' words, valid or not: never read otherwise. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void whatItTakesPicocliReadsTheSame(long seed) {
    String[] words = {
      "-f",
      "--use-file",
      "--use-file=a.conf",
      "-i",
      "--config-id",
      "--config-id=x",
      "-C",
      "--check-only",
      "-P",
      "--vrrp-only",
      "--keep-ipvs",
      "-V",
      "-X",
      "-r",
      "-c",
      "--bfd_pid=b.pid",
      "-d",
      "-m",
      "-e",
      "-a",
      "-B",
      "-S",
      "local1",
      "--debug",
      "--reconcile-interval",
      "--reconcile-interval=10",
      "--status-port",
      "--status-port=0",
      "a.conf",
      "/tmp/b.conf",
      "lb1",
      "0",
      "7",
      "010",
      "-1",
      "65536",
      "--",
      "-h",
      "x=y",
      "--status-port=",
      "2147483648",
      "-p",
      "--pid=/run/v.pid",
      "-u",
      "--umask",
      "077",
      "-n",
      "-D",
      "--log-detail",
      "--check",
      "--vrrp",
      "-I",
      "--dont-release-ipvs"
    };
    Random r = new Random(seed);
    int taken = 0;
    for (int n = 0; n < 2000; n++) {
      List<String> args = new ArrayList<>(List.of("run"));
      int len = r.nextInt(7);
      for (int i = 0; i < len; i++) {
        args.add(words[r.nextInt(words.length)]);
      }
      String[] a = args.toArray(String[]::new);
      RunCommand fast = RunCommand.plain(a);
      if (fast == null) {
        continue;
      }
      taken++;
      RunCommand tree = picocli(a);
      assertThat(tree).as(args.toString()).isNotNull();
      assertThat(fields(fast)).as(args.toString()).isEqualTo(fields(tree));
    }
    assertThat(taken).as("lists taken").isGreaterThan(100);
  }
}
