package org.nubo.crypto.oprf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cafe.cryptography.curve25519.Scalar;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class VoprfTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final OprfServerKey SERVER = OprfServerKey.generate(RANDOM);

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Property(tries = 40)
  void blindedProtocolEqualsTheDirectPrf(@ForAll @Size(max = 64) byte[] input) {
    OprfClient client = new OprfClient(SERVER.publicKey(), RANDOM);

    OprfClient.Blinded state = client.blind(input);
    OprfEvaluation evaluation = SERVER.evaluate(state.blindedElement(), RANDOM);
    byte[] output = client.finalizeOutput(state, evaluation);

    assertThat(output).hasSize(64).isEqualTo(SERVER.evaluateDirect(input));
  }

  @Test
  void aBatchGivesEachInputItsOwnOutputInOrder() {
    OprfClient client = new OprfClient(SERVER.publicKey(), RANDOM);
    List<byte[]> inputs = new ArrayList<>();
    List<OprfClient.Blinded> states = new ArrayList<>();
    List<BlindedElement> blinded = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      inputs.add(utf8("+3361234567" + i));
      states.add(client.blind(inputs.get(i)));
      blinded.add(states.get(i).blindedElement());
    }

    List<byte[]> outputs = client.finalizeOutputs(states, SERVER.evaluate(blinded, RANDOM));

    for (int i = 0; i < 5; i++) {
      assertThat(outputs.get(i)).isEqualTo(SERVER.evaluateDirect(inputs.get(i)));
    }
  }

  @Test
  void theServerSeesADifferentBlindedElementEachTimeForTheSameInput() {
    OprfClient client = new OprfClient(SERVER.publicKey(), RANDOM);

    assertThat(client.blind(utf8("+33612345678")).blindedElement())
        .isNotEqualTo(client.blind(utf8("+33612345678")).blindedElement());
  }

  @Test
  void anAlteredProofIsRefused() {
    OprfClient client = new OprfClient(SERVER.publicKey(), RANDOM);
    OprfClient.Blinded state = client.blind(utf8("+33612345678"));
    OprfEvaluation evaluation = SERVER.evaluate(state.blindedElement(), RANDOM);
    DleqProof proof = evaluation.proof();
    DleqProof badResponse = new DleqProof(proof.c, proof.s.add(Scalar.ONE));
    DleqProof badChallenge = new DleqProof(proof.c.add(Scalar.ONE), proof.s);

    for (DleqProof bad : Arrays.asList(badResponse, badChallenge)) {
      assertThatThrownBy(() -> client.finalizeOutput(state, evaluation.single(), bad))
          .isInstanceOf(OprfProofException.class)
          .hasMessageContaining("does not verify against the pinned OPRF public key");
    }
  }

  @Test
  void anEvaluationSwappedForAnotherInputsIsRefused() {
    OprfClient client = new OprfClient(SERVER.publicKey(), RANDOM);
    OprfClient.Blinded mine = client.blind(utf8("+33612345678"));
    OprfClient.Blinded other = client.blind(utf8("+33698765432"));
    OprfEvaluation mineEvaluated = SERVER.evaluate(mine.blindedElement(), RANDOM);
    OprfEvaluation otherEvaluated = SERVER.evaluate(other.blindedElement(), RANDOM);

    assertThatThrownBy(
            () -> client.finalizeOutput(mine, otherEvaluated.single(), mineEvaluated.proof()))
        .isInstanceOf(OprfProofException.class);
    assertThatThrownBy(() -> client.finalizeOutput(mine, otherEvaluated))
        .isInstanceOf(OprfProofException.class);
  }

  @Test
  void anEvaluationUnderAnotherServerKeyIsDetected() {
    OprfClient client = new OprfClient(SERVER.publicKey(), RANDOM);
    OprfServerKey impostor = OprfServerKey.generate(RANDOM);
    OprfClient.Blinded state = client.blind(utf8("+33612345678"));

    // A server that keys this user differently, with a proof that is valid for its other key.
    OprfEvaluation evaluation = impostor.evaluate(state.blindedElement(), RANDOM);

    assertThatThrownBy(() -> client.finalizeOutput(state, evaluation))
        .isInstanceOf(OprfProofException.class)
        .hasMessageContaining("made with another key");
    assertThat(new OprfClient(impostor.publicKey(), RANDOM).finalizeOutput(state, evaluation))
        .isEqualTo(impostor.evaluateDirect(utf8("+33612345678")));
  }

  @Test
  void differentKeysGiveUnrelatedOutputs() {
    OprfServerKey other = OprfServerKey.generate(RANDOM);

    assertThat(other.evaluateDirect(utf8("+33612345678")))
        .isNotEqualTo(SERVER.evaluateDirect(utf8("+33612345678")));
  }

  @Test
  void aBatchWithTheWrongNumberOfEvaluationsIsRefused() {
    OprfClient client = new OprfClient(SERVER.publicKey(), RANDOM);
    OprfClient.Blinded a = client.blind(utf8("a"));
    OprfClient.Blinded b = client.blind(utf8("b"));
    OprfEvaluation onlyA = SERVER.evaluate(a.blindedElement(), RANDOM);

    assertThatThrownBy(() -> client.finalizeOutputs(Arrays.asList(a, b), onlyA))
        .isInstanceOf(OprfException.class)
        .hasMessage("sent 2 blinded elements but received 1 evaluations");
    assertThatThrownBy(() -> SERVER.evaluate(Collections.emptyList(), RANDOM))
        .isInstanceOf(OprfException.class)
        .hasMessageContaining("a batch holds 1 to 65535 blinded elements, not 0");
  }

  @Test
  void theIdentityElementIsRefusedEverywhere() {
    byte[] identity = new byte[32];

    assertThatThrownBy(() -> BlindedElement.fromBytes(identity))
        .isInstanceOf(OprfException.class)
        .hasMessage("a blinded element is the identity element, which is never valid here");
    assertThatThrownBy(() -> EvaluatedElement.fromBytes(identity))
        .isInstanceOf(OprfException.class)
        .hasMessageContaining("identity");
    assertThatThrownBy(() -> OprfPublicKey.fromBytes(identity))
        .isInstanceOf(OprfException.class)
        .hasMessageContaining("identity");
  }

  @Test
  void malformedEncodingsAreRefusedWithClearMessages() {
    byte[] notAnElement = new byte[32];
    Arrays.fill(notAnElement, (byte) 0xff);
    byte[] notCanonical = new byte[64];
    Arrays.fill(notCanonical, (byte) 0xff);

    assertThatThrownBy(() -> BlindedElement.fromBytes(new byte[31]))
        .isInstanceOf(OprfException.class)
        .hasMessage("a blinded element is a 32-byte ristretto255 element, not 31");
    assertThatThrownBy(() -> BlindedElement.fromBytes(notAnElement))
        .isInstanceOf(OprfException.class)
        .hasMessage("a blinded element is not a valid ristretto255 encoding");
    assertThatThrownBy(() -> DleqProof.fromBytes(new byte[63]))
        .isInstanceOf(OprfException.class)
        .hasMessage("a proof is 64 bytes, not 63");
    assertThatThrownBy(() -> DleqProof.fromBytes(notCanonical))
        .isInstanceOf(OprfException.class)
        .hasMessageContaining("not a canonical scalar");
    assertThatThrownBy(() -> OprfServerKey.fromPrivateKeyBytes(new byte[32]))
        .isInstanceOf(OprfException.class)
        .hasMessage("an OPRF private key is never zero");
    assertThatThrownBy(() -> OprfServerKey.derive(new byte[31], new byte[0]))
        .isInstanceOf(OprfException.class)
        .hasMessage("a key seed is 32 bytes, not 31");
  }

  @Test
  void wireFormsRoundTrip() {
    OprfClient client = new OprfClient(SERVER.publicKey(), RANDOM);
    OprfClient.Blinded state = client.blind(utf8("+33612345678"));
    OprfEvaluation evaluation = SERVER.evaluate(state.blindedElement(), RANDOM);

    assertThat(BlindedElement.fromBytes(state.blindedElement().toByteArray()))
        .isEqualTo(state.blindedElement());
    assertThat(EvaluatedElement.fromBytes(evaluation.single().toByteArray()))
        .isEqualTo(evaluation.single());
    assertThat(DleqProof.fromBytes(evaluation.proof().toByteArray())).isEqualTo(evaluation.proof());
    assertThat(OprfServerKey.fromPrivateKeyBytes(SERVER.privateKeyBytes()).publicKey())
        .isEqualTo(SERVER.publicKey());
  }

  @Test
  void printingAKeyOrAStateShowsNoSecret() {
    OprfClient.Blinded state =
        new OprfClient(SERVER.publicKey(), RANDOM).blind(utf8("+33612345678"));

    assertThat(SERVER.toString())
        .doesNotContain(java.util.HexFormat.of().formatHex(SERVER.privateKeyBytes()));
    assertThat(state.toString()).doesNotContain("33612345678");
  }

  @Test
  void inversionInverts() {
    Scalar s = Suite.randomScalar(RANDOM);

    assertThat(Suite.invert(s).multiply(s)).isEqualTo(Scalar.ONE);
  }
}
