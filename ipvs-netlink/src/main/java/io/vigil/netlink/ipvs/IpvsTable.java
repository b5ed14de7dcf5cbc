package io.vigil.netlink.ipvs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A whole IPVS table as dumped: services in kernel order, each with its destinations. */
public record IpvsTable(Map<ServiceKey, Service> services) {
  /** One service with its destinations. */
  public record Service(ServiceEntry entry, List<DestEntry> destinations) {}

  public IpvsTable {
    services = Collections.unmodifiableMap(new LinkedHashMap<>(services));
  }

  public int destinationCount() {
    int n = 0;
    for (Service s : services.values()) {
      n += s.destinations().size();
    }
    return n;
  }
}
