package io.vigil.healthcheck;

import java.util.Objects;

/** One checker: the real server's id and the checker's position in its list. */
public record CheckerRef(String realServerId, int index) {
  // equals and hashCode by hand: the record's generated ones run through method handles, many
  // times slower until compiled, and every check looks its checker up by this key
  @Override
  public boolean equals(Object o) {
    return o == this
        || o instanceof CheckerRef r
            && index == r.index
            && Objects.equals(realServerId, r.realServerId);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hashCode(realServerId) + index;
  }

  @Override
  public String toString() {
    return realServerId + " #" + index;
  }
}
