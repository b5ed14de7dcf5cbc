package io.vigil.director.lvs;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which real servers' checkers {@code ha_suspend} suspends, from the host's addresses. */
class HaSuspendTest {
  private static final Environment ENV = Environment.fixed("dir1", Set.of("eth0"));

  static LvsModel model(String conf) {
    LvsMapping.Result m =
        LvsMapping.map(ConfigLoader.loadString(conf, "t.conf", Path.of("."), ENV).config());
    assertThat(m.errors()).isEmpty();
    return m.model();
  }

  static String vs(String key, boolean haSuspend, String realServer) {
    return """
        virtual_server %s {
          lb_algo rr
          lb_kind DR
          protocol TCP
          %s
          real_server %s {
            TCP_CHECK {
            }
          }
        }
        """
        .formatted(key, haSuspend ? "ha_suspend" : "", realServer);
  }

  private static final LvsModel MODEL =
      model(
          vs("192.0.2.10 80", true, "198.51.100.2 80")
              + vs("2001:db8::10 80", true, "2001:db8:1::2 80")
              + vs("192.0.2.11 80", false, "198.51.100.3 80")
              + "virtual_server_group g {\n 192.0.2.20-22 80\n}\n"
              + vs("group g", true, "198.51.100.4 80"));
  private static final String V4 = "192.0.2.10:80 198.51.100.2:80";
  private static final String V6 = "[2001:db8::10]:80 [2001:db8:1::2]:80";
  private static final String GROUP = "group g 198.51.100.4:80";

  @Test
  void withNoAddressEveryHaSuspendVirtualServerIsSuspendedAndOnlyThose() {
    HaSuspend h = new HaSuspend();
    assertThat(HaSuspend.uses(MODEL)).isTrue();
    assertThat(h.suspended(MODEL)).containsExactlyInAnyOrder(V4, V6, GROUP);
  }

  @Test
  void anAddressOnAnyInterfaceResumesItsVirtualServerAlone() {
    HaSuspend h = new HaSuspend();
    assertThat(h.added(InMemoryAddressWatch.of(2, "192.0.2.10"))).isTrue();
    assertThat(h.suspended(MODEL)).containsExactlyInAnyOrder(V6, GROUP);
    // IPv6 (as the kernel reports it, with the address alone)
    h.added(InMemoryAddressWatch.of(3, "2001:db8:0:0::10"));
    assertThat(h.suspended(MODEL)).containsExactly(GROUP);
    // any address of a group's range
    h.added(InMemoryAddressWatch.of(2, "192.0.2.22"));
    assertThat(h.suspended(MODEL)).isEmpty();
    assertThat(h.removed(InMemoryAddressWatch.of(2, "192.0.2.22"))).isTrue();
    assertThat(h.suspended(MODEL)).containsExactly(GROUP);
  }

  @Test
  void anAddressCountsOncePerInterfaceAsKeepalivedCountsIt() {
    HaSuspend h = new HaSuspend();
    assertThat(h.added(InMemoryAddressWatch.of(2, "192.0.2.10"))).isTrue();
    assertThat(h.added(InMemoryAddressWatch.of(5, "192.0.2.10"))).isFalse();
    assertThat(h.added(InMemoryAddressWatch.of(5, "192.0.2.10")))
        .as("RTM_NEWADDR again for the same address (a flags change) is not a second copy")
        .isFalse();
    assertThat(h.removed(InMemoryAddressWatch.of(2, "192.0.2.10"))).isFalse();
    assertThat(h.suspended(MODEL)).doesNotContain(V4);
    assertThat(h.removed(InMemoryAddressWatch.of(5, "192.0.2.10"))).isTrue();
    assertThat(h.suspended(MODEL)).contains(V4);
    assertThat(h.removed(InMemoryAddressWatch.of(5, "192.0.2.10"))).isFalse();
  }

  @Test
  void aResetReplacesWhatWasKnown() {
    HaSuspend h = new HaSuspend();
    h.added(InMemoryAddressWatch.of(2, "192.0.2.10"));
    h.reset(List.of(InMemoryAddressWatch.of(2, "2001:db8::10")));
    assertThat(h.suspended(MODEL)).containsExactlyInAnyOrder(V4, GROUP);
  }

  @Test
  void aModelWithoutHaSuspendNeedsNoWatchAndSuspendsNothing() {
    LvsModel m = model(vs("192.0.2.10 80", false, "198.51.100.2 80"));
    assertThat(HaSuspend.uses(m)).isFalse();
    assertThat(new HaSuspend().suspended(m)).isEmpty();
    // a fwmark service's ha_suspend is cleared by the config module, as keepalived clears it
    LvsModel fw = model(vs("fwmark 3", true, "198.51.100.2 80").replace("protocol TCP", ""));
    assertThat(HaSuspend.uses(fw)).isFalse();
    assertThat(new HaSuspend().suspended(fw)).isEmpty();
  }
}
