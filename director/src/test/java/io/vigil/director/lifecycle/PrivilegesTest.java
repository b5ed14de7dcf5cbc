package io.vigil.director.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PrivilegesTest {
  @Test
  void rootsFullSetHasBothNetworkCapabilities() {
    Privileges p = Privileges.parse(List.of("Name:\tjava", "CapEff:\t000001ffffffffff"));
    assertThat(p.missing(true, true)).isEmpty();
  }

  @Test
  void onlyNetAdminHeldNamesTheMissingNetRaw() {
    // 1 << 12 = 0x1000
    Privileges p = Privileges.parse(List.of("CapEff:\t0000000000001000"));
    assertThat(p.has(Privileges.CAP_NET_ADMIN)).isTrue();
    assertThat(p.missing(true, true))
        .containsExactly("CAP_NET_RAW is needed for VRRP adverts and gratuitous ARP");
    assertThat(p.missing(true, false)).isEmpty();
  }

  @Test
  void noCapabilitiesAtAll() {
    Privileges p = Privileges.parse(List.of("CapEff:\t0000000000000000"));
    assertThat(p.missing(true, true)).hasSize(2);
  }
}
