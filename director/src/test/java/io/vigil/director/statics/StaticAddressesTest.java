package io.vigil.director.statics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.config.model.StaticAddress;
import io.vigil.netlink.rtnl.IfAddress;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StaticAddressesTest {
  /** Interfaces eth0 (index 2) and eth1 (3); EEXIST / EADDRNOTAVAIL as the kernel answers. */
  static final class Twin implements AddressKernel {
    final List<IfAddress> addresses = new ArrayList<>();
    final List<String> requests = new ArrayList<>();
    final Map<String, Integer> links = new java.util.HashMap<>(Map.of("eth0", 2, "eth1", 3));

    @Override
    public int indexOf(String dev) {
      Integer i = links.get(dev);
      if (i == null) {
        throw new IllegalArgumentException("no interface " + dev);
      }
      return i;
    }

    @Override
    public List<IfAddress> addresses() {
      return List.copyOf(addresses);
    }

    @Override
    public void add(IfAddress a) {
      requests.add("add " + a.address().getHostAddress() + "/" + a.prefixLength());
      if (addresses.stream().anyMatch(x -> StaticAddressPlan.sameKey(x, a))) {
        throw new IllegalStateException("File exists (EEXIST)");
      }
      addresses.add(a);
    }

    @Override
    public void delete(IfAddress a) {
      requests.add("delete " + a.address().getHostAddress() + "/" + a.prefixLength());
      if (!addresses.removeIf(x -> StaticAddressPlan.sameKey(x, a))) {
        throw new IllegalStateException("Cannot assign requested address (EADDRNOTAVAIL)");
      }
    }

    @Override
    public void close() {}
  }

  static List<StaticAddress> statics(String... lines) {
    LoadResult r =
        ConfigLoader.loadString(
            "static_ipaddress {\n  " + String.join("\n  ", lines) + "\n}\n",
            "t.conf",
            Path.of("/nonexistent"),
            Environment.fixed("node1", Set.of("eth0", "eth1")));
    assertThat(r.diagnostics()).isEmpty();
    return r.config().staticAddresses();
  }

  private final Twin kernel = new Twin();
  private final StaticAddresses statics = new StaticAddresses(() -> kernel);

  @Test
  void missingAddressesAreAddedWithEveryAttributeAndPresentOnesLeftAlone() throws Exception {
    kernel.addresses.add(
        new IfAddress(3, InetAddress.getByName("198.51.100.7"), 24, null, 0, null, 0));
    int failed =
        statics.apply(
            statics(
                "192.0.2.5/24 dev eth0 brd 192.0.2.255 scope site label eth0:st -nodad",
                "198.51.100.7/24 dev eth1"));
    assertThat(failed).isZero();
    assertThat(kernel.requests).containsExactly("add 192.0.2.5/24");
    IfAddress a = kernel.addresses.get(1);
    assertThat(a.index()).isEqualTo(2);
    assertThat(a.label()).isEqualTo("eth0:st");
    assertThat(a.scope()).isEqualTo(200);
    assertThat(a.broadcast().getHostAddress()).isEqualTo("192.0.2.255");
    assertThat(a.flags()).as("-nodad takes IFA_F_NODAD away; IPv4 never had it").isZero();

    kernel.requests.clear();
    assertThat(statics.apply(statics("192.0.2.5/24 dev eth0", "198.51.100.7/24 dev eth1")))
        .isZero();
    assertThat(kernel.requests).isEmpty(); // a restart adds nothing that is there
  }

  @Test
  void ipv6AddressesAreAddedAsKeepalivedAddsThem() throws Exception {
    statics.apply(
        statics(
            "2001:db8::5/64 dev eth0",
            "2001:db8::6 dev eth0",
            "2001:db8::7/64 dev eth0 -nodad home preferred_lft 60",
            "192.0.2.7 dev eth0 peer 192.0.2.8 noprefixroute"));
    IfAddress plain = kernel.addresses.get(0);
    assertThat(plain.flags()).as("nodad unless -nodad").isEqualTo(IfAddress.F_NODAD);
    assertThat(plain.preferredLifetime()).isEqualTo(IfAddress.FOREVER);
    IfAddress host = kernel.addresses.get(1);
    assertThat(host.preferredLifetime()).as("a /128 is deprecated").isZero();
    IfAddress dad = kernel.addresses.get(2);
    assertThat(dad.flags()).isEqualTo(IfAddress.F_HOMEADDRESS);
    assertThat(dad.preferredLifetime()).isEqualTo(60);
    IfAddress p2p = kernel.addresses.get(3);
    assertThat(p2p.peer()).isEqualTo(InetAddress.getByName("192.0.2.8"));
    assertThat(p2p.prefixLength()).isEqualTo(32);
    assertThat(p2p.flags()).isEqualTo(IfAddress.F_NOPREFIXROUTE);
    assertThat(p2p.preferredLifetime()).as("IPv4: no lifetimes").isEqualTo(IfAddress.FOREVER);
  }

  @Test
  void oneDeletedBehindOurBackIsAddedAgainUnlessNoTrackAsKeepalivedRestoresIt() throws Exception {
    statics.apply(statics("192.0.2.5/24 dev eth0", "192.0.2.6/24 dev eth0 no_track"));
    assertThat(statics.tracking()).isTrue();
    IfAddress tracked = kernel.addresses.get(0);
    IfAddress untracked = kernel.addresses.get(1);
    kernel.addresses.clear(); // both deleted by someone else
    kernel.requests.clear();
    assertThat(statics.removed(untracked)).isFalse();
    assertThat(statics.removed(tracked)).isTrue();
    assertThat(kernel.requests).containsExactly("add 192.0.2.5/24");
    // not ours: another interface's address of the same value, or another address
    assertThat(statics.removed(new IfAddress(3, tracked.address(), 24, null, 0, null, 0)))
        .isFalse();
    assertThat(statics.removed(IfAddress.of(2, InetAddress.getByName("192.0.2.7"), 24))).isFalse();
    assertThat(kernel.requests).hasSize(1);
  }

  @Test
  void afterLostEventsEveryMissingTrackedOneIsAddedAgain() {
    statics.apply(
        statics(
            "192.0.2.5/24 dev eth0", "192.0.2.6/24 dev eth0", "192.0.2.7/24 dev eth0 no_track"));
    kernel.addresses.removeIf(a -> !a.address().getHostAddress().equals("192.0.2.6"));
    kernel.requests.clear();
    assertThat(statics.repair()).isEqualTo(1);
    assertThat(kernel.requests).containsExactly("add 192.0.2.5/24");
    assertThat(statics.repair()).isZero();
  }

  @Test
  void onAnInterfaceMadeAgainItsTrackedOnesAreAddedAgainAsKeepalivedDoes() {
    statics.apply(
        statics(
            "192.0.2.5/24 dev eth1", "192.0.2.6/24 dev eth1 no_track", "192.0.2.7/24 dev eth0"));
    kernel.links.remove("eth1"); // deleted, its addresses with it
    kernel.addresses.removeIf(a -> a.index() == 3);
    kernel.requests.clear();
    assertThat(statics.linkChanged("eth0")).as("nothing of ours missing there").isZero();
    assertThat(statics.linkChanged("eth7")).as("not ours").isZero();
    assertThat(kernel.requests).isEmpty();
    kernel.links.put("eth1", 9); // made again, a new index
    assertThat(statics.linkChanged("eth1")).isEqualTo(1);
    assertThat(kernel.requests).containsExactly("add 192.0.2.5/24");
    assertThat(kernel.addresses).anyMatch(a -> a.index() == 9);
    assertThat(statics.linkChanged("eth1")).as("there now").isZero();
  }

  @Test
  void aDroppedOnesDeletionIsNotTakenForOneBehindOurBack() {
    statics.apply(statics("192.0.2.5/24 dev eth0"));
    IfAddress a = kernel.addresses.get(0);
    statics.apply(List.of());
    kernel.requests.clear();
    assertThat(statics.removed(a)).isFalse();
    assertThat(statics.tracking()).isFalse();
    assertThat(kernel.requests).isEmpty();
  }

  @Test
  void aReloadAddsNewOnesAndDeletesDroppedOnesButAMovedLineIsNotDropped() {
    statics.apply(statics("192.0.2.5/24 dev eth0", "192.0.2.6/24 dev eth0"));
    kernel.requests.clear();
    statics.apply(statics("# moved", "192.0.2.6/24 dev eth0", "203.0.113.9/24 dev eth1"));
    assertThat(kernel.requests).containsExactly("delete 192.0.2.5/24", "add 203.0.113.9/24");
  }

  @Test
  void anAddressThatCannotBeAddedIsCountedAndTheOthersGoOn() {
    kernel.links.remove("eth0"); // configured, then the interface went away before the start
    assertThat(statics.apply(statics("192.0.2.5/24 dev eth0", "203.0.113.9/24 dev eth1")))
        .isEqualTo(1);
    assertThat(kernel.requests).containsExactly("add 203.0.113.9/24");
  }

  @Test
  void noStaticAddressesMeansNoKernelAtAll() {
    StaticAddresses none =
        new StaticAddresses(
            () -> {
              throw new AssertionError("opened");
            });
    assertThat(none.apply(List.of())).isZero();
  }
}
