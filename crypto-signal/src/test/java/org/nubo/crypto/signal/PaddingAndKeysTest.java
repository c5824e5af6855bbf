package org.nubo.crypto.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PaddingAndKeysTest {
  @Property
  void paddingRoundTripsToAMultipleOf160(@ForAll @Size(max = 1000) byte[] plaintext) {
    byte[] padded = Padding.pad(plaintext);

    assertThat(padded.length % 160).isZero();
    assertThat(padded.length)
        .isGreaterThan(plaintext.length)
        .isLessThanOrEqualTo(plaintext.length + 160);
    assertThat(Padding.unpad(padded)).hasValueSatisfying(p -> assertThat(p).isEqualTo(plaintext));
  }

  @Property
  void unpaddingNeverAcceptsWhatPadDidNotMake(@ForAll @Size(max = 400) byte[] junk) {
    Padding.unpad(junk).ifPresent(plaintext -> assertThat(Padding.pad(plaintext)).isEqualTo(junk));
  }

  @Test
  void unpaddingRefusesEmptyAndUnmarkedBlocks() {
    assertThat(Padding.unpad(new byte[0])).isEmpty();
    assertThat(Padding.unpad(new byte[160])).isEmpty();
    assertThat(Padding.unpad(new byte[159])).isEmpty();
    byte[] markTooEarly = new byte[320];
    markTooEarly[100] = (byte) 0x80;
    assertThat(Padding.unpad(markTooEarly)).isEmpty();
  }

  @Test
  void deliveryKeyIsTheFirst16BytesOfTheLabelledHmac() {
    byte[] profileKey = new byte[32];
    for (int i = 0; i < 32; i++) {
      profileKey[i] = (byte) i;
    }

    // python3: hmac.new(bytes(range(32)), b"nubo-delivery-key-v1", hashlib.sha256).hexdigest()[:32]
    assertThat(HexFormat.of().formatHex(DeliveryKeys.derive(profileKey)))
        .isEqualTo("5fa75017240a26ef1af5d911cb340e5f");
    assertThatThrownBy(() -> DeliveryKeys.derive(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDeviceDeliveryKeyFollowsItsProfileKeyAndItsRotation() {
    SignalDevice device = SignalDevice.open(SignalStateStore.inMemory(), new TestClock(0));
    byte[] before = device.deliveryKey();

    assertThat(before).isEqualTo(DeliveryKeys.derive(device.profileKey())).hasSize(16);
    byte[] rotated = device.rotateProfileKey();
    assertThat(device.profileKey()).isEqualTo(rotated);
    assertThat(device.deliveryKey()).isNotEqualTo(before);
  }

  @Test
  void safetyNumbersRefuseMalformedKeys() {
    assertThatThrownBy(
            () ->
                SafetyNumbers.of(
                    TestPhone.randomToken(), new byte[33], TestPhone.randomToken(), new byte[33]))
        .isInstanceOf(SignalKeyException.class);
  }
}
