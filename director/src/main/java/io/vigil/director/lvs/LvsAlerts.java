package io.vigil.director.lvs;

import io.vigil.director.alert.Alert;
import io.vigil.director.alert.AlertTexts;
import io.vigil.director.lvs.LvsModel.Backend;
import io.vigil.director.lvs.LvsModel.VirtualService;
import io.vigil.healthcheck.spec.CheckerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The alert mail of the IPVS side, for the real servers and virtual servers whose {@code
 * smtp_alert} (resolved, {@link LvsModel.Scripts#mail}) asks for it. Pure.
 *
 * <ul>
 *   <li>A real server is mailed when it goes into or out of its pool, with the checker that took it
 *       there: keepalived's mail with {@code no_checker_emails}. Without it keepalived also mails
 *       each checker's own change when a real server has several, and an alpha checker's first
 *       failure (which changes nothing); Vigil does not.
 *   <li>A virtual server is mailed when its quorum changes, and at start as {@code quorum_up} /
 *       {@code quorum_down} run then ({@link LvsNotifications#quorum}).
 * </ul>
 */
final class LvsAlerts {
  private LvsAlerts() {}

  /**
   * Real server {@code id} went into ({@code alive}) or out of its pool because of a checker of
   * {@code kind} (null: not a checker's doing, a reload's) saying {@code reason}.
   */
  static Optional<Alert> server(
      LvsModel model, String id, boolean alive, CheckerKind kind, String reason) {
    for (VirtualService vs : model.virtualServers()) {
      for (Backend b : vs.backends()) {
        if (b.id().equals(id)) {
          return b.scripts().mail()
              ? Optional.of(
                  AlertTexts.realServer(
                      LvsFifoLines.name(vs, b), LvsFifoLines.name(vs), alive, kind, reason))
              : Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The quorum changes between {@code before} and {@code after} (absent before: at start, or added
   * by a reload), each with the summed weight of the virtual server's live real servers.
   */
  static List<Alert> quorum(
      LvsModel model,
      Map<String, Boolean> before,
      Map<String, Boolean> after,
      ToLongFunction<VirtualService> liveWeight) {
    List<Alert> out = new ArrayList<>();
    for (VirtualService vs : model.virtualServers()) {
      Boolean was = before.get(vs.name());
      Boolean now = after.get(vs.name());
      if (now == null || !vs.scripts().mail()) {
        continue;
      }
      if (LvsNotifications.quorumChanged(vs, was, now)) {
        out.add(
            AlertTexts.quorum(
                LvsFifoLines.name(vs),
                now,
                was == null,
                vs.quorum(),
                vs.hysteresis(),
                liveWeight.applyAsLong(vs)));
      }
    }
    return out;
  }
}
