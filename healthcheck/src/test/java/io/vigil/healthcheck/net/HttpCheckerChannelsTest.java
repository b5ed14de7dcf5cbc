package io.vigil.healthcheck.net;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every {@link HttpCheckerTest} again on Netty channels: the path of NIO (no epoll), of TLS, and of
 * the default (plain HTTP checks run on bare sockets only with {@code -Dvigil.checks.direct=true}).
 */
class HttpCheckerChannelsTest extends HttpCheckerTest {
  @BeforeAll
  static void onChannels() {
    transport.close();
    transport = Transport.create(1, true);
  }
}
