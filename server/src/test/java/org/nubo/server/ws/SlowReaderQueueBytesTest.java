package org.nubo.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.relay.Connections;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.WireLimits;
import org.nubo.protocol.wire.Deliver;
import org.nubo.protocol.wire.ServerFrame;

/**
 * A device that stops reading while senders push full-size messages at it used to be allowed 1024
 * queued frames, about 64 MiB of server memory per stalled socket; the queue is now capped in
 * bytes.
 */
class SlowReaderQueueBytesTest {
  private final PlaneFixture core = new PlaneFixture();

  @AfterEach
  void stop() {
    core.close();
  }

  @Test
  void aStalledDeviceIsClosedOnceItsQueueHoldsTooManyBytes() {
    Connections connections = core.connections;
    DataPlane plane = core.plane(p -> true);
    AtomicInteger sends = new AtomicInteger();
    AtomicInteger closes = new AtomicInteger();
    CoreSession stalled =
        (CoreSession)
            Proxy.newProxyInstance(
                CoreSession.class.getClassLoader(),
                new Class<?>[] {CoreSession.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      // The write never completes: the device does not read.
                      case "sendFrame" -> {
                        sends.incrementAndGet();
                        yield null;
                      }
                      case "close" -> {
                        closes.incrementAndGet();
                        yield null;
                      }
                      case "isOutputOpen" -> closes.get() == 0;
                      case "hashCode" -> System.identityHashCode(proxy);
                      case "equals" -> proxy == args[0];
                      default -> null;
                    });
    DeviceSocket socket =
        new DeviceSocket(
            new DevicePrincipal(
                AccountToken.of(new byte[32]), "8d1f7a8e-3c1e-4c55-9c55-0d7e9c1f2a11"),
            plane);
    socket.onOpen(stalled, Callback.NOOP);
    ServerFrame big =
        ServerFrame.newBuilder()
            .setDeliver(
                Deliver.newBuilder()
                    .setDeliveryId(1)
                    .setPayload(ByteString.copyFrom(new byte[WireLimits.MAX_PAYLOAD_BYTES])))
            .build();

    int pushed = 0;
    while (closes.get() == 0 && pushed < DeviceSocket.MAX_QUEUED + 10) {
      socket.push(big);
      pushed++;
    }

    assertThat(closes.get()).isEqualTo(1);
    assertThat((long) pushed * big.getSerializedSize())
        .isLessThanOrEqualTo(DeviceSocket.MAX_QUEUED_BYTES + 2L * big.getSerializedSize());
    // Every frame handed to the session is still unwritten, and their bytes stay under the cap.
    assertThat((long) sends.get() * big.getSerializedSize())
        .isLessThanOrEqualTo(DeviceSocket.MAX_QUEUED_BYTES);
    assertThat(connections.count()).isZero();
  }
}
