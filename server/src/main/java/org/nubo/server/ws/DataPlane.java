package org.nubo.server.ws;

import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.nubo.core.InvalidRequest;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.limits.RateLimiter;
import org.nubo.core.presence.Presence;
import org.nubo.core.relay.Connections;
import org.nubo.core.relay.DeviceConnection;
import org.nubo.core.relay.FrameSink;
import org.nubo.core.relay.Relay;
import org.nubo.protocol.FrameCodec;
import org.nubo.protocol.ProtocolException;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Reply;
import org.nubo.protocol.wire.ServerFrame;
import org.nubo.server.http.ErrorTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dispatches each device frame to the core. Probe, Resolve and Ping get exactly one Reply with the
 * frame's id; a plain Send is refused ({@code 400 sealed_required}): on this authenticated socket
 * it would tell the server who writes to whom, so messages travel as SealedSend on the sealed
 * socket instead; Ack and ProbeAnswer are answered by their effects (a Settle, a result to the
 * asker). A frame that cannot be decoded gets an error Reply and the connection stays open; a
 * connection that keeps sending bad frames is closed.
 */
public final class DataPlane {
  private static final Logger LOG = LoggerFactory.getLogger(DataPlane.class);

  private final Connections connections;
  private final Relay relay;
  private final Presence presence;
  private final RateLimiter badFrames;
  private final Predicate<DevicePrincipal> enrolled;

  /**
   * @param enrolled whether the device is still enrolled for its account (read from storage)
   */
  public DataPlane(
      Connections connections,
      Relay relay,
      Presence presence,
      RateLimiter badFrames,
      Predicate<DevicePrincipal> enrolled) {
    this.connections = connections;
    this.relay = relay;
    this.presence = presence;
    this.badFrames = badFrames;
    this.enrolled = enrolled;
  }

  /**
   * Registers an opened socket (on its event loop). The upgrade authenticated the device a moment
   * earlier; if messaging was turned off (or the number re-registered) in between, the listener
   * that closes the account's connections may have run before this one was registered. So if any
   * turn-off happened on this node since {@code turnOffsSeen} (read before authenticating), the
   * enrolment is read again, on a virtual thread (never on the event loop), and the socket closed
   * if it is gone. Without a turn-off, a connect reads storage once, to authenticate.
   */
  void opened(DeviceConnection connection, long turnOffsSeen) {
    connections.add(connection);
    if (connections.turnOffs() != turnOffsSeen) {
      Thread.ofVirtual().name("nubo-enrolment").start(() -> recheck(connection));
    }
  }

  /** What {@link #opened} compares against: read this before authenticating a device. */
  long turnOffs() {
    return connections.turnOffs();
  }

  private void recheck(DeviceConnection connection) {
    boolean stillEnrolled;
    try {
      stillEnrolled = enrolled.test(connection.principal());
    } catch (RuntimeException e) {
      stillEnrolled = false;
    }
    if (!stillEnrolled) {
      connection.close("this device is no longer enrolled");
    }
  }

  void closed(DeviceConnection connection) {
    connections.remove(connection);
  }

  void received(DeviceSocket connection, byte[] bytes) {
    ClientFrame frame = decode(connection, bytes, badFrames);
    if (frame == null) {
      return;
    }
    long id = frame.getId();
    try {
      switch (frame.getBodyCase()) {
        case SEND ->
            throw new InvalidRequest(
                "sealed_required",
                "plain Send would name the sender; seal the message and send it as SealedSend on "
                    + SEALED_PATH);
        case ACK -> relay.ack(connection, frame.getAck().getDeliveryId());
        case PROBE ->
            throw new InvalidRequest(
                "sealed_required",
                "plain Probe would tell the server who asks about whom; seal the probe and send it"
                    + " as SealedProbe on "
                    + SEALED_PATH);
        case PROBE_ANSWER -> presence.answer(connection, frame.getProbeAnswer());
        case RESOLVE -> {
          List<Long> ids = frame.getResolve().getDeliveryIdsList();
          connection.push(
              ServerFrame.newBuilder()
                  .setId(id)
                  .setReply(okReply().addAllSettled(relay.resolve(connection, ids)))
                  .build());
        }
        case PING -> connection.push(ok(id));
        // On this socket the sender is authenticated: sealing would hide nothing.
        case SEALED_SEND, SEALED_PROBE ->
            throw new InvalidRequest(
                "sealed_socket_only",
                (frame.hasSealedSend() ? "SealedSend" : "SealedProbe")
                    + " goes on "
                    + SEALED_PATH
                    + ", opened without a credential");
        case BODY_NOT_SET -> throw new IllegalStateException("FrameCodec lets no empty frame pass");
      }
    } catch (RuntimeException e) {
      failed(connection, frame, e);
    }
  }

  /** Where sealed senders connect. */
  public static final String SEALED_PATH = "/v1/websocket/sealed";

  /**
   * Parses and validates a frame, or answers it with an error Reply (under its id when it parsed)
   * and returns null; a connection that keeps sending bad frames is closed.
   */
  static @Nullable ClientFrame decode(FrameSocket connection, byte[] bytes, RateLimiter badFrames) {
    ClientFrame frame;
    try {
      frame = FrameCodec.parseClient(bytes);
    } catch (ProtocolException e) {
      refuseBadFrame(connection, 0, e, badFrames);
      return null;
    }
    try {
      FrameCodec.validate(frame);
    } catch (ProtocolException e) {
      refuseBadFrame(connection, frame.getId(), e, badFrames);
      return null;
    }
    return frame;
  }

  /** Answers a frame the core refused, through the error table. */
  static void failed(FrameSink connection, ClientFrame frame, RuntimeException e) {
    ErrorTable.Failure failure = ErrorTable.describe(e);
    if (ErrorTable.isServerFault(failure)) {
      LOG.error("frame failed kind={} status={}", frame.getBodyCase(), failure.status(), e);
    }
    connection.push(error(frame.getId(), failure));
  }

  private static void refuseBadFrame(
      FrameSocket connection, long id, ProtocolException e, RateLimiter badFrames) {
    LOG.debug("refused a bad frame code={}", e.code());
    connection.push(error(id, ErrorTable.describe(e)));
    try {
      badFrames.acquire(connection.key());
    } catch (RuntimeException limited) {
      connection.close("too many malformed frames");
    }
  }

  private static Reply.Builder okReply() {
    return Reply.newBuilder().setStatus(200).setCode("ok");
  }

  static ServerFrame ok(long id) {
    return ServerFrame.newBuilder().setId(id).setReply(okReply()).build();
  }

  private static ServerFrame error(long id, ErrorTable.Failure failure) {
    return ServerFrame.newBuilder()
        .setId(id)
        .setReply(
            Reply.newBuilder()
                .setStatus(failure.status())
                .setCode(failure.code())
                .setMessage(failure.message())
                .setRetryAfterSeconds(
                    (int) Math.min(Integer.MAX_VALUE, failure.retryAfterSeconds())))
        .build();
  }
}
