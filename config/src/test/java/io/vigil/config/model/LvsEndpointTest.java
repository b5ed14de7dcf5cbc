package io.vigil.config.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/** Lvs.Endpoint's written-out equals and hashCode keep a record's value semantics. */
class LvsEndpointTest {
  private static InetAddress address(Random r) throws UnknownHostException {
    byte[] b = new byte[r.nextBoolean() ? 4 : 16];
    r.nextBytes(b);
    return InetAddress.getByAddress(b);
  }

  @RepeatedTest(200)
  void equalValuesAreEqualAndHashAlike(RepetitionInfo info) throws UnknownHostException {
    Random r = new Random(20261207L + info.getCurrentRepetition());
    InetAddress a = address(r);
    int port = r.nextInt(65536);
    Lvs.Endpoint e = new Lvs.Endpoint(a, port);
    Lvs.Endpoint same = new Lvs.Endpoint(InetAddress.getByAddress(a.getAddress()), port);
    assertEquals(e, same);
    assertEquals(e.hashCode(), same.hashCode());
    assertNotEquals(e, new Lvs.Endpoint(a, (port + 1) % 65536));
    InetAddress other = address(r);
    if (!other.equals(a)) {
      assertNotEquals(e, new Lvs.Endpoint(other, port));
    }
  }

  @Test
  void otherTypesAndNullAddresses() throws UnknownHostException {
    Lvs.Endpoint e = new Lvs.Endpoint(InetAddress.getByName("192.0.2.1"), 80);
    assertNotEquals(e, null);
    assertNotEquals(e, "192.0.2.1:80");
    assertEquals(new Lvs.Endpoint(null, 80), new Lvs.Endpoint(null, 80));
    assertEquals(new Lvs.Endpoint(null, 80).hashCode(), new Lvs.Endpoint(null, 80).hashCode());
    assertNotEquals(e, new Lvs.Endpoint(null, 80));
    assertNotEquals(new Lvs.Endpoint(null, 80), e);
  }
}
