/**
 * Health checks with keepalived's semantics: one class per checker behind one interface, and one
 * runner that owns retries, rise/fall and up/down transitions.
 */
package io.vigil.healthcheck;
