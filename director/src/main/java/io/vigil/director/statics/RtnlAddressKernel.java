package io.vigil.director.statics;

import io.vigil.netlink.rtnl.IfAddress;
import io.vigil.netlink.rtnl.RtnlClient;
import java.util.List;

/** {@link AddressKernel} over rtnetlink. */
public final class RtnlAddressKernel implements AddressKernel {
  private final RtnlClient rtnl;

  public RtnlAddressKernel(RtnlClient rtnl) {
    this.rtnl = rtnl;
  }

  @Override
  public int indexOf(String dev) {
    return rtnl.indexOf(dev);
  }

  @Override
  public List<IfAddress> addresses() {
    return rtnl.addresses();
  }

  @Override
  public void add(IfAddress a) {
    rtnl.addAddress(a);
  }

  @Override
  public void delete(IfAddress a) {
    rtnl.deleteAddress(a);
  }

  @Override
  public void close() {
    rtnl.close();
  }
}
