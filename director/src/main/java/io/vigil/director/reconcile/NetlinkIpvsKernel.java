package io.vigil.director.reconcile;

import io.vigil.netlink.NetlinkConnection.Request;
import io.vigil.netlink.ipvs.DestKey;
import io.vigil.netlink.ipvs.DestSettings;
import io.vigil.netlink.ipvs.IpvsClient;
import io.vigil.netlink.ipvs.IpvsTable;
import io.vigil.netlink.ipvs.ServiceKey;
import io.vigil.netlink.ipvs.ServiceSettings;
import java.util.ArrayList;
import java.util.List;

/** {@link IpvsKernel} over generic netlink: each planned operation becomes one batched request. */
public final class NetlinkIpvsKernel implements IpvsKernel {
  private final IpvsClient client;
  private long writes;

  public NetlinkIpvsKernel(IpvsClient client) {
    this.client = client;
  }

  @Override
  public IpvsTable dump() {
    return client.table();
  }

  @Override
  public List<RuntimeException> apply(
      List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> ops) {
    if (ops.isEmpty()) {
      return List.of();
    }
    List<Request> requests = new ArrayList<>(ops.size());
    for (TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings> op : ops) {
      requests.add(request(op));
    }
    writes += requests.size();
    return client.apply(requests);
  }

  @Override
  public void rehearse(List<TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings>> ops) {
    for (TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings> op : ops) {
      request(op); // encoded, its description's call site linked; never sent
    }
  }

  @Override
  public long writesSent() {
    return writes;
  }

  private Request request(TablePlan.Op<ServiceKey, ServiceSettings, DestKey, DestSettings> op) {
    if (op instanceof TablePlan.AddService<ServiceKey, ServiceSettings, DestKey, DestSettings> a) {
      return client.addServiceRequest(a.service(), a.settings());
    } else if (op
        instanceof TablePlan.EditService<ServiceKey, ServiceSettings, DestKey, DestSettings> e) {
      return client.editServiceRequest(e.service(), e.after());
    } else if (op
        instanceof TablePlan.DeleteService<ServiceKey, ServiceSettings, DestKey, DestSettings> d) {
      return client.deleteServiceRequest(d.service());
    } else if (op
        instanceof TablePlan.AddDestination<ServiceKey, ServiceSettings, DestKey, DestSettings> a) {
      return client.addDestRequest(a.service(), a.destination(), a.settings());
    } else if (op
        instanceof
        TablePlan.EditDestination<ServiceKey, ServiceSettings, DestKey, DestSettings> e) {
      return client.editDestRequest(e.service(), e.destination(), e.after());
    } else if (op
        instanceof
        TablePlan.DeleteDestination<ServiceKey, ServiceSettings, DestKey, DestSettings> d) {
      return client.deleteDestRequest(d.service(), d.destination());
    }
    throw new IllegalArgumentException("unknown operation " + op);
  }
}
