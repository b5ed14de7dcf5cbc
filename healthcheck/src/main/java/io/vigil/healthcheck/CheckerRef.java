package io.vigil.healthcheck;

/** One checker: the real server's id and the checker's position in its list. */
public record CheckerRef(String realServerId, int index) {
  @Override
  public String toString() {
    return realServerId + " #" + index;
  }
}
