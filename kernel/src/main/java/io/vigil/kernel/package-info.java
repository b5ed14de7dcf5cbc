/**
 * Kernel access: the only code in Vigil that calls native code (through JNA). It owns libc sockets
 * for netlink, raw IP and packet sockets, the sd_notify datagram, scripts in their own process
 * group (killed as a group, through JNR-POSIX), and {@link io.vigil.kernel.NativeSupport}, which
 * says whether native support is available and, if not, why. Everything above this module works on
 * {@link java.nio.ByteBuffer}s and small interfaces, so it can be tested with in-memory twins.
 */
package io.vigil.kernel;
