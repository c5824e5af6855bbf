package org.nubo.crypto.oprf;

import cafe.cryptography.curve25519.Scalar;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.List;
import org.nubo.crypto.ristretto.RistrettoPoint;

/**
 * RFC 9497 section 2.2: the batched discrete-log-equality proof that {@code D[i] = k * C[i]} for
 * every {@code i} and {@code B = k * A}, with {@code A} the generator and {@code B} the public key.
 */
final class Dleq {
  private static final byte[] CHALLENGE = Suite.ascii("Challenge");
  private static final byte[] COMPOSITE = Suite.ascii("Composite");

  private Dleq() {}

  /** GenerateProof with the proof's random scalar {@code r} chosen by the caller. */
  static DleqProof generate(
      Scalar k,
      OprfPublicKey b,
      List<? extends EncodedElement> cs,
      List<? extends EncodedElement> ds,
      Scalar r) {
    // ComputeCompositesFast: the prover knows k, so Z = k * M.
    RistrettoPoint m = compositeOfCs(b, cs, ds);
    RistrettoPoint z = Suite.times(m, k);
    RistrettoPoint t2 = Suite.generatorTimes(r);
    RistrettoPoint t3 = Suite.times(m, r);
    Scalar c = challenge(b, m, z, t2, t3);
    Scalar s = r.subtract(c.multiply(k));
    return new DleqProof(c, s);
  }

  /** VerifyProof: whether {@code proof} holds for these elements and this public key. */
  static boolean verify(
      OprfPublicKey b,
      List<? extends EncodedElement> cs,
      List<? extends EncodedElement> ds,
      DleqProof proof) {
    // ComputeComposites: the verifier does not know k, so it builds Z from the D[i] too. The
    // weights d[i] are public, so both sums may be computed in variable time.
    Scalar[] weights = weights(b, cs, ds);
    RistrettoPoint m = MultiScalar.vartimeSum(weights, points(cs));
    RistrettoPoint z = MultiScalar.vartimeSum(weights, points(ds));
    RistrettoPoint t2 = Suite.generatorTimes(proof.s).add(Suite.times(b.point, proof.c));
    RistrettoPoint t3 = Suite.times(m, proof.s).add(Suite.times(z, proof.c));
    Scalar expected = challenge(b, m, z, t2, t3);
    return MessageDigest.isEqual(expected.toByteArray(), proof.c.toByteArray());
  }

  private static RistrettoPoint compositeOfCs(
      OprfPublicKey b, List<? extends EncodedElement> cs, List<? extends EncodedElement> ds) {
    return MultiScalar.vartimeSum(weights(b, cs, ds), points(cs));
  }

  /** The composite weights {@code d[i]} (public: hashes of the public key and the elements). */
  private static Scalar[] weights(
      OprfPublicKey b, List<? extends EncodedElement> cs, List<? extends EncodedElement> ds) {
    byte[] seed = seed(b);
    Scalar[] weights = new Scalar[cs.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = compositeScalar(seed, i, cs.get(i), ds.get(i));
    }
    return weights;
  }

  private static RistrettoPoint[] points(List<? extends EncodedElement> elements) {
    RistrettoPoint[] points = new RistrettoPoint[elements.size()];
    for (int i = 0; i < points.length; i++) {
      points[i] = elements.get(i).point;
    }
    return points;
  }

  /** {@code seed = Hash(I2OSP(len(Bm), 2) || Bm || I2OSP(len(seedDST), 2) || seedDST)}. */
  static byte[] seed(OprfPublicKey b) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Suite.framed(out, b.encoded);
    Suite.framed(out, Suite.SEED_DST);
    return Suite.sha512().digest(out.toByteArray());
  }

  private static Scalar compositeScalar(byte[] seed, int i, EncodedElement ci, EncodedElement di) {
    return compositeScalar(seed, i, ci.encoded, di.encoded);
  }

  /** The coefficient {@code d_i} of the composites, from the encodings of {@code C[i], D[i]}. */
  static Scalar compositeScalar(byte[] seed, int i, byte[] ci, byte[] di) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Suite.framed(out, seed);
    out.write(Suite.i2osp(i, 2), 0, 2);
    Suite.framed(out, ci);
    Suite.framed(out, di);
    out.write(COMPOSITE, 0, COMPOSITE.length);
    return Suite.hashToScalar(out.toByteArray());
  }

  private static Scalar challenge(
      OprfPublicKey b, RistrettoPoint m, RistrettoPoint z, RistrettoPoint t2, RistrettoPoint t3) {
    return challenge(
        b, Suite.serialize(m), Suite.serialize(z), Suite.serialize(t2), Suite.serialize(t3));
  }

  /** The challenge {@code c} from the encodings of {@code M, Z, t2, t3}. */
  static Scalar challenge(OprfPublicKey b, byte[] m, byte[] z, byte[] t2, byte[] t3) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Suite.framed(out, b.encoded);
    Suite.framed(out, m);
    Suite.framed(out, z);
    Suite.framed(out, t2);
    Suite.framed(out, t3);
    out.write(CHALLENGE, 0, CHALLENGE.length);
    return Suite.hashToScalar(out.toByteArray());
  }
}
