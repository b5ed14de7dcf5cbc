package io.vigil.healthcheck.net;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every {@link HttpCheckerTest} again on Netty channels: the path of NIO (no epoll), of TLS, and of
 * {@code -Dvigil.checks.channels=true} (with epoll, plain HTTP checks run on bare sockets).
 */
class HttpCheckerChannelsTest extends HttpCheckerTest {
  @BeforeAll
  static void onChannels() {
    transport.close();
    transport = Transport.create(1, true);
  }
}
