package org.nubo.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
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
  void aSocketThatOpensAfterItsDeviceWasRemovedIsClosedAndForgotten() {
    DataPlane plane = core.plane(p -> false);
    FakeConnection socket = new FakeConnection(plane);

    plane.opened(socket);

    assertThat(socket.closedFor).singleElement().asString().contains("no longer enrolled");
    assertThat(connections.of(device.account())).isEmpty();
    assertThat(connections.count()).isZero();
  }

  @Test
  void aSocketOfAnEnrolledDeviceStays() {
    DataPlane plane = core.plane(p -> p.equals(device));
    FakeConnection socket = new FakeConnection(plane);

    plane.opened(socket);

    assertThat(socket.closedFor).isEmpty();
    assertThat(connections.of(device.account())).containsExactly(socket);
  }

  @Test
  void aSocketWhoseEnrolmentCannotBeReadIsClosed() {
    DataPlane plane =
        core.plane(
            p -> {
              throw new IllegalStateException("storage down");
            });
    FakeConnection socket = new FakeConnection(plane);

    plane.opened(socket);

    assertThat(socket.closedFor).hasSize(1);
    assertThat(connections.count()).isZero();
  }

  /** Closes the way {@link DeviceSocket} does: by telling the plane it is gone. */
  private final class FakeConnection implements DeviceConnection {
    final List<String> closedFor = new ArrayList<>();
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
