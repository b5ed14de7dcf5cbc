package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.VigilJvm;
import io.vigil.lab.NetLab;
import io.vigil.lab.Netns;
import io.vigil.lab.NsProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * keepalived's {@code -s NAME} on {@code vigil run}, against real namespaces: started in NAME, it
 * runs with NAME in place of the configuration's {@code net_namespace} (keepalived's "Overriding"
 * line as a warning); started elsewhere, it refuses to run, since Vigil does not switch namespaces.
 */
class VigilRunNamespaceOptionIT {
  @RegisterExtension final NetLab lab = new NetLab();
  @TempDir Path dir;

  @Test
  void theNamespaceOnTheCommandLineIsTheOneItRunsInOrItRefuses() throws Exception {
    Netns a = DirectorLan.on(lab).a();
    Netns red = lab.netns("red");
    Path c =
        Files.writeString(
            dir.resolve("v.conf"),
            "net_namespace elsewhere\n" + DirectorLan.withGlobals("", "192.0.2.100"));

    NsProcess wrong =
        red.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString(), "-s", a.name()));
    assertThat(wrong.waitFor(Duration.ofSeconds(30))).isEqualTo(1);
    assertThat(wrong.output())
        .contains(
            "vigil run: -s "
                + a.name()
                + ": vigil does not change network namespace; it runs in the one it is started in,"
                + " which is not '"
                + a.name()
                + "'");

    NsProcess v = a.start(VigilJvm.argv("run", "--vrrp-only", "-f", c.toString(), "-s", a.name()));
    v.awaitOutput(Pattern.compile("INSTANCE VI_1: MASTER"), Duration.ofSeconds(30));
    assertThat(v.output())
        .contains(
            "Overriding config net_namespace 'elsewhere' with command line namespace '"
                + a.name()
                + "'");
    v.signal("TERM");
    assertThat(v.waitFor(Duration.ofSeconds(15))).isZero();
  }
}
