package io.vigil.healthcheck.spec;

/** One configured checker of a real server: its type, its timing, and its own options. */
public sealed interface CheckerSpec
    permits TcpCheckSpec,
        HttpCheckSpec,
        MiscCheckSpec,
        SmtpCheckSpec,
        UdpCheckSpec,
        DnsCheckSpec,
        FileCheckSpec,
        PingCheckSpec,
        BfdCheckSpec {
  CheckerKind kind();

  CheckTiming timing();
}
