package org.nubo.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.relay.Connections;
import org.nubo.core.relay.DeviceConnection;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.ServerFrame;

/**
 * An upgrade authenticates the device, then the socket opens. If messaging is turned off (or the
 * number re-registered on another install) between the two, the close-everything listener has
 * already run, so the socket must not stay registered and keep receiving the account's messages.
 */
class UpgradeRacingMessagingOffTest {
  private final PlaneFixture core = new PlaneFixture();
  private final Connections connections = core.connections;
  private final DevicePrincipal device =
      new DevicePrincipal(AccountToken.of(new byte[32]), "8d1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a11");

  @AfterEach
  void stop() {
    core.close();
  }

  @Test
  void aSocketThatOpensAfterATurnOffItMissedIsClosedAndForgotten() throws InterruptedException {
    DataPlane plane = core.plane(p -> false);
    FakeConnection socket = new FakeConnection(plane);
    long seen = plane.turnOffs();
    // Messaging goes off after the upgrade authenticated, before the socket registered.
    connections.messagingDisabled(device.account());

    plane.opened(socket, seen);

    awaitClosed(socket);
    assertThat(socket.closedFor).singleElement().asString().contains("no longer enrolled");
    assertThat(connections.of(device.account())).isEmpty();
    assertThat(connections.count()).isZero();
  }

  @Test
  void aSocketOfAnEnrolledDeviceStaysWhenAnotherAccountTurnsOff() throws InterruptedException {
    AtomicInteger reads = new AtomicInteger();
    DataPlane plane =
        core.plane(
            p -> {
              reads.incrementAndGet();
              return p.equals(device);
            });
    FakeConnection socket = new FakeConnection(plane);
    long seen = plane.turnOffs();
    byte[] another = new byte[32];
    another[0] = 1;
    connections.messagingDisabled(AccountToken.of(another));

    plane.opened(socket, seen);

    awaitAtLeast(reads, 1);
    assertThat(socket.closedFor).isEmpty();
    assertThat(connections.of(device.account())).containsExactly(socket);
  }

  @Test
  void withoutATurnOffAConnectReadsNoStorage() {
    AtomicInteger reads = new AtomicInteger();
    DataPlane plane =
        core.plane(
            p -> {
              reads.incrementAndGet();
              return false;
            });
    FakeConnection socket = new FakeConnection(plane);

    plane.opened(socket, plane.turnOffs());

    assertThat(reads).hasValue(0);
    assertThat(socket.closedFor).isEmpty();
    assertThat(connections.of(device.account())).containsExactly(socket);
  }

  @Test
  void aSocketWhoseEnrolmentCannotBeReadIsClosed() throws InterruptedException {
    DataPlane plane =
        core.plane(
            p -> {
              throw new IllegalStateException("storage down");
            });
    FakeConnection socket = new FakeConnection(plane);
    long seen = plane.turnOffs();
    connections.messagingDisabled(device.account());

    plane.opened(socket, seen);

    awaitClosed(socket);
    assertThat(socket.closedFor).hasSize(1);
    assertThat(connections.count()).isZero();
  }

  /** The recheck runs on a virtual thread: waits for it, at most five seconds. */
  private static void awaitClosed(FakeConnection socket) throws InterruptedException {
    for (int i = 0; i < 500 && socket.closedFor.isEmpty(); i++) {
      Thread.sleep(10);
    }
  }

  private static void awaitAtLeast(AtomicInteger counter, int value) throws InterruptedException {
    for (int i = 0; i < 500 && counter.get() < value; i++) {
      Thread.sleep(10);
    }
    assertThat(counter.get()).isGreaterThanOrEqualTo(value);
  }

  /** Closes the way {@link DeviceSocket} does: by telling the plane it is gone. */
  private final class FakeConnection implements DeviceConnection {
    final List<String> closedFor = new CopyOnWriteArrayList<>();
    private final DataPlane plane;

    FakeConnection(DataPlane plane) {
      this.plane = plane;
    }

    @Override
    public DevicePrincipal principal() {
      return device;
    }

    @Override
    public void push(ServerFrame frame) {}

    @Override
    public void close(String reason) {
      closedFor.add(reason);
      plane.closed(this);
    }
  }
}
