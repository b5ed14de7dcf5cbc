package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.model.Script;
import io.vigil.director.lvs.LvsModel.Backend;
import io.vigil.director.lvs.LvsModel.Scripts;
import io.vigil.director.lvs.LvsModel.VirtualService;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decisions alone: states in, the scripts to run (or none) out. */
class LvsNotificationsTest {
  private static Scripts scripts(String what) {
    return new Scripts(
        Optional.of(new Script(List.of(what + "-up"))),
        Optional.of(new Script(List.of(what + "-down"), Optional.of("nobody nogroup"))));
  }

  private static Backend backend(String addr) throws Exception {
    return new Backend(
        addr,
        new DestKey(InetAddress.getByName(addr), 80),
        DestSettings.of(Forwarding.DROUTE, 1),
        false,
        scripts(addr));
  }

  private static VirtualService vs(String name, boolean sorry, Backend... bs) throws Exception {
    return vs(name, sorry, false, bs);
  }

  private static VirtualService vs(String name, boolean sorry, boolean omega, Backend... bs)
      throws Exception {
    return new VirtualService(
        name,
        List.of(ServiceKey.fwmark(1, ServiceKey.AF_INET)),
        ServiceSettings.of("wlc", ServiceKey.AF_INET),
        1,
        0,
        sorry ? Optional.of(backend("203.0.113.99")) : Optional.empty(),
        List.of(bs),
        scripts(name),
        omega);
  }

  private static List<List<String>> argv(List<LvsNotifications.Run> runs) {
    return runs.stream().map(LvsNotifications.Run::argv).toList();
  }

  @Test
  void aRealServerTransitionRunsItsOwnScriptAndNoTransitionRunsNothing() throws Exception {
    LvsModel m = new LvsModel(List.of(vs("web", false, backend("203.0.113.5"))));
    assertThat(argv(LvsNotifications.server(m, "203.0.113.5", true, false)))
        .containsExactly(List.of("203.0.113.5-down"));
    assertThat(argv(LvsNotifications.server(m, "203.0.113.5", false, true)))
        .containsExactly(List.of("203.0.113.5-up"));
    assertThat(LvsNotifications.server(m, "203.0.113.5", true, true)).isEmpty();
    assertThat(LvsNotifications.server(m, "203.0.113.6", true, false)).isEmpty();
    // a script's own user words go with it (notify_down "..." nobody nogroup)
    assertThat(LvsNotifications.server(m, "203.0.113.5", true, false).get(0).user())
        .contains("nobody nogroup");
    assertThat(LvsNotifications.server(m, "203.0.113.5", false, true).get(0).user()).isEmpty();
  }

  @Test
  void quorumRunsOnChangesAndAtStartUpWithItOrDownWithASorryServer() throws Exception {
    LvsModel m =
        new LvsModel(
            List.of(vs("a", false, backend("203.0.113.5")), vs("b", true, backend("203.0.113.6"))));
    assertThat(argv(LvsNotifications.quorum(m, Map.of(), Map.of("a", false, "b", false))))
        .containsExactly(List.of("b-down"));
    // keepalived 2.2.7 at start: "Gained quorum" for each with its quorum, so quorum_up runs
    assertThat(argv(LvsNotifications.quorum(m, Map.of(), Map.of("a", true, "b", true))))
        .containsExactly(List.of("a-up"), List.of("b-up"));
    assertThat(
            argv(
                LvsNotifications.quorum(
                    m, Map.of("a", false, "b", true), Map.of("a", true, "b", false))))
        .containsExactly(List.of("a-up"), List.of("b-down"));
    assertThat(LvsNotifications.quorum(m, Map.of("a", true), Map.of("a", true))).isEmpty();
  }

  @Test
  void aReloadRunsDownScriptsOnlyForWhatItDropsWhileUp() throws Exception {
    LvsModel old =
        new LvsModel(
            List.of(
                vs("a", false, backend("203.0.113.5"), backend("203.0.113.6")),
                vs("b", false, backend("203.0.113.7")),
                vs("c", false, backend("203.0.113.8"))));
    LvsModel next = new LvsModel(List.of(vs("a", false, backend("203.0.113.5"))));
    List<LvsNotifications.Run> runs =
        LvsNotifications.reloaded(
            old, next, id -> !id.equals("203.0.113.8"), Map.of("a", true, "b", true, "c", false));
    assertThat(argv(runs))
        .containsExactly(
            List.of("203.0.113.6-down"), List.of("203.0.113.7-down"), List.of("b-down"));
    assertThat(LvsNotifications.reloaded(old, old, id -> true, Map.of("a", true))).isEmpty();
  }

  @Test
  void atShutdownOnlyOmegaRunsTheDownScriptsAndQuorumDownWhateverTheQuorumWas() throws Exception {
    LvsModel m =
        new LvsModel(
            List.of(
                vs("a", false, true, backend("203.0.113.5"), backend("203.0.113.6")),
                vs("b", false, false, backend("203.0.113.7"))));
    assertThat(argv(LvsNotifications.stopping(m, id -> !id.equals("203.0.113.6"))))
        .containsExactly(List.of("203.0.113.5-down"), List.of("a-down"));
  }
}
