/**
 * The daemon and the CLI: wires VRRP, health checks and the IPVS reconciler from the config, owns
 * the lifecycle (reload, restart, stop, systemd notify) and the status and metrics view.
 */
package io.vigil.director;
