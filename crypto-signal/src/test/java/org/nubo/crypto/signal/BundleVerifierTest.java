package org.nubo.crypto.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.nubo.crypto.signal.Refusals.assertCode;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;

class BundleVerifierTest {
  private static final IdentityKeyPair IDENTITY = IdentityKeyPair.generate();
  private static final byte[] IDENTITY_KEY = IDENTITY.getPublicKey().serialize();
  private static final byte[] SIGNED = ECKeyPair.generate().getPublicKey().serialize();
  private static final byte[] SIGNED_SIGNATURE =
      IDENTITY.getPrivateKey().calculateSignature(SIGNED);
  private static final byte[] KYBER =
      KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize();
  private static final byte[] KYBER_SIGNATURE = IDENTITY.getPrivateKey().calculateSignature(KYBER);

  @Test
  void acceptsAWellFormedUpload() {
    assertThatCode(
            () -> {
              BundleVerifier.verifyIdentityKey(IDENTITY_KEY);
              BundleVerifier.verifySignedPreKey(IDENTITY_KEY, SIGNED, SIGNED_SIGNATURE);
              BundleVerifier.verifyKyberPreKey(IDENTITY_KEY, KYBER, KYBER_SIGNATURE);
              BundleVerifier.verifyOneTimePreKey(ECKeyPair.generate().getPublicKey().serialize());
            })
        .doesNotThrowAnyException();
    assertThat(IDENTITY_KEY).hasSize(33);
    assertThat(KYBER).hasSize(1569);
  }

  @Test
  void refusesMalformedIdentityKeys() {
    assertCode(() -> BundleVerifier.verifyIdentityKey(new byte[0]), "bad_key");
    assertCode(() -> BundleVerifier.verifyIdentityKey(new byte[33]), "bad_key");
    assertCode(() -> BundleVerifier.verifyIdentityKey(Arrays.copyOf(IDENTITY_KEY, 32)), "bad_key");
    assertCode(() -> BundleVerifier.verifyIdentityKey(Arrays.copyOf(IDENTITY_KEY, 34)), "bad_key");
    assertCode(
        () -> BundleVerifier.verifySignedPreKey(new byte[33], SIGNED, SIGNED_SIGNATURE), "bad_key");
  }

  @Test
  void refusesAnIdentityKeyWithAnotherTypeByte() {
    byte[] wrongType = IDENTITY_KEY.clone();
    wrongType[0] = 0x06;

    assertCode(() -> BundleVerifier.verifyIdentityKey(wrongType), "bad_key");
  }

  @Test
  void refusesMalformedPreKeys() {
    assertCode(() -> BundleVerifier.verifyOneTimePreKey(new byte[33]), "bad_key");
    assertCode(() -> BundleVerifier.verifyOneTimePreKey(KYBER), "bad_key");
    assertCode(
        () -> BundleVerifier.verifySignedPreKey(IDENTITY_KEY, new byte[33], SIGNED_SIGNATURE),
        "bad_key");
    assertCode(
        () -> BundleVerifier.verifyKyberPreKey(IDENTITY_KEY, new byte[100], KYBER_SIGNATURE),
        "bad_key");
    assertCode(
        () ->
            BundleVerifier.verifyKyberPreKey(
                IDENTITY_KEY, Arrays.copyOf(KYBER, KYBER.length - 1), KYBER_SIGNATURE),
        "bad_key");
    assertCode(
        () ->
            BundleVerifier.verifyKyberPreKey(
                IDENTITY_KEY, Arrays.copyOf(KYBER, KYBER.length + 1), KYBER_SIGNATURE),
        "bad_key");
    assertCode(
        () -> BundleVerifier.verifyKyberPreKey(IDENTITY_KEY, SIGNED, SIGNED_SIGNATURE), "bad_key");
  }

  @Test
  void refusesASignatureByAnotherIdentity() {
    byte[] stranger = IdentityKeyPair.generate().getPublicKey().serialize();

    assertCode(
        () -> BundleVerifier.verifySignedPreKey(stranger, SIGNED, SIGNED_SIGNATURE),
        "bad_signature");
    assertCode(
        () -> BundleVerifier.verifyKyberPreKey(stranger, KYBER, KYBER_SIGNATURE), "bad_signature");
  }

  @Test
  void refusesASignatureOverAnotherKey() {
    assertCode(
        () -> BundleVerifier.verifySignedPreKey(IDENTITY_KEY, SIGNED, KYBER_SIGNATURE),
        "bad_signature");
    assertCode(
        () -> BundleVerifier.verifyKyberPreKey(IDENTITY_KEY, KYBER, SIGNED_SIGNATURE),
        "bad_signature");
  }

  @Test
  void refusesTruncatedPaddedOrEmptySignatures() {
    for (byte[] signature :
        new byte[][] {
          new byte[0],
          new byte[64],
          Arrays.copyOf(SIGNED_SIGNATURE, 63),
          Arrays.copyOf(SIGNED_SIGNATURE, 65)
        }) {
      assertCode(
          () -> BundleVerifier.verifySignedPreKey(IDENTITY_KEY, SIGNED, signature),
          "bad_signature");
    }
  }

  @Property(tries = 200)
  void anyFlippedBitInASignatureIsRefused(@ForAll byte position, @ForAll byte bit) {
    byte[] signature = SIGNED_SIGNATURE.clone();
    signature[Math.floorMod(position, signature.length)] ^= (byte) (1 << Math.floorMod(bit, 8));

    assertCode(
        () -> BundleVerifier.verifySignedPreKey(IDENTITY_KEY, SIGNED, signature), "bad_signature");
  }

  @Property(tries = 200)
  void randomBytesAreRefusedWithACodeAndNothingElse(
      @ForAll @Size(max = 40) byte[] key, @ForAll @Size(max = 70) byte[] signature) {
    catchCodes(() -> BundleVerifier.verifyIdentityKey(key));
    catchCodes(() -> BundleVerifier.verifyOneTimePreKey(key));
    catchCodes(() -> BundleVerifier.verifySignedPreKey(key, key, signature));
    catchCodes(() -> BundleVerifier.verifySignedPreKey(IDENTITY_KEY, key, signature));
    catchCodes(() -> BundleVerifier.verifySignedPreKey(IDENTITY_KEY, SIGNED, signature));
    catchCodes(() -> BundleVerifier.verifyKyberPreKey(IDENTITY_KEY, key, signature));
  }

  /** Random input may pass or fail, but only with one of the two codes. */
  private static void catchCodes(Refusals.Check check) {
    try {
      check.run();
    } catch (SignalKeyException refused) {
      assertThat(refused.code()).isIn("bad_key", "bad_signature");
    } catch (Exception other) {
      throw new AssertionError("only SignalKeyException may escape", other);
    }
  }
}
