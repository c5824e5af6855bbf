package org.nubo.server.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nubo.crypto.oprf.EncodedEvaluation;
import org.nubo.crypto.oprf.OprfClient;
import org.nubo.crypto.oprf.OprfException;
import org.nubo.crypto.oprf.OprfServerKey;
import org.nubo.crypto.oprf.Rfc9497Vectors;
import org.nubo.crypto.oprf.Ristretto255;

/** The libsodium path gives the RFC's bytes, and the same bytes as the pure-Java path. */
class SodiumRistretto255Test {
  private static final HexFormat HEX = HexFormat.of();
  private final Ristretto255 sodium = SodiumRistretto255.load();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void everyRfc9497VectorComesOutByteForByte() {
    for (Rfc9497Vectors.Vector v : Rfc9497Vectors.ALL) {
      List<byte[]> blinded = new ArrayList<>();
      for (String b : v.blindedElements()) {
        blinded.add(HEX.parseHex(b));
      }
      EncodedEvaluation answer =
          Rfc9497Vectors.serverKey()
              .evaluateEncoded(
                  blinded, Rfc9497Vectors.fixedRandom(v.proofRandomScalar()), sodium, pool, 2);

      assertThat(answer.evaluatedElements().stream().map(HEX::formatHex).toList())
          .as(v.name())
          .isEqualTo(v.evaluationElements());
      assertThat(HEX.formatHex(answer.proof())).as(v.name()).isEqualTo(v.proof());
    }
  }

  @Test
  void aLargeBatchSplitOverThreadsEqualsThePureJavaAnswerAndVerifiesOnThePhone() {
    OprfServerKey key = OprfServerKey.generate(new SecureRandom());
    OprfClient phone = new OprfClient(key.publicKey(), new SecureRandom());
    List<byte[]> blinded = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      OprfClient.Blinded state =
          phone.blind(
              ("+1415555" + (1000 + i)).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      blinded.add(state.blindedElement().toByteArray());
    }
    String r = "222a5e897cf59db8145db8d16e597e8facb80ae7d4e26d9881aa6f61d645fc0e";

    EncodedEvaluation fast =
        key.evaluateEncoded(blinded, Rfc9497Vectors.fixedRandom(r), sodium, pool, 2);
    EncodedEvaluation slow =
        key.evaluateEncoded(
            blinded, Rfc9497Vectors.fixedRandom(r), Ristretto255.pureJava(), Runnable::run, 1);

    assertThat(fast.proof()).isEqualTo(slow.proof());
    for (int i = 0; i < blinded.size(); i++) {
      assertThat(fast.evaluatedElements().get(i)).isEqualTo(slow.evaluatedElements().get(i));
    }
  }

  @Test
  void nonCanonicalAndIdentityElementsAreRefusedByIndex() {
    OprfServerKey key = Rfc9497Vectors.serverKey();
    byte[] good = HEX.parseHex(Rfc9497Vectors.VECTOR_1.blindedElements().get(0));
    byte[] nonCanonical = new byte[32];
    java.util.Arrays.fill(nonCanonical, (byte) 0xff);

    for (byte[] bad : new byte[][] {new byte[32], nonCanonical, new byte[31]}) {
      assertThatThrownBy(
              () -> key.evaluateEncoded(List.of(good, bad), new SecureRandom(), sodium, pool, 1))
          .isInstanceOf(OprfException.class)
          .hasMessageContaining("blinded element 1");
    }
  }

  @Test
  void singleOperationsEqualThePureJavaOnes() {
    Ristretto255 java = Ristretto255.pureJava();
    SecureRandom random = new SecureRandom();
    List<byte[]> elements = new ArrayList<>();
    List<byte[]> scalars = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] scalar = OprfServerKey.generate(random).privateKeyBytes();
      elements.add(java.multiplyBase(scalar));
      scalars.add(OprfServerKey.generate(random).privateKeyBytes());
    }
    for (int i = 0; i < elements.size(); i++) {
      byte[] e = elements.get(i);
      byte[] s = scalars.get(i);
      assertThat(sodium.multiply(e, s)).isEqualTo(java.multiply(e, s));
      assertThat(sodium.multiplyBase(s)).isEqualTo(java.multiplyBase(s));
      assertThat(sodium.add(e, elements.get(0))).isEqualTo(java.add(e, elements.get(0)));
    }
    assertThat(sodium.multiplyPublicSum(elements, scalars))
        .isEqualTo(java.multiplyPublicSum(elements, scalars));
    // A valid element times zero is the identity, not an error.
    assertThat(sodium.multiply(elements.get(0), new byte[32])).isEqualTo(new byte[32]);
  }

  @Test
  void theBundledCopyGivesTheSameBytesAsTheOneLoaded() {
    assumeTrue(SodiumRistretto255.bundledResource() != null, "no bundled copy for this platform");
    SodiumRistretto255 bundled = SodiumRistretto255.loadBundled();
    assertThat(bundled.source()).startsWith("bundled ");
    byte[] scalar = OprfServerKey.generate(new SecureRandom()).privateKeyBytes();
    byte[] element = sodium.multiplyBase(scalar);
    assertThat(bundled.multiplyBase(scalar)).isEqualTo(element);
    assertThat(bundled.multiply(element, scalar)).isEqualTo(sodium.multiply(element, scalar));
    assertThat(bundled.add(element, element)).isEqualTo(sodium.add(element, element));
  }
}
