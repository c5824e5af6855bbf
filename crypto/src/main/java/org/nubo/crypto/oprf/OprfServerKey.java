package org.nubo.crypto.oprf;

import cafe.cryptography.curve25519.Scalar;
import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nubo.crypto.ristretto.RistrettoPoint;

/**
 * The server's OPRF key pair and the server's half of the protocol: BlindEvaluate with its proof
 * (RFC 9497 section 3.3.2) and the direct, non-oblivious Evaluate.
 *
 * <p>The private key is a secret of the whole deployment: whoever holds it can compute the token of
 * any phone number. It lives apart from the database. {@link #toString()} never prints it.
 */
public final class OprfServerKey {
  /** Nseed: the length of a {@link #derive} seed. */
  public static final int SEED_BYTES = 32;

  /** Blinded elements in one request at most (the proof numbers them with two bytes). */
  public static final int MAX_BATCH = 65535;

  private final Scalar privateKey;
  private final OprfPublicKey publicKey;

  private OprfServerKey(Scalar privateKey) {
    this.privateKey = privateKey;
    this.publicKey = new OprfPublicKey(Suite.generatorTimes(privateKey));
  }

  /**
   * DeriveKeyPair: the key pair determined by a 32-byte secret {@code seed} and a public {@code
   * info} string (for example a key version), so a key can be rebuilt from the seed alone.
   *
   * @throws OprfException if the seed is not 32 bytes, {@code info} is longer than 65535 bytes, or
   *     (with negligible probability) no key can be derived
   */
  public static OprfServerKey derive(byte[] seed, byte[] info) {
    if (seed.length != SEED_BYTES) {
      throw new OprfException("a key seed is " + SEED_BYTES + " bytes, not " + seed.length);
    }
    if (info.length > 65535) {
      throw new OprfException("key info is at most 65535 bytes, not " + info.length);
    }
    ByteArrayOutputStream deriveInput = new ByteArrayOutputStream();
    deriveInput.write(seed, 0, seed.length);
    Suite.framed(deriveInput, info);
    byte[] prefix = deriveInput.toByteArray();
    for (int counter = 0; counter <= 255; counter++) {
      Scalar sk =
          Suite.hashToScalar(
              Suite.concat(prefix, new byte[] {(byte) counter}), Suite.DERIVE_KEY_PAIR_DST);
      if (!Suite.isZero(sk)) {
        return new OprfServerKey(sk);
      }
    }
    throw new OprfException("no key pair can be derived from this seed and info");
  }

  /** GenerateKeyPair: a fresh random key pair. */
  public static OprfServerKey generate(SecureRandom random) {
    return new OprfServerKey(Suite.randomScalar(random));
  }

  /**
   * A key pair from its stored private key, as {@link #privateKeyBytes()} wrote it.
   *
   * @throws OprfException if the bytes are not a canonical non-zero scalar
   */
  public static OprfServerKey fromPrivateKeyBytes(byte[] privateKey) {
    Scalar sk = Suite.deserializeScalar(privateKey, "an OPRF private key");
    if (Suite.isZero(sk)) {
      throw new OprfException("an OPRF private key is never zero");
    }
    return new OprfServerKey(sk);
  }

  /** The private key, skS, as 32 little-endian bytes: keep it secret, apart from the database. */
  public byte[] privateKeyBytes() {
    return privateKey.toByteArray();
  }

  /** The public key, pkS, which phones pin. */
  public OprfPublicKey publicKey() {
    return publicKey;
  }

  /** BlindEvaluate for one blinded element, with its proof. */
  public OprfEvaluation evaluate(BlindedElement blinded, SecureRandom random) {
    return evaluate(Collections.singletonList(blinded), random);
  }

  /**
   * BlindEvaluate for a batch: each blinded element times the private key, in the same order, with
   * one proof for the whole batch.
   *
   * @throws OprfException if the batch is empty or larger than {@link #MAX_BATCH}
   */
  public OprfEvaluation evaluate(List<BlindedElement> blinded, SecureRandom random) {
    return evaluate(blinded, Suite.randomScalar(random));
  }

  /** BlindEvaluate with the proof's random scalar given: for the RFC's test vectors only. */
  OprfEvaluation evaluate(List<BlindedElement> blinded, Scalar proofRandomScalar) {
    if (blinded.isEmpty() || blinded.size() > MAX_BATCH) {
      throw new OprfException(
          "a batch holds 1 to " + MAX_BATCH + " blinded elements, not " + blinded.size());
    }
    List<EvaluatedElement> evaluated = new ArrayList<>(blinded.size());
    for (BlindedElement element : blinded) {
      evaluated.add(new EvaluatedElement(Suite.times(element.point, privateKey)));
    }
    DleqProof proof = Dleq.generate(privateKey, publicKey, blinded, evaluated, proofRandomScalar);
    return new OprfEvaluation(evaluated, proof);
  }

  /**
   * BlindEvaluate on encodings, as the server receives them: the same answer as {@link
   * #evaluate(List, SecureRandom)}, computed through {@code group} and split over {@code
   * parallelism} tasks on {@code executor}. Each blinded element is checked (canonical, not the
   * identity) as part of its multiplication, so nothing is decoded twice.
   *
   * @throws OprfException naming the first bad element, or if the batch is empty or too large
   */
  public EncodedEvaluation evaluateEncoded(
      List<byte[]> blinded,
      SecureRandom random,
      Ristretto255 group,
      java.util.concurrent.Executor executor,
      int parallelism) {
    return EncodedBatch.evaluate(
        privateKey, publicKey, blinded, Suite.randomScalar(random), group, executor, parallelism);
  }

  /**
   * Evaluate: the PRF output for {@code input} computed directly, without blinding. It equals what
   * a client gets from the blinded protocol; the server uses it to key an account by the number it
   * is verifying, which it holds in memory at that moment anyway.
   *
   * @throws OprfException if the input is longer than 65535 bytes
   */
  public byte[] evaluateDirect(byte[] input) {
    Suite.checkInputLength(input);
    RistrettoPoint inputElement = Suite.hashToGroup(input);
    if (Suite.isIdentity(inputElement)) {
      throw new OprfException("this input maps to the identity element and cannot be evaluated");
    }
    return Suite.finalizeHash(input, Suite.serialize(Suite.times(inputElement, privateKey)));
  }

  /** Names the public key only. */
  @Override
  public String toString() {
    return "OprfServerKey[publicKey=" + Suite.hex(publicKey.encoded) + "]";
  }
}
