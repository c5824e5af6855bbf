package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nubo.crypto.oprf.BlindedElement;
import org.nubo.crypto.oprf.OprfClient;
import org.nubo.crypto.oprf.OprfException;
import org.nubo.crypto.oprf.OprfServerKey;
import org.nubo.crypto.oprf.Ristretto255;

/**
 * The libsodium group the SDK uses for discovery when it can: the same answers as the pure-Java
 * one, operation by operation and through a whole OPRF batch (whose direct evaluation the crypto
 * module checks against RFC 9497's vectors).
 */
class LibsodiumRistretto255Test {
  private final Ristretto255 sodium =
      LibsodiumRistretto255.load().orElseThrow(() -> new AssertionError("libsodium not loaded"));
  private final Ristretto255 java = Ristretto255.pureJava();
  private final Random seeds = new Random(20261122);

  @Test
  void everyOperationAgreesWithPureJava() {
    for (int i = 0; i < 50; i++) {
      byte[] uniform = bytes(64);
      byte[] element = java.fromUniformBytes(uniform);
      byte[] other = java.fromUniformBytes(bytes(64));
      byte[] scalar = scalar();

      assertThat(sodium.fromUniformBytes(uniform)).isEqualTo(element);
      assertThat(sodium.multiply(element, scalar)).isEqualTo(java.multiply(element, scalar));
      assertThat(sodium.multiplyBase(scalar)).isEqualTo(java.multiplyBase(scalar));
      assertThat(sodium.add(element, other)).isEqualTo(java.add(element, other));
    }
  }

  @Test
  void aBatchFinalizedOnLibsodiumGivesTheServersDirectOutputs() {
    SecureRandom random = new SecureRandom();
    OprfServerKey server = OprfServerKey.generate(random);
    OprfClient client = new OprfClient(server.publicKey(), random, sodium);
    List<byte[]> inputs = new ArrayList<>();
    List<OprfClient.Blinded> states = new ArrayList<>();
    List<BlindedElement> blinded = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      byte[] input = ("+1415555" + (1000 + i)).getBytes(StandardCharsets.US_ASCII);
      OprfClient.Blinded state = client.blind(input);
      inputs.add(input);
      states.add(state);
      blinded.add(state.blindedElement());
    }

    List<byte[]> outputs = client.finalizeOutputs(states, server.evaluate(blinded, random));

    for (int i = 0; i < inputs.size(); i++) {
      assertThat(outputs.get(i)).isEqualTo(server.evaluateDirect(inputs.get(i)));
    }
  }

  @Test
  void badEncodingsAreRefusedAsByPureJava() {
    byte[] invalid = new byte[32];
    invalid[0] = 1; // a non-canonical field element: not an encoding
    assertThatThrownBy(() -> sodium.multiply(invalid, scalar())).isInstanceOf(OprfException.class);
    assertThatThrownBy(() -> java.multiply(invalid, scalar())).isInstanceOf(OprfException.class);
    assertThatThrownBy(() -> sodium.multiply(new byte[31], scalar()))
        .isInstanceOf(OprfException.class);
    assertThatThrownBy(() -> sodium.fromUniformBytes(new byte[32]))
        .isInstanceOf(OprfException.class);
  }

  private byte[] bytes(int n) {
    byte[] out = new byte[n];
    seeds.nextBytes(out);
    return out;
  }

  /** A random scalar below 2^252, so below the group order. */
  private byte[] scalar() {
    byte[] out = bytes(32);
    out[31] &= 0x0f;
    return out;
  }
}
