package org.nubo.bench.spike;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Deliver;
import org.nubo.protocol.wire.Outcome;
import org.nubo.protocol.wire.Reply;
import org.nubo.protocol.wire.ServerFrame;
import org.nubo.protocol.wire.Settle;

/**
 * The relay without the real server's rules: the same frames as Nubo's data plane (Send gets a
 * Reply and a Deliver to the peer; Ack gets an Outcome to the sender and a Settle to the acker) so
 * the load generator cannot tell the difference, but no timers, limits, store or metrics. The
 * device id in the Basic credentials is trusted and its bytes are the account token.
 */
final class SpikeRelay {
  /** Where frames for one connected device go; must keep their order and not block for long. */
  interface Peer {
    void send(byte[] frame);
  }

  private record Pending(Peer sender, long messageId) {}

  private static final byte[] OK =
      ServerFrame.newBuilder()
          .setReply(Reply.newBuilder().setStatus(200).setCode("ok"))
          .build()
          .toByteArray();

  private final ConcurrentHashMap<ByteString, Peer> online = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Long, Pending> pending = new ConcurrentHashMap<>();
  private final AtomicLong deliveryIds = new AtomicLong();

  /** The device named by a Basic Authorization header, or null if there is none. */
  static @Nullable ByteString identify(@Nullable String authorization) {
    if (authorization == null || !authorization.startsWith("Basic ")) {
      return null;
    }
    String decoded =
        new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
    int colon = decoded.indexOf(':');
    return colon < 1 ? null : ByteString.copyFromUtf8(decoded.substring(0, colon));
  }

  void opened(ByteString device, Peer peer) {
    online.put(device, peer);
  }

  void closed(ByteString device, Peer peer) {
    online.remove(device, peer);
  }

  void received(ByteString device, Peer self, byte[] bytes) {
    ClientFrame frame;
    try {
      frame = ClientFrame.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      self.send(reply(0, 400, "malformed_frame"));
      return;
    }
    switch (frame.getBodyCase()) {
      case SEND -> {
        long messageId = frame.getSend().getMessageId();
        Peer to = online.get(frame.getSend().getRecipient());
        self.send(frame.getId() == 0 ? OK : reply(frame.getId(), 200, "ok"));
        if (to == null) {
          self.send(outcome(messageId, Outcome.Decision.NOT_DELIVERED));
          return;
        }
        long deliveryId = deliveryIds.incrementAndGet();
        pending.put(deliveryId, new Pending(self, messageId));
        to.send(
            ServerFrame.newBuilder()
                .setDeliver(
                    Deliver.newBuilder()
                        .setDeliveryId(deliveryId)
                        .setMessageId(messageId)
                        .setSender(device)
                        .setPayload(frame.getSend().getPayload()))
                .build()
                .toByteArray());
      }
      case ACK -> {
        long deliveryId = frame.getAck().getDeliveryId();
        Pending p = pending.remove(deliveryId);
        if (p != null) {
          p.sender().send(outcome(p.messageId(), Outcome.Decision.DELIVERED));
          self.send(
              ServerFrame.newBuilder()
                  .setSettle(
                      Settle.newBuilder().setDeliveryId(deliveryId).setVerdict(Settle.Verdict.SHOW))
                  .build()
                  .toByteArray());
        }
      }
      case PING -> self.send(reply(frame.getId(), 200, "ok"));
      default -> self.send(reply(frame.getId(), 400, "unknown_frame"));
    }
  }

  private static byte[] reply(long id, int status, String code) {
    return ServerFrame.newBuilder()
        .setId(id)
        .setReply(Reply.newBuilder().setStatus(status).setCode(code))
        .build()
        .toByteArray();
  }

  private static byte[] outcome(long messageId, Outcome.Decision decision) {
    return ServerFrame.newBuilder()
        .setOutcome(Outcome.newBuilder().setMessageId(messageId).setDecision(decision))
        .build()
        .toByteArray();
  }
}
