package org.nubo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Deliver;
import org.nubo.protocol.wire.Ping;
import org.nubo.protocol.wire.ServerFrame;

/** The link's own handling of frames, on a channel without a network or a WebSocket codec. */
class DeviceLinkTest {
  private static final ServerFrame DELIVER =
      ServerFrame.newBuilder()
          .setId(7)
          .setDeliver(
              Deliver.newBuilder().setDeliveryId(42).setPayload(ByteString.copyFrom(new byte[300])))
          .build();

  private final List<ServerFrame> received = new ArrayList<>();
  private final DeviceLink link = new DeviceLink(received::add);
  private final EmbeddedChannel channel = new EmbeddedChannel(link);

  @Test
  void opensOnceUpgradedAndSendsBinaryFrames() {
    assertThat(link.opened()).isNotDone();
    channel.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
    assertThat(link.opened()).isCompletedWithValue(link);

    ClientFrame ping = ClientFrame.newBuilder().setId(1).setPing(Ping.getDefaultInstance()).build();
    link.send(ping);

    BinaryWebSocketFrame sent = channel.readOutbound();
    try {
      assertThat(ByteBufUtil.getBytes(sent.content())).isEqualTo(ping.toByteArray());
    } finally {
      sent.release();
    }
  }

  @Test
  void parsesAMessageGatheredFromFragments() {
    byte[] bytes = DELIVER.toByteArray();
    int cut = bytes.length / 3;
    channel.writeInbound(
        new BinaryWebSocketFrame(false, 0, Unpooled.wrappedBuffer(Arrays.copyOf(bytes, cut))));
    channel.writeInbound(
        new ContinuationWebSocketFrame(
            false, 0, Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, cut, 2 * cut))));
    assertThat(received).isEmpty();
    channel.writeInbound(
        new ContinuationWebSocketFrame(
            true, 0, Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, 2 * cut, bytes.length))));
    channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));

    assertThat(received).containsExactly(DELIVER, DELIVER);
  }

  @Test
  void countsAnUnparsableFrameAndGoesOn() {
    long before = DeviceLink.FAILURES.get();
    channel.writeInbound(
        new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff})));
    channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(DELIVER.toByteArray())));

    assertThat(DeviceLink.FAILURES.get()).isEqualTo(before + 1);
    assertThat(received).containsExactly(DELIVER);
  }

  @Test
  void aCloseFromTheServerIsNoFailure() {
    channel.pipeline().fireUserEventTriggered(ClientHandshakeStateEvent.HANDSHAKE_COMPLETE);
    long before = DeviceLink.FAILURES.get();

    channel.writeInbound(new CloseWebSocketFrame(WebSocketCloseStatus.NORMAL_CLOSURE));

    assertThat(channel.isOpen()).isFalse();
    assertThat(link.isClosed()).isTrue();
    assertThat(DeviceLink.FAILURES.get()).isEqualTo(before);
  }

  @Test
  void aConnectionLostBeforeTheUpgradeFailsTheOpening() {
    assertThat(channel.close().isSuccess()).isTrue();

    assertThat(link.opened()).isCompletedExceptionally();
    assertThat(link.isClosed()).isTrue();
  }
}
