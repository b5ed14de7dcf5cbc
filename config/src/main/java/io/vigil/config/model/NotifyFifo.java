package io.vigil.config.model;

import java.util.Optional;

/**
 * {@code notify_fifo PATH [USER [GROUP]]} / {@code vrrp_notify_fifo …} with its {@code _script}:
 * the FIFO the state lines are written to (created if missing, owned by {@code user}), and a script
 * started with the FIFO's path as its last argument to read them.
 */
public record NotifyFifo(String path, Optional<String> user, Optional<Script> script) {}
