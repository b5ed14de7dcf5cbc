/**
 * VRRP v2 (RFC 3768) and v3 (RFC 5798) for IPv4 and IPv6: the advert codec, a pure state machine
 * (events and a clock in, actions out) and the socket edge that feeds it.
 */
package io.vigil.vrrp;
