package io.vigil.netlink.rtnl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.kernel.Errno;
import io.vigil.kernel.KernelException;
import io.vigil.kernel.netlink.NetlinkTimeoutException;
import io.vigil.kernel.netlink.NetlinkTransport;
import io.vigil.netlink.KernelTwin;
import io.vigil.netlink.Wire;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RtnlEvents#pollOrRest}: a failing event socket cannot spin the thread that loops on it,
 * and what the failure let pass is caught up by a dump.
 */
class RtnlEventsRestTest {
  /** An event socket whose receives do, in turn, what the test queued. */
  static final class Scripted implements NetlinkTransport {
    final Deque<RuntimeException> outcomes = new ArrayDeque<>();
    int receives;

    @Override
    public int portId() {
      return 7;
    }

    @Override
    public void send(ByteBuffer datagram) {
      throw new UnsupportedOperationException("an event socket sends nothing");
    }

    @Override
    public ByteBuffer receive(long timeoutMs) {
      receives++;
      RuntimeException next = outcomes.poll();
      throw next != null ? next : new NetlinkTimeoutException("nothing queued");
    }

    @Override
    public void close() {}
  }

  /** A request socket: every dump is answered with no entries; counts them, or fails them. */
  static final class Dumps {
    int dumps;
    boolean failing;

    RtnlClient client() {
      return new RtnlClient(
          new KernelTwin(
              r -> {
                dumps++;
                if (failing) {
                  return List.of(Wire.error(r, Errno.ENOMEM, null, true));
                }
                return List.of(Wire.done(r.seq()));
              }),
          1000);
    }
  }

  private final Scripted socket = new Scripted();
  private final Dumps dumps = new Dumps();
  private final RtnlEvents events = new RtnlEvents(socket, dumps.client());
  private final List<RuntimeException> failures = new ArrayList<>();

  @Test
  void aFailureRestsThenTheNextPollBeginsWithADump() {
    socket.outcomes.add(new KernelException("netlink recv", Errno.EBADF));

    long start = System.nanoTime();
    List<RtnlEvent> first = events.pollOrRest(10, 200, failures::add);
    long restedMs = (System.nanoTime() - start) / 1_000_000;

    assertThat(first).isEmpty();
    assertThat(failures).singleElement().isInstanceOf(KernelException.class);
    assertThat(restedMs).isGreaterThanOrEqualTo(200);

    List<RtnlEvent> second = events.pollOrRest(10, 200, failures::add);
    assertThat(second).singleElement().isInstanceOf(RtnlEvent.Resynchronised.class);
    assertThat(dumps.dumps).isEqualTo(2); // links, then addresses
    assertThat(socket.receives).isEqualTo(1); // the dump came instead of a receive

    assertThat(events.pollOrRest(10, 200, failures::add)).isEmpty();
    assertThat(socket.receives).isEqualTo(2); // back to the socket
    assertThat(failures).hasSize(1);
  }

  @Test
  void aFailedDumpIsOneMoreFailureAndIsTriedAgain() {
    socket.outcomes.add(new KernelException("netlink recv", Errno.EBADF));
    events.pollOrRest(10, 1, failures::add);
    dumps.failing = true;

    assertThat(events.pollOrRest(10, 1, failures::add)).isEmpty();
    assertThat(failures).hasSize(2);

    dumps.failing = false;
    assertThat(events.pollOrRest(10, 1, failures::add))
        .singleElement()
        .isInstanceOf(RtnlEvent.Resynchronised.class);
    assertThat(socket.receives).isEqualTo(1);
  }

  @Test
  void anOverrunWhoseDumpFailsIsCaughtUpByTheNextPoll() {
    socket.outcomes.add(new KernelException("netlink recv", Errno.ENOBUFS));
    dumps.failing = true;
    assertThat(events.pollOrRest(10, 1, failures::add)).isEmpty();
    assertThat(failures).hasSize(1);

    dumps.failing = false;
    assertThat(events.pollOrRest(10, 1, failures::add))
        .singleElement()
        .isInstanceOf(RtnlEvent.Resynchronised.class);
  }

  @Test
  void aQuietSocketIsNoFailureAndNoRest() {
    // a rest here would hold the test for ten minutes
    for (int i = 0; i < 3; i++) {
      assertThat(events.pollOrRest(10, 600_000, failures::add)).isEmpty();
    }
    assertThat(failures).isEmpty();
    assertThat(socket.receives).isEqualTo(3);
    assertThat(dumps.dumps).isZero();
  }
}
