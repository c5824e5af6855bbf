package org.nubo.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.nubo.protocol.wire.Ack;
import org.nubo.protocol.wire.ClientFrame;
import org.nubo.protocol.wire.Probe;
import org.nubo.protocol.wire.ProbeAnswer;
import org.nubo.protocol.wire.Resolve;
import org.nubo.protocol.wire.SealedProbe;
import org.nubo.protocol.wire.SealedSend;
import org.nubo.protocol.wire.Send;

class FrameCodecTest {
  private static final ByteString TOKEN = ByteString.copyFrom(new byte[32]);

  @Test
  void aValidSendDecodes() {
    ClientFrame frame =
        ClientFrame.newBuilder()
            .setId(7)
            .setSend(
                Send.newBuilder()
                    .setMessageId(1)
                    .setRecipient(TOKEN)
                    .setPayload(ByteString.copyFromUtf8("hi")))
            .build();

    assertThat(FrameCodec.decodeClient(frame.toByteArray())).isEqualTo(frame);
  }

  @Test
  void aSealedSendWithOrWithoutADeliveryTokenDecodes() {
    for (int tokenBytes : new int[] {0, WireLimits.DELIVERY_TOKEN_BYTES}) {
      ClientFrame frame = sealed(tokenBytes, 5);

      assertThat(FrameCodec.decodeClient(frame.toByteArray())).isEqualTo(frame);
    }
  }

  @Test
  void aSealedSendWithADeliveryTokenOfTheWrongSizeIsRefused() {
    assertThatThrownBy(() -> FrameCodec.decodeClient(sealed(15, 5).toByteArray()))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("bad_delivery_token"));
  }

  @Test
  void aSealedSendNeedsAPayloadWithinTheLimit() {
    assertThatThrownBy(() -> FrameCodec.decodeClient(sealed(0, 0).toByteArray()))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("empty_payload"));
    assertThatThrownBy(
            () ->
                FrameCodec.decodeClient(sealed(0, WireLimits.MAX_PAYLOAD_BYTES + 1).toByteArray()))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("payload_too_large"));
  }

  private static ClientFrame sealed(int tokenBytes, int payloadBytes) {
    return ClientFrame.newBuilder()
        .setId(9)
        .setSealedSend(
            SealedSend.newBuilder()
                .setMessageId(2)
                .setRecipient(TOKEN)
                .setDeliveryToken(ByteString.copyFrom(new byte[tokenBytes]))
                .setPayload(ByteString.copyFrom(new byte[payloadBytes])))
        .build();
  }

  @Test
  void aSealedProbeWithOrWithoutADeliveryTokenDecodes() {
    for (int tokenBytes : new int[] {0, WireLimits.DELIVERY_TOKEN_BYTES}) {
      ClientFrame frame = sealedProbe(32, tokenBytes, WireLimits.MAX_PROBE_PAYLOAD_BYTES);

      assertThat(FrameCodec.decodeClient(frame.toByteArray())).isEqualTo(frame);
    }
  }

  @Test
  void aSealedProbeBreakingARuleIsRefusedWithItsCode() {
    assertThat(refusal(sealedProbe(31, 0, 5))).isEqualTo("bad_token");
    assertThat(refusal(sealedProbe(32, 8, 5))).isEqualTo("bad_delivery_token");
    assertThat(refusal(sealedProbe(32, 0, 0))).isEqualTo("empty_payload");
    assertThat(refusal(sealedProbe(32, 16, WireLimits.MAX_PROBE_PAYLOAD_BYTES + 1)))
        .isEqualTo("payload_too_large");
  }

  @Test
  void aProbeAnswerCarriesAtMostASmallPayload() {
    for (int size : new int[] {0, WireLimits.MAX_PROBE_ANSWER_BYTES}) {
      ClientFrame frame = probeAnswer(size);

      assertThat(FrameCodec.decodeClient(frame.toByteArray())).isEqualTo(frame);
    }
    assertThat(refusal(probeAnswer(WireLimits.MAX_PROBE_ANSWER_BYTES + 1)))
        .isEqualTo("payload_too_large");
  }

  @Test
  void theFuzzSeedsReachTheSealedProbeRules() throws Exception {
    assertThat(FrameCodec.decodeClient(seed("sealed-probe")).getSealedProbe().getPayload().size())
        .isPositive();
    assertThat(
            FrameCodec.decodeClient(seed("sealed-probe-stranger"))
                .getSealedProbe()
                .getDeliveryToken()
                .isEmpty())
        .isTrue();
    assertThat(
            FrameCodec.decodeClient(seed("probe-answer-with-payload"))
                .getProbeAnswer()
                .getPayload()
                .size())
        .isPositive();
    assertThatThrownBy(() -> FrameCodec.decodeClient(seed("sealed-probe-oversized")))
        .hasMessageContaining("probe payload");
    assertThatThrownBy(() -> FrameCodec.decodeClient(seed("sealed-probe-short-target")))
        .hasMessageContaining("target");
  }

  private static byte[] seed(String name) throws java.io.IOException {
    try (java.io.InputStream in =
        FrameCodecTest.class.getResourceAsStream("FrameCodecFuzzTestInputs/decodeClient/" + name)) {
      if (in == null) {
        throw new AssertionError("no seed " + name);
      }
      return in.readAllBytes();
    }
  }

  private static String refusal(ClientFrame frame) {
    try {
      FrameCodec.decodeClient(frame.toByteArray());
    } catch (ProtocolException e) {
      return e.code();
    }
    throw new AssertionError("the frame was accepted");
  }

  private static ClientFrame sealedProbe(int targetBytes, int tokenBytes, int payloadBytes) {
    return ClientFrame.newBuilder()
        .setId(11)
        .setSealedProbe(
            SealedProbe.newBuilder()
                .setProbeNonce(0xfeed_beefL)
                .setTarget(ByteString.copyFrom(new byte[targetBytes]))
                .setDeliveryToken(ByteString.copyFrom(new byte[tokenBytes]))
                .setPayload(ByteString.copyFrom(new byte[payloadBytes])))
        .build();
  }

  private static ClientFrame probeAnswer(int payloadBytes) {
    return ClientFrame.newBuilder()
        .setId(12)
        .setProbeAnswer(
            ProbeAnswer.newBuilder()
                .setProbeId(3)
                .setPayload(ByteString.copyFrom(new byte[payloadBytes])))
        .build();
  }

  @Test
  void garbageIsAMalformedFrame() {
    assertThatThrownBy(() -> FrameCodec.decodeClient(new byte[] {(byte) 0xff, 0x01, 0x02}))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("malformed_frame"));
  }

  @Test
  void aFrameWithoutABodyIsUnknown() {
    assertThatThrownBy(
            () -> FrameCodec.decodeClient(ClientFrame.newBuilder().setId(3).build().toByteArray()))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("unknown_frame"));
  }

  @Test
  void anUnknownFieldIsRefused() {
    byte[] known =
        ClientFrame.newBuilder().setAck(Ack.newBuilder().setDeliveryId(1)).build().toByteArray();
    byte[] withExtra = new byte[known.length + 2];
    System.arraycopy(known, 0, withExtra, 0, known.length);
    withExtra[known.length] = (byte) (99 << 3); // field 99, varint
    withExtra[known.length + 1] = 1;

    assertThatThrownBy(() -> FrameCodec.decodeClient(withExtra))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("unknown_field"));
  }

  @Test
  void anOversizedFrameIsRefusedBeforeParsing() {
    assertThatThrownBy(() -> FrameCodec.decodeClient(new byte[WireLimits.MAX_FRAME_BYTES + 1]))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("frame_too_large"))
        .hasMessageContaining(Integer.toString(WireLimits.MAX_FRAME_BYTES));
  }

  @Test
  void aPayloadOverTheLimitIsRefused() {
    ClientFrame frame =
        ClientFrame.newBuilder()
            .setSend(
                Send.newBuilder()
                    .setRecipient(TOKEN)
                    .setPayload(ByteString.copyFrom(new byte[WireLimits.MAX_PAYLOAD_BYTES + 1])))
            .build();

    assertThatThrownBy(() -> FrameCodec.decodeClient(frame.toByteArray()))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("payload_too_large"));
  }

  @Test
  void tokensMustBeThirtyTwoBytesAndResolvesBounded() {
    byte[] shortToken =
        ClientFrame.newBuilder()
            .setProbe(Probe.newBuilder().setTarget(ByteString.copyFrom(new byte[5])))
            .build()
            .toByteArray();
    Resolve.Builder many = Resolve.newBuilder();
    for (int i = 0; i <= WireLimits.MAX_RESOLVE_IDS; i++) {
      many.addDeliveryIds(i);
    }
    byte[] tooMany = ClientFrame.newBuilder().setResolve(many).build().toByteArray();

    assertThatThrownBy(() -> FrameCodec.decodeClient(shortToken))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("bad_token"));
    assertThatThrownBy(() -> FrameCodec.decodeClient(tooMany))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.code()).isEqualTo("too_many_ids"));
  }
}
