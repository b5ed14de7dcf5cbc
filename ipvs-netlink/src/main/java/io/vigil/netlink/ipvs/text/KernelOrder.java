package io.vigil.netlink.ipvs.text;

import io.vigil.netlink.ipvs.DestEntry;
import io.vigil.netlink.ipvs.ServiceKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order ipvsadm lists services and destinations in: libipvs's comparators handed to glibc's
 * {@code qsort}, reproduced bit for bit. The comparators subtract unsigned 32-bit values into an
 * int, so they wrap (192.0.2.1 sorts before 10.0.0.1) and are not even transitive; glibc 2.36's
 * qsort is a top-down merge sort (half = n / 2, ties keep the left element), which fixes the order
 * such a comparator yields, so that is the sort used here.
 */
public final class KernelOrder {
  private KernelOrder() {}

  /** ipvs_cmp_services: fwmark, family, protocol, address word by word, port. */
  public static int compareServices(ServiceKey a, ServiceKey b) {
    int r = a.fwmark() - b.fwmark();
    if (r != 0) {
      return r;
    }
    r = a.family() - b.family();
    if (r != 0) {
      return r;
    }
    r = protocolNumber(a) - protocolNumber(b);
    if (r != 0) {
      return r;
    }
    r = compareAddresses(a.family(), words(a.address()), words(b.address()));
    if (r != 0) {
      return r;
    }
    return a.port() - b.port();
  }

  /** ipvs_cmp_dests: address (as the first one's family says), then port. */
  public static int compareDests(DestEntry a, DestEntry b) {
    int r = compareAddresses(a.key().family(), words(a.key().address()), words(b.key().address()));
    return r != 0 ? r : a.key().port() - b.key().port();
  }

  private static int protocolNumber(ServiceKey k) {
    // ipvsadm -f sends TCP as the protocol of a fwmark service, and the kernel echoes it
    return k.protocol() == null ? 6 : k.protocol().number();
  }

  private static int compareAddresses(int family, int[] a, int[] b) {
    if (family == ServiceKey.AF_INET6) {
      int r = 0;
      for (int i = 0; r == 0 && i < 4; i++) {
        r = a[i] - b[i];
      }
      return r;
    }
    return a[0] - b[0];
  }

  /** The address as 4 host-order words of a 16-byte {@code union nf_inet_addr}. */
  private static int[] words(java.net.InetAddress address) {
    int[] w = new int[4];
    if (address == null) {
      return w;
    }
    byte[] b = address.getAddress();
    for (int i = 0; i < b.length / 4; i++) {
      w[i] =
          ((b[4 * i] & 0xff) << 24)
              | ((b[4 * i + 1] & 0xff) << 16)
              | ((b[4 * i + 2] & 0xff) << 8)
              | (b[4 * i + 3] & 0xff);
    }
    return w;
  }

  /** glibc's msort: a stable top-down merge sort; returns a new sorted list. */
  public static <T> List<T> sort(List<T> in, Comparator<? super T> cmp) {
    List<T> b = new ArrayList<>(in);
    msort(b, 0, b.size(), cmp, new ArrayList<>(b));
    return b;
  }

  private static <T> void msort(
      List<T> b, int from, int n, Comparator<? super T> cmp, List<T> tmp) {
    if (n <= 1) {
      return;
    }
    int n1 = n / 2;
    int n2 = n - n1;
    msort(b, from, n1, cmp, tmp);
    msort(b, from + n1, n2, cmp, tmp);
    int i = from;
    int j = from + n1;
    int k = 0;
    while (n1 > 0 && n2 > 0) {
      if (cmp.compare(b.get(i), b.get(j)) <= 0) {
        tmp.set(k++, b.get(i++));
        n1--;
      } else {
        tmp.set(k++, b.get(j++));
        n2--;
      }
    }
    while (n1 > 0) {
      tmp.set(k++, b.get(i++));
      n1--;
    }
    // what is left of the right half is already in place
    for (int t = 0; t < k; t++) {
      b.set(from + t, tmp.get(t));
    }
  }
}
