package org.nubo.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.nubo.protocol.wire.ClientFrame;

/**
 * Jazzer fuzz target for the server's frame decoder. In a normal build it replays the seeds in
 * {@code FrameCodecFuzzTestInputs/decodeClient}; to fuzz for real, run {@code JAZZER_FUZZ=1 ./mvnw
 * -pl protocol test -Dtest=FrameCodecFuzzTest}.
 *
 * <p>The property: any bytes either decode to a frame that re-encodes within the limits, or are
 * refused with a {@link ProtocolException}. Nothing else may escape.
 */
class FrameCodecFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void decodeClient(byte[] bytes) {
    ClientFrame frame;
    try {
      frame = FrameCodec.decodeClient(bytes);
    } catch (ProtocolException refused) {
      assertThat(refused.code()).isNotBlank();
      assertThat(refused.getMessage()).isNotBlank();
      return;
    }
    assertThat(frame.getBodyCase()).isNotEqualTo(ClientFrame.BodyCase.BODY_NOT_SET);
    assertThat(frame.getSerializedSize()).isLessThanOrEqualTo(WireLimits.MAX_FRAME_BYTES);
  }

  @FuzzTest(maxDuration = "30s")
  void parseSmsTag(byte[] bytes) {
    String body = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    SmsTag.Parsed parsed = SmsTag.parse(body);
    if (parsed.messageId().isPresent()) {
      assertThat(SmsTag.append(parsed.text(), parsed.messageId().get())).isEqualTo(body);
    } else {
      assertThat(parsed.text()).isEqualTo(body);
    }
  }
}
