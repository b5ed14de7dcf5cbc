package io.vigil.healthcheck.spec;

/**
 * {@code SMTP_CHECK}: read a {@code 220} greeting, send {@code HELO helo_name}, expect {@code 250},
 * send {@code QUIT} and read any answer (keepalived's conversation).
 */
public record SmtpCheckSpec(ConnectSpec connect, CheckTiming timing, String heloName)
    implements CheckerSpec {
  public SmtpCheckSpec {
    if (heloName.isEmpty() || heloName.chars().anyMatch(c -> c < ' ' || c == 0x7f)) {
      throw new IllegalArgumentException("bad helo_name: " + heloName);
    }
  }

  @Override
  public CheckerKind kind() {
    return CheckerKind.SMTP_CHECK;
  }
}
