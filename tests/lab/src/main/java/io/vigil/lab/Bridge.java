package io.vigil.lab;

/**
 * An Ethernet switch for lab hosts: a Linux bridge living in a namespace of its own, so nothing is
 * added to the host's network and deleting the namespace removes the bridge and every port.
 */
public final class Bridge {
  private final String namespace;
  private int ports;

  Bridge(String namespace) {
    this.namespace = namespace;
  }

  /** The namespace that holds the bridge device. */
  public String namespace() {
    return namespace;
  }

  /** The bridge device's name inside {@link #namespace()}. */
  public String device() {
    return "sw0";
  }

  synchronized String nextPortName() {
    return "p" + (++ports);
  }

  @Override
  public String toString() {
    return namespace + "/" + device();
  }
}
