package io.vigil.healthcheck.net;

import org.junit.jupiter.api.BeforeAll;

/**
 * Every {@link TcpCheckerTest} again on Netty channels: the path of NIO (no epoll), of TLS, and of
 * {@code -Dvigil.checks.channels=true} (with epoll, plain TCP checks run on bare sockets).
 */
class TcpCheckerChannelsTest extends TcpCheckerTest {
  @BeforeAll
  static void onChannels() {
    transport.close();
    transport = Transport.create(1, true);
  }
}
