/**
 * ipvsadm's text formats, as pure code: the listing ({@code ipvsadm -L}), the rule language it
 * saves ({@code ipvsadm -S}) and restores ({@code ipvsadm -R}). Output is byte-identical to ipvsadm
 * 1.31's for the same table; name lookups go through {@link io.vigil.netlink.ipvs.text.Names} so
 * the formatters stay pure.
 */
package io.vigil.netlink.ipvs.text;
