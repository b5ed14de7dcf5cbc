package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.director.lvs.LvsModel.Backend;
import io.vigil.director.lvs.LvsModel.VirtualService;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.Forwarding;
import io.vigil.netlink.ipvs.Protocol;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DesiredTableTest {
  private final Map<String, Boolean> alive = new HashMap<>();
  private final Map<String, Integer> weights = new HashMap<>();
  private final DesiredTable.Health health =
      new DesiredTable.Health() {
        @Override
        public boolean alive(String id) {
          return alive.getOrDefault(id, true);
        }

        @Override
        public int weight(String id, int configured) {
          return weights.getOrDefault(id, configured);
        }
      };

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  private static Backend backend(String addr, int weight, boolean inhibit) throws Exception {
    return new Backend(
        "vs " + addr,
        new DestKey(ip(addr), 80),
        DestSettings.of(Forwarding.DROUTE, weight),
        inhibit);
  }

  private static VirtualService vs(
      List<ServiceKey> keys, long quorum, long hysteresis, Optional<Backend> sorry, Backend... bs) {
    return new VirtualService(
        "vs",
        keys,
        ServiceSettings.of("wlc", ServiceKey.AF_INET),
        quorum,
        hysteresis,
        sorry,
        List.of(bs));
  }

  private static DestSettings dr(int w) {
    return DestSettings.of(Forwarding.DROUTE, w);
  }

  @Test
  void everyAliveRealServerIsInEveryServiceOfTheVirtualServerAtItsWeight() throws Exception {
    ServiceKey a = ServiceKey.of(Protocol.TCP, ip("192.0.2.10"), 80);
    ServiceKey b = ServiceKey.of(Protocol.TCP, ip("192.0.2.11"), 80);
    LvsModel m =
        new LvsModel(
            List.of(
                vs(
                    List.of(a, b),
                    1,
                    0,
                    Optional.empty(),
                    backend("203.0.113.5", 3, false),
                    backend("203.0.113.6", 1, false))));

    DesiredTable.Result r = DesiredTable.compute(m, health, Map.of());

    assertThat(r.table()).containsOnlyKeys(a, b);
    assertThat(r.table().get(a).destinations())
        .containsEntry(new DestKey(ip("203.0.113.5"), 80), dr(3))
        .containsEntry(new DestKey(ip("203.0.113.6"), 80), dr(1));
    assertThat(r.table().get(b)).isEqualTo(r.table().get(a));
    assertThat(r.quorumUp()).containsEntry("vs", true);
  }

  @Test
  void aDeadServerLeavesUnlessInhibitedAndADynamicWeightIsUsed() throws Exception {
    ServiceKey a = ServiceKey.of(Protocol.TCP, ip("192.0.2.10"), 80);
    LvsModel m =
        new LvsModel(
            List.of(
                vs(
                    List.of(a),
                    1,
                    0,
                    Optional.empty(),
                    backend("203.0.113.5", 3, false),
                    backend("203.0.113.6", 1, true),
                    backend("203.0.113.7", 1, false))));
    alive.put("vs 203.0.113.5", false);
    alive.put("vs 203.0.113.6", false);
    weights.put("vs 203.0.113.7", 7);

    Map<DestKey, DestSettings> d =
        DesiredTable.compute(m, health, Map.of()).table().get(a).destinations();

    assertThat(d)
        .doesNotContainKey(new DestKey(ip("203.0.113.5"), 80))
        .containsEntry(new DestKey(ip("203.0.113.6"), 80), dr(0))
        .containsEntry(new DestKey(ip("203.0.113.7"), 80), dr(7));
  }

  @Test
  void losingQuorumBringsInTheSorryServerAndRegainingItSendsItAway() throws Exception {
    ServiceKey a = ServiceKey.of(Protocol.TCP, ip("192.0.2.10"), 80);
    Backend sorry = backend("198.51.100.9", 1, false);
    LvsModel m =
        new LvsModel(
            List.of(
                vs(
                    List.of(a),
                    2,
                    0,
                    Optional.of(sorry),
                    backend("203.0.113.5", 1, false),
                    backend("203.0.113.6", 1, false))));
    DesiredTable.Result up = DesiredTable.compute(m, health, Map.of());
    assertThat(up.table().get(a).destinations()).hasSize(2);

    alive.put("vs 203.0.113.5", false);
    DesiredTable.Result lost = DesiredTable.compute(m, health, up.quorumUp());

    assertThat(lost.changes()).containsExactly(new DesiredTable.QuorumChange("vs", false));
    assertThat(lost.table().get(a).destinations())
        .containsOnlyKeys(new DestKey(ip("198.51.100.9"), 80));

    alive.put("vs 203.0.113.5", true);
    DesiredTable.Result regained = DesiredTable.compute(m, health, lost.quorumUp());
    assertThat(regained.changes()).containsExactly(new DesiredTable.QuorumChange("vs", true));
    assertThat(regained.table().get(a).destinations())
        .hasSize(2)
        .doesNotContainKey(sorry.destination());
  }
}
