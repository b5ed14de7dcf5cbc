package io.vigil.director.statics;

import io.vigil.netlink.rtnl.IfAddress;
import java.util.List;

/**
 * What static addresses need of the kernel. The real one is {@link RtnlAddressKernel}; tests use an
 * in-memory twin.
 */
public interface AddressKernel extends AutoCloseable {
  /** The interface's index; an error when there is no such interface. */
  int indexOf(String dev);

  /** Every address of every interface. */
  List<IfAddress> addresses();

  /** Adds an address; EEXIST when it is there. */
  void add(IfAddress a);

  /** Deletes an address; EADDRNOTAVAIL when it is not there. */
  void delete(IfAddress a);

  @Override
  void close();
}
