package io.vigil.director.syncd;

import io.vigil.netlink.ipvs.SyncDaemon;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's sync daemons in memory, with its answers: starting a role that runs is EEXIST,
 * stopping one that does not is ESRCH, and a dump reports the defaults the kernel fills in.
 */
final class InMemorySyncDaemonKernel implements SyncDaemonKernel {
  final Map<SyncDaemon.Role, SyncDaemon> running = new EnumMap<>(SyncDaemon.Role.class);
  final List<String> requests = new ArrayList<>();
  RuntimeException failNext;
  boolean closed;

  @Override
  public List<SyncDaemon> daemons() {
    fail();
    return List.copyOf(running.values());
  }

  @Override
  public void start(SyncDaemon d) {
    fail();
    requests.add("start " + d.role());
    if (running.containsKey(d.role())) {
      throw new IllegalStateException("File exists (EEXIST)");
    }
    running.put(
        d.role(),
        new SyncDaemon(
            d.role(),
            d.interfaceName(),
            d.syncId(),
            d.maxLength() == 0 ? 1472 : d.maxLength(),
            d.group() == null ? address("224.0.0.81") : d.group(),
            d.port() == 0 ? 8848 : d.port(),
            d.ttl() == 0 ? 1 : d.ttl()));
  }

  @Override
  public void stop(SyncDaemon.Role role) {
    fail();
    requests.add("stop " + role);
    if (running.remove(role) == null) {
      throw new IllegalStateException("No such process (ESRCH)");
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  private void fail() {
    RuntimeException e = failNext;
    if (e != null) {
      failNext = null;
      throw e;
    }
  }

  private static InetAddress address(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
