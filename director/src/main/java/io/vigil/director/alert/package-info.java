/**
 * Alert mail, as keepalived sends it: {@code smtp_server}, {@code notification_email}, {@code
 * smtp_alert} and its kin. What to say is decided where the transitions happen ({@link
 * io.vigil.director.alert.AlertTexts}); the mail goes out on its own thread ({@link
 * io.vigil.director.alert.SmtpAlerter}), never on a VRRP or health-check thread.
 */
package io.vigil.director.alert;
