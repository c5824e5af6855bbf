package org.nubo.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.ServerFrame;

/**
 * Turns WebSocket binary messages into frames and back. Decoding checks size first, then structure,
 * then the rules protobuf alone cannot express (a body is present, tokens are 32 bytes, payloads
 * fit), so everything past this class may trust what it holds.
 */
public final class FrameCodec {
  private FrameCodec() {}

  /** Decodes and validates a frame a device sent. */
  public static ClientFrame decodeClient(byte[] bytes) {
    ClientFrame frame = parseClient(bytes);
    validate(frame);
    return frame;
  }

  /**
   * The first half of {@link #decodeClient}: size and structure only. A server uses the halves
   * separately so that a frame which parses but breaks a rule is answered under its own id.
   */
  public static ClientFrame parseClient(byte[] bytes) {
    checkSize(bytes);
    ClientFrame frame;
    try {
      CodedInputStream input = CodedInputStream.newInstance(bytes);
      input.setRecursionLimit(8);
      frame = ClientFrame.parseFrom(input);
      input.checkLastTagWas(0);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolException("malformed_frame", "the frame is not a valid ClientFrame", e);
    } catch (IOException e) {
      throw new ProtocolException("malformed_frame", "the frame could not be read", e);
    }
    return frame;
  }

  /** Decodes a frame the server sent. */
  public static ServerFrame decodeServer(byte[] bytes) {
    checkSize(bytes);
    try {
      return ServerFrame.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new ProtocolException("malformed_frame", "the frame is not a valid ServerFrame", e);
    }
  }

  private static void checkSize(byte[] bytes) {
    if (bytes.length > WireLimits.MAX_FRAME_BYTES) {
      throw new ProtocolException(
          "frame_too_large",
          "a frame is at most "
              + WireLimits.MAX_FRAME_BYTES
              + " bytes; this one has "
              + bytes.length);
    }
  }

  /** The second half of {@link #decodeClient}: the rules protobuf cannot express. */
  public static void validate(ClientFrame frame) {
    if (!frame.getUnknownFields().asMap().isEmpty()) {
      throw new ProtocolException(
          "unknown_field", "the frame has fields this server does not know");
    }
    switch (frame.getBodyCase()) {
      case SEND -> {
        checkToken(frame.getSend().getRecipient().size(), "recipient");
        checkPayload(frame.getSend().getPayload().size());
      }
      case SEALED_SEND -> {
        checkToken(frame.getSealedSend().getRecipient().size(), "recipient");
        checkDeliveryToken(frame.getSealedSend().getDeliveryToken().size());
        checkPayload(frame.getSealedSend().getPayload().size());
      }
      case PROBE -> checkToken(frame.getProbe().getTarget().size(), "target");
      case SEALED_PROBE -> {
        checkToken(frame.getSealedProbe().getTarget().size(), "target");
        checkDeliveryToken(frame.getSealedProbe().getDeliveryToken().size());
        int size = frame.getSealedProbe().getPayload().size();
        checkAtMost(size, WireLimits.MAX_PROBE_PAYLOAD_BYTES, "a probe payload");
        if (size == 0) {
          throw new ProtocolException("empty_payload", "a sealed probe needs a payload");
        }
      }
      case PROBE_ANSWER ->
          checkAtMost(
              frame.getProbeAnswer().getPayload().size(),
              WireLimits.MAX_PROBE_ANSWER_BYTES,
              "a probe answer's payload");
      case RESOLVE -> {
        if (frame.getResolve().getDeliveryIdsCount() > WireLimits.MAX_RESOLVE_IDS) {
          throw new ProtocolException(
              "too_many_ids",
              "a Resolve asks about at most " + WireLimits.MAX_RESOLVE_IDS + " ids");
        }
      }
      case ACK, PING -> {}
      case BODY_NOT_SET ->
          throw new ProtocolException("unknown_frame", "the frame has no body this server knows");
    }
  }

  private static void checkAtMost(int size, int max, String what) {
    if (size > max) {
      throw new ProtocolException(
          "payload_too_large", what + " is at most " + max + " bytes; this one has " + size);
    }
  }

  private static void checkPayload(int size) {
    checkAtMost(size, WireLimits.MAX_PAYLOAD_BYTES, "a message payload");
    if (size == 0) {
      throw new ProtocolException("empty_payload", "a message needs a payload");
    }
  }

  private static void checkDeliveryToken(int size) {
    if (size != 0 && size != WireLimits.DELIVERY_TOKEN_BYTES) {
      throw new ProtocolException(
          "bad_delivery_token",
          "delivery_token must be empty or " + WireLimits.DELIVERY_TOKEN_BYTES + " bytes");
    }
  }

  private static void checkToken(int size, String field) {
    if (size != WireLimits.TOKEN_BYTES) {
      throw new ProtocolException(
          "bad_token", field + " must be a " + WireLimits.TOKEN_BYTES + "-byte account token");
    }
  }
}
