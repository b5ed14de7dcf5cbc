package io.vigil.director.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.ExecResult;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * keepalived's own sample configurations (Debian's package ships them in
 * /usr/share/doc/keepalived/samples), each checked by {@code keepalived -t} and by {@code vigil
 * check-config} in one namespace with the interfaces they name: both accept the same samples and
 * refuse the others with the same exit status (5: configuration errors, 6: scripts without
 * enable_script_security). A sample that one accepts and the other refuses is a difference an
 * operator would meet on the first day.
 */
class KeepalivedSamplesIT {
  @RegisterExtension final NetLab lab = new NetLab();

  static final Path SAMPLES = Path.of("/usr/share/doc/keepalived/samples");

  @Test
  void keepalivedAndVigilAgreeOnEverySample() throws IOException {
    List<Path> samples;
    try (Stream<Path> s = Files.list(SAMPLES)) {
      samples =
          s.filter(p -> p.getFileName().toString().startsWith("keepalived.conf."))
              .sorted()
              .toList();
    }
    assertThat(samples).as("keepalived's samples in " + SAMPLES).hasSizeGreaterThan(20);
    Netns ns = lab.netns("samples");
    ns.sh(
        "ip link add eth0 type veth peer name eth1 && ip link add eth2 type veth peer name eth3"
            + " && for i in eth0 eth1 eth2 eth3; do ip link set $i up; done"
            + " && ip addr add 192.168.200.1/24 dev eth0 && ip addr add 192.168.100.1/24 dev eth1");
    List<String> table = new ArrayList<>();
    List<String> differ = new ArrayList<>();
    for (Path p : samples) {
      ExecResult k = ns.exec("keepalived", "-t", "-f", p.toString());
      ExecResult v = ns.exec(VigilJvm.argv("check-config", "-f", p.toString()));
      String line = p.getFileName() + " keepalived -t " + k.exitCode() + ", vigil " + v.exitCode();
      table.add(line);
      if (k.exitCode() != v.exitCode()) {
        differ.add(
            line + "\n  keepalived: " + k.stderr() + k.stdout() + "\n  vigil: " + v.stderr());
      }
    }
    System.out.println(String.join("\n", table));
    assertThat(differ).as("samples on which keepalived and vigil disagree").isEmpty();
  }
}
