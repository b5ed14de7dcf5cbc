/**
 * Netlink messages and attributes, generic netlink, the IPVS client and rtnetlink (addresses,
 * links, events). Wire structs stay here; the rest of Vigil sees typed records.
 */
package io.vigil.netlink;
