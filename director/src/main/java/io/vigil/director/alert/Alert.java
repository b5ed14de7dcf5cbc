package io.vigil.director.alert;

/**
 * One alert: keepalived's subject without its {@code [router_id] } prefix (the sender adds it) and
 * the body, lines separated by {@code \n}.
 */
public record Alert(String subject, String body) {}
