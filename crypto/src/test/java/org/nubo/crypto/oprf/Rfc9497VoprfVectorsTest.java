package org.nubo.crypto.oprf;

import static org.assertj.core.api.Assertions.assertThat;

import cafe.cryptography.curve25519.Scalar;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9497 appendix A.1.2: every test vector of ristretto255-SHA512 in VOPRF mode, typed from the
 * RFC. Agreeing with them is what shows that hash-to-group, the domain separation tags, the
 * transcripts and the proof are the RFC's and not merely self-consistent.
 */
class Rfc9497VoprfVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  private static OprfServerKey serverKey() {
    return Rfc9497Vectors.serverKey();
  }

  @Test
  void contextStringIsTheRfcs() {
    assertThat(Suite.CONTEXT_STRING)
        .isEqualTo("OPRFV1-\u0001-ristretto255-SHA512".getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void deriveKeyPairGivesSkSmAndPkSm() {
    OprfServerKey key = serverKey();

    assertThat(HEX.formatHex(key.privateKeyBytes())).isEqualTo(Rfc9497Vectors.SK_SM);
    assertThat(HEX.formatHex(key.publicKey().toByteArray())).isEqualTo(Rfc9497Vectors.PK_SM);
  }

  @Test
  void vector1() {
    check(Rfc9497Vectors.VECTOR_1);
  }

  @Test
  void vector2() {
    check(Rfc9497Vectors.VECTOR_2);
  }

  @Test
  void vector3BatchOfTwo() {
    check(Rfc9497Vectors.VECTOR_3);
  }

  private static void check(Rfc9497Vectors.Vector v) {
    OprfServerKey server = serverKey();
    int n = v.inputs().size();

    OprfClient client =
        new OprfClient(OprfPublicKey.fromBytes(hex(Rfc9497Vectors.PK_SM)), new SecureRandom());
    List<OprfClient.Blinded> states = new ArrayList<>();
    List<BlindedElement> blinded = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      OprfClient.Blinded state = client.blind(hex(v.inputs().get(i)), scalar(v.blinds().get(i)));
      assertThat(HEX.formatHex(state.blindedElement().toByteArray()))
          .as("%s: BlindedElement %d", v.name(), i)
          .isEqualTo(v.blindedElements().get(i));
      states.add(state);
      // The server reads what went over the wire.
      blinded.add(BlindedElement.fromBytes(hex(v.blindedElements().get(i))));
    }

    OprfEvaluation evaluation = server.evaluate(blinded, scalar(v.proofRandomScalar()));
    for (int i = 0; i < n; i++) {
      assertThat(HEX.formatHex(evaluation.evaluatedElements().get(i).toByteArray()))
          .as("%s: EvaluationElement %d", v.name(), i)
          .isEqualTo(v.evaluationElements().get(i));
    }
    assertThat(HEX.formatHex(evaluation.proof().toByteArray()))
        .as("%s: Proof", v.name())
        .isEqualTo(v.proof());

    // The client reads the RFC's evaluation and proof as received from the wire.
    List<EvaluatedElement> received = new ArrayList<>();
    for (String e : v.evaluationElements()) {
      received.add(EvaluatedElement.fromBytes(hex(e)));
    }
    List<byte[]> outputs =
        client.finalizeOutputs(
            states, new OprfEvaluation(received, DleqProof.fromBytes(hex(v.proof()))));
    for (int i = 0; i < n; i++) {
      assertThat(HEX.formatHex(outputs.get(i)))
          .as("%s: Output %d", v.name(), i)
          .isEqualTo(v.outputs().get(i));
      assertThat(HEX.formatHex(server.evaluateDirect(hex(v.inputs().get(i)))))
          .as("%s: Output %d by the direct Evaluate", v.name(), i)
          .isEqualTo(v.outputs().get(i));
    }
  }

  @Test
  void theEncodedPathGivesTheVectorsEvaluationsAndProofs() {
    for (Rfc9497Vectors.Vector v : Rfc9497Vectors.ALL) {
      List<byte[]> blinded = new ArrayList<>();
      for (String b : v.blindedElements()) {
        blinded.add(hex(b));
      }
      EncodedEvaluation answer =
          serverKey()
              .evaluateEncoded(
                  blinded,
                  Rfc9497Vectors.fixedRandom(v.proofRandomScalar()),
                  Ristretto255.pureJava(),
                  Runnable::run,
                  2);
      assertThat(answer.evaluatedElements().stream().map(HEX::formatHex).toList())
          .as(v.name())
          .isEqualTo(v.evaluationElements());
      assertThat(HEX.formatHex(answer.proof())).as(v.name()).isEqualTo(v.proof());
    }
  }

  private static Scalar scalar(String hex) {
    return Suite.deserializeScalar(hex(hex), "a test vector scalar");
  }
}
