package io.vigil.director.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.config.ConfigLoader;
import io.vigil.config.Environment;
import io.vigil.config.LoadResult;
import io.vigil.vrrp.fsm.Action;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the VRRP thread adds and removes around a reload in place, and whether it holds. */
class VipBookTest {
  private static final Environment ENV = Environment.fixed("dir1", Set.of("eth0", "eth1"));

  private static VrrpSpec spec(String vips) {
    String text =
        """
        vrrp_instance VI_1 {
          interface eth0
          virtual_router_id 51
          virtual_ipaddress {
            %s
          }
        }
        """
            .formatted(vips);
    LoadResult r = ConfigLoader.loadString(text, "k.conf", Path.of("/tmp"), ENV);
    assertThat(r.diagnostics()).isEmpty();
    return VrrpMapping.map(r.config()).specs().get(0);
  }

  private static InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  private static List<String> words(List<VrrpSpec.VipSpec> l) {
    return l.stream()
        .map(v -> v.address().getHostAddress() + "/" + v.prefixLength() + " " + v.dev())
        .toList();
  }

  @Test
  void aDroppedAddressIsRemovedAsItWasAddedAndTheRestStaysHeld() throws Exception {
    VrrpSpec before = spec("192.0.2.10/24\n 192.0.2.20/32 dev eth1");
    VipBook book = new VipBook(before);
    assertThat(words(book.add(new Action.AddVips(before.advertisedVips(), List.of(), true))))
        .containsExactly("192.0.2.10/24 eth0", "192.0.2.20/32 eth1");
    assertThat(book.holding()).isTrue();

    VrrpSpec after = spec("192.0.2.10/24\n 192.0.2.30/28");
    book.reloaded(after);
    // the state machine's actions for that reload: the dropped address, then the new one
    assertThat(words(book.remove(new Action.RemoveVips(List.of(ip("192.0.2.20")), List.of()))))
        .containsExactly("192.0.2.20/32 eth1");
    assertThat(book.holding()).as("a reload's removal is no release").isTrue();
    assertThat(words(book.add(new Action.AddVips(List.of(ip("192.0.2.30")), List.of(), true))))
        .containsExactly("192.0.2.30/28 eth0");
    assertThat(book.spec()).isEqualTo(after);

    // the release that follows names the new configuration's addresses
    assertThat(words(book.remove(new Action.RemoveVips(after.advertisedVips(), List.of()))))
        .containsExactly("192.0.2.10/24 eth0", "192.0.2.30/28 eth0");
    assertThat(book.holding()).isFalse();
  }

  @Test
  void aTransitionAwayFromMasterHoldsNothingWhateverWasReleased() throws Exception {
    VrrpSpec before = spec("192.0.2.10/24");
    VipBook book = new VipBook(before);
    book.add(new Action.AddVips(before.advertisedVips(), List.of(), true));
    // a master falling into FAULT on a reload that also added an address releases the old list
    book.reloaded(spec("192.0.2.10/24\n 192.0.2.11/24"));
    assertThat(words(book.remove(new Action.RemoveVips(before.advertisedVips(), List.of()))))
        .containsExactly("192.0.2.10/24 eth0");
    assertThat(book.holding()).isTrue();
    book.state("FAULT");
    assertThat(book.holding()).isFalse();
    book.add(new Action.AddVips(List.of(ip("192.0.2.10")), List.of(), true));
    book.state("MASTER");
    assertThat(book.holding()).isTrue();
  }

  @Test
  void anAddressNoConfigurationNamesIsNeitherAddedNorRemoved() throws Exception {
    VipBook book = new VipBook(spec("192.0.2.10/24"));
    book.reloaded(spec("192.0.2.11/24"));
    book.reloaded(spec("192.0.2.12/24")); // only the last reload's dropped addresses are kept
    assertThat(book.remove(new Action.RemoveVips(List.of(ip("192.0.2.10")), List.of()))).isEmpty();
    assertThat(words(book.remove(new Action.RemoveVips(List.of(ip("192.0.2.11")), List.of()))))
        .containsExactly("192.0.2.11/24 eth0");
  }

  @Test
  void aKeptAddressWrittenDifferentlyIsReplacedOnlyWhileHeld() throws Exception {
    VrrpSpec before = spec("192.0.2.10/24\n 192.0.2.20/32");
    VipBook book = new VipBook(before);
    VrrpSpec relabelled = spec("192.0.2.10/24 label eth0:v\n 192.0.2.20/32");
    assertThat(book.reloaded(relabelled)).as("a backup holds nothing to replace").isEmpty();

    book.add(new Action.AddVips(relabelled.advertisedVips(), List.of(), true));
    VrrpSpec wider = spec("192.0.2.10/25 label eth0:v\n 192.0.2.20/32");
    List<VipBook.Changed> changed = book.reloaded(wider);
    assertThat(changed).hasSize(1);
    assertThat(words(List.of(changed.get(0).before()))).containsExactly("192.0.2.10/24 eth0");
    assertThat(words(List.of(changed.get(0).after()))).containsExactly("192.0.2.10/25 eth0");
    assertThat(changed.get(0).after().label()).contains("eth0:v");
    assertThat(book.reloaded(wider)).as("the same again: nothing").isEmpty();
  }
}
