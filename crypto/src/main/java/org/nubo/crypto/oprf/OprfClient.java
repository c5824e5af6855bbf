package org.nubo.crypto.oprf;

import cafe.cryptography.curve25519.Scalar;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.nubo.crypto.ristretto.RistrettoPoint;

/**
 * The phone's half of the VOPRF (RFC 9497 section 3.3.2): Blind an input, send the blinded element,
 * then Finalize the server's answer into the 64-byte output after checking the server's proof
 * against the pinned public key.
 *
 * <p>Thread-safe if its {@link SecureRandom} is (the platform's is).
 */
public final class OprfClient {
  private final OprfPublicKey serverKey;
  private final SecureRandom random;
  private final Ristretto255 group;

  /**
   * A client that accepts evaluations made with {@code serverKey} only, in pure Java.
   *
   * @param serverKey the server's pinned OPRF public key
   * @param random source of the blinding scalars
   */
  public OprfClient(OprfPublicKey serverKey, SecureRandom random) {
    this(serverKey, random, Ristretto255.pureJava());
  }

  /**
   * A client whose two secret multiplications per input (blind and unblind) and hash-to-group run
   * on {@code group}, for example libsodium on a phone that ships it. The proof check stays in Java
   * (a multi-scalar sum over public values). Outputs are the same whatever the group.
   *
   * @param group a constant-time implementation: it multiplies by the secret blinds
   */
  public OprfClient(OprfPublicKey serverKey, SecureRandom random, Ristretto255 group) {
    this.serverKey = serverKey;
    this.random = random;
    this.group = group;
  }

  /** The pinned server public key. */
  public OprfPublicKey serverKey() {
    return serverKey;
  }

  /**
   * Blind: hides {@code input} behind a fresh random scalar. Send {@link Blinded#blindedElement()}
   * to the server and keep the whole {@link Blinded} to finalize.
   *
   * @throws OprfException if the input is longer than 65535 bytes
   */
  public Blinded blind(byte[] input) {
    return blind(input, Suite.randomScalar(random));
  }

  /** Blind with a chosen blinding scalar: for the RFC's test vectors. */
  Blinded blind(byte[] input, Scalar blind) {
    Suite.checkInputLength(input);
    byte[] uniform = Suite.expandMessageXmd(input, Suite.HASH_TO_GROUP_DST, 64);
    if (group instanceof JavaRistretto255) {
      // On points throughout: no encoding and decoding between the steps.
      RistrettoPoint inputElement = RistrettoPoint.fromUniformBytes(uniform);
      if (Suite.isIdentity(inputElement)) {
        throw unblindable();
      }
      return new Blinded(
          input.clone(), blind, new BlindedElement(Suite.times(inputElement, blind)));
    }
    byte[] inputElement = group.fromUniformBytes(uniform);
    if (Suite.isIdentityEncoding(inputElement)) {
      throw unblindable();
    }
    return new Blinded(
        input.clone(),
        blind,
        BlindedElement.fromBytes(group.multiply(inputElement, blind.toByteArray())));
  }

  private static OprfException unblindable() {
    return new OprfException("this input maps to the identity element and cannot be blinded");
  }

  /**
   * Finalize for a batch of one.
   *
   * @throws OprfProofException if the proof does not verify against the pinned key
   * @throws OprfException if the evaluation does not hold exactly one element
   */
  public byte[] finalizeOutput(Blinded state, OprfEvaluation evaluation) {
    return finalizeOutputs(Collections.singletonList(state), evaluation).get(0);
  }

  /**
   * Finalize for a batch of one, from the evaluated element and the proof as received.
   *
   * @throws OprfProofException if the proof does not verify against the pinned key
   */
  public byte[] finalizeOutput(Blinded state, EvaluatedElement evaluated, DleqProof proof) {
    return finalizeOutput(state, new OprfEvaluation(Collections.singletonList(evaluated), proof));
  }

  /**
   * Finalize: verifies the server's one proof for the whole batch, then unblinds each evaluated
   * element into its 64-byte output, in the order of {@code states}.
   *
   * @param states what {@link #blind} returned, in the order the blinded elements were sent
   * @param evaluation the server's answer to exactly those blinded elements
   * @throws OprfProofException if the proof does not verify against the pinned key
   * @throws OprfException if the batch sizes differ
   */
  public List<byte[]> finalizeOutputs(List<Blinded> states, OprfEvaluation evaluation) {
    List<EvaluatedElement> evaluated = evaluation.evaluatedElements();
    if (states.size() != evaluated.size()) {
      throw new OprfException(
          "sent "
              + states.size()
              + " blinded elements but received "
              + evaluated.size()
              + " evaluations");
    }
    List<BlindedElement> blinded = new ArrayList<>(states.size());
    for (Blinded state : states) {
      blinded.add(state.blindedElement);
    }
    if (!Dleq.verify(serverKey, blinded, evaluated, evaluation.proof())) {
      throw new OprfProofException(
          "the server's proof does not verify against the pinned OPRF public key: the evaluation"
              + " was altered or made with another key, and is refused");
    }
    Scalar[] inverses = invertAll(states);
    List<byte[]> outputs = new ArrayList<>(states.size());
    for (int i = 0; i < states.size(); i++) {
      EvaluatedElement element = evaluated.get(i);
      byte[] unblinded =
          group instanceof JavaRistretto255
              ? Suite.times(element.point, inverses[i]).encode()
              : group.multiply(element.encoded, inverses[i].toByteArray());
      outputs.add(Suite.finalizeHash(states.get(i).input, unblinded));
    }
    return outputs;
  }

  /** Inverts every blind with one inversion (Montgomery's trick): blinds are never zero. */
  private static Scalar[] invertAll(List<Blinded> states) {
    int n = states.size();
    Scalar[] prefix = new Scalar[n];
    Scalar acc = Scalar.ONE;
    for (int i = 0; i < n; i++) {
      prefix[i] = acc;
      acc = acc.multiply(states.get(i).blind);
    }
    Scalar inv = Suite.invert(acc);
    Scalar[] out = new Scalar[n];
    for (int i = n - 1; i >= 0; i--) {
      out[i] = inv.multiply(prefix[i]);
      inv = inv.multiply(states.get(i).blind);
    }
    return out;
  }

  /**
   * One blinded input: the input, its secret blinding scalar and the blinded element to send. Keep
   * it on the phone until the evaluation comes back; never send or log it.
   */
  public static final class Blinded {
    final byte[] input;
    final Scalar blind;
    final BlindedElement blindedElement;

    Blinded(byte[] input, Scalar blind, BlindedElement blindedElement) {
      this.input = input;
      this.blind = blind;
      this.blindedElement = blindedElement;
    }

    /** What the server receives. */
    public BlindedElement blindedElement() {
      return blindedElement;
    }

    /** Names nothing secret. */
    @Override
    public String toString() {
      return "Blinded[" + Suite.hex(blindedElement.encoded) + "]";
    }
  }
}
