package io.vigil.vrrp.io;

import io.vigil.vrrp.fsm.Action;
import io.vigil.vrrp.fsm.Event;
import io.vigil.vrrp.fsm.InstanceConfig;
import io.vigil.vrrp.wire.ReceiveRules;
import java.util.function.Consumer;

/**
 * A twin of an instance's sockets on eth0 that sends nothing and has nothing queued; the runner
 * tests' twins say what {@link #receive} hears and override what else they watch.
 */
abstract class QuietChannel implements AdvertChannel {
  @Override
  public int receiveQueued(int limit, Consumer<Event.AdvertReceived> sink) {
    return 0;
  }

  @Override
  public void send(Action.SendAdvert advert) {}

  @Override
  public void announce(Action.SendGarp garp) {}

  @Override
  public void reconfigure(InstanceConfig config, ReceiveRules rules) {}

  @Override
  public String ifname() {
    return "eth0";
  }

  @Override
  public void close() {}
}
