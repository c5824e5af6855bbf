package org.nubo.crypto.ristretto;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * The ristretto255 encoding (RFC 9496 §4.3.1, §4.3.2), its equality (§4.3.3) and the one-way map
 * from 64 uniform bytes (§4.3.4). A ristretto255 element is a class of four edwards25519 points
 * that differ by a point of order 4 (the torsion); the encoding picks a canonical representative
 * with one inverse square root, so encoding and decoding each cost about one field exponentiation.
 *
 * <p>Everything that may see a secret (the encoding of a product with a secret scalar, the map of a
 * hashed phone number) runs in constant time; decoding rejects in variable time, but only on a
 * public input.
 */
final class Codec {
  private Codec() {}

  /**
   * Decodes {@code in[0..32)} into {@code out}: false (and {@code out} unspecified) unless it is
   * the canonical encoding of an element.
   */
  static boolean decode(byte[] in, EdPoint out, Scratch s) {
    int[] sv = s.w0;
    X25519Field.decode(in, 0, sv);
    // Canonical means: below p, top bit clear (decode drops it) and non-negative (even).
    X25519Field.copy(sv, 0, s.w1, 0);
    Field25519.canonical(s.w1);
    X25519Field.encode(s.w1, s.bytes, 0);
    int diff = 0;
    for (int i = 0; i < 32; i++) {
      diff |= s.bytes[i] ^ in[i];
    }
    if (diff != 0 || (s.w1[0] & 1) != 0) {
      return false;
    }
    X25519Field.sqr(sv, s.w1); //                       ss = s²
    X25519Field.one(s.w2);
    X25519Field.sub(s.w2, s.w1, s.w2); //               u1 = 1 − ss
    X25519Field.one(s.w3);
    X25519Field.add(s.w3, s.w1, s.w3); //               u2 = 1 + ss
    X25519Field.sqr(s.w3, s.w4); //                     u2²
    X25519Field.sqr(s.w2, s.w5);
    X25519Field.mul(s.w5, Field25519.D, s.w5);
    X25519Field.add(s.w5, s.w4, s.w5);
    X25519Field.negate(s.w5, s.w5); //                  v = −(d·u1²) − u2²
    X25519Field.carry(s.w5);
    X25519Field.mul(s.w5, s.w4, s.w6); //               v·u2²
    X25519Field.one(s.w7);
    int wasSquare = Field25519.sqrtRatioM1(s.w7, s.w6, s.w8, s); // invsqrt
    X25519Field.mul(s.w8, s.w3, s.w9); //               den_x = invsqrt·u2
    X25519Field.mul(s.w8, s.w9, s.w7);
    X25519Field.mul(s.w7, s.w5, s.w7); //               den_y = invsqrt·den_x·v
    X25519Field.add(sv, sv, s.w1);
    X25519Field.mul(s.w1, s.w9, out.x); //              x = |2·s·den_x|
    Field25519.abs(out.x, s.w1);
    X25519Field.mul(s.w2, s.w7, out.y); //              y = u1·den_y
    X25519Field.one(out.z);
    X25519Field.mul(out.x, out.y, out.t);
    int tNegative = Field25519.isNegative(out.t, s.w1);
    X25519Field.copy(out.y, 0, s.w1, 0);
    int yZero = Field25519.isZeroMask(s.w1);
    return wasSquare != 0 && tNegative == 0 && yZero == 0;
  }

  /** Writes the canonical encoding of {@code p} to {@code out[0..32)}. Constant time. */
  static void encode(EdPoint p, byte[] out, Scratch s) {
    X25519Field.add(p.z, p.y, s.w0);
    X25519Field.sub(p.z, p.y, s.w1);
    X25519Field.mul(s.w0, s.w1, s.w0); //               u1 = (Z + Y)·(Z − Y)
    X25519Field.mul(p.x, p.y, s.w1); //                 u2 = X·Y
    X25519Field.sqr(s.w1, s.w2);
    X25519Field.mul(s.w2, s.w0, s.w2); //               u1·u2²
    X25519Field.one(s.w3);
    Field25519.sqrtRatioM1(s.w3, s.w2, s.w4, s); //     invsqrt = 1/sqrt(u1·u2²)
    X25519Field.mul(s.w4, s.w0, s.w5); //               den1 = invsqrt·u1
    X25519Field.mul(s.w4, s.w1, s.w6); //               den2 = invsqrt·u2
    X25519Field.mul(s.w5, s.w6, s.w7);
    X25519Field.mul(s.w7, p.t, s.w7); //                z_inv = den1·den2·T
    X25519Field.mul(p.x, Field25519.SQRT_M1, s.w8); //  ix = X·i
    X25519Field.mul(p.y, Field25519.SQRT_M1, s.w9); //  iy = Y·i
    X25519Field.mul(s.w5, Field25519.INVSQRT_A_MINUS_D, s.w0); // enchanted denominator
    // rotate: T·z_inv = x·y negative means the point is a torsion-rotated representative.
    X25519Field.mul(p.t, s.w7, s.w1);
    int rotate = -Field25519.isNegative(s.w1, s.w2);
    X25519Field.copy(p.x, 0, s.w1, 0);
    X25519Field.cmov(rotate, s.w9, 0, s.w1, 0); //      x = rotate ? iy : X
    X25519Field.copy(p.y, 0, s.w2, 0);
    X25519Field.cmov(rotate, s.w8, 0, s.w2, 0); //      y = rotate ? ix : Y
    X25519Field.cmov(rotate, s.w0, 0, s.w6, 0); //      den_inv = rotate ? enchanted : den2
    X25519Field.mul(s.w1, s.w7, s.w3);
    X25519Field.cnegate(Field25519.isNegative(s.w3, s.w4), s.w2); // y = −y if x·z_inv < 0
    X25519Field.sub(p.z, s.w2, s.w3);
    X25519Field.mul(s.w6, s.w3, s.w3); //               s = |den_inv·(Z − y)|
    Field25519.abs(s.w3, s.w4);
    Field25519.canonical(s.w3);
    X25519Field.encode(s.w3, out, 0);
  }

  /**
   * Ristretto equality (RFC 9496 §4.3.3): {@code X1·Y2 = Y1·X2} or {@code Y1·Y2 = X1·X2}, which
   * holds exactly when the two points are in the same torsion class. Constant time.
   */
  static boolean equal(EdPoint p, EdPoint q, Scratch s) {
    X25519Field.mul(p.x, q.y, s.w0);
    X25519Field.mul(p.y, q.x, s.w1);
    X25519Field.mul(p.y, q.y, s.w2);
    X25519Field.mul(p.x, q.x, s.w3);
    return (Field25519.equalMask(s.w0, s.w1) | Field25519.equalMask(s.w2, s.w3)) != 0;
  }

  /**
   * The one-way map (RFC 9496 §4.3.4): each half of the 64 bytes, its top bit dropped, is a field
   * element {@code t} sent by an Elligator-2-like map {@link #map} to a point; the result is their
   * sum, close to uniform on the group. Constant time (the input is a hash of a secret).
   */
  static void fromUniformBytes(byte[] in, EdPoint out, Scratch s) {
    EdPoint second = new EdPoint();
    CachedPoint cached = new CachedPoint();
    X25519Field.decode(in, 0, s.w0);
    map(s.w0, out, s);
    X25519Field.decode(in, 32, s.w0);
    map(s.w0, second, s);
    cached.set(second);
    EdPoint.add(out, cached, out, false, s);
  }

  /** MAP(t) of RFC 9496 §4.3.4; {@code t} is {@code s.w0} (overwritten). */
  private static void map(int[] t, EdPoint out, Scratch s) {
    int[] r = s.w9;
    X25519Field.sqr(t, r);
    X25519Field.mul(r, Field25519.SQRT_M1, r); //       r = i·t²
    X25519Field.copy(r, 0, s.w1, 0);
    X25519Field.addOne(s.w1);
    X25519Field.mul(s.w1, Field25519.ONE_MINUS_D_SQ, s.w1); // u = (r + 1)·(1 − d²)
    X25519Field.mul(r, Field25519.D, s.w2);
    X25519Field.negate(s.w2, s.w2);
    X25519Field.subOne(s.w2); //                        −1 − r·d
    X25519Field.add(r, Field25519.D, s.w3);
    X25519Field.mul(s.w2, s.w3, s.w2); //               v = (−1 − r·d)·(r + d)
    int wasSquare = Field25519.sqrtRatioM1(s.w1, s.w2, s.w3, s); // s = w3
    X25519Field.mul(s.w3, t, s.w4);
    Field25519.abs(s.w4, s.w5);
    X25519Field.negate(s.w4, s.w4); //                  s' = −|s·t|
    X25519Field.cmov(~wasSquare, s.w4, 0, s.w3, 0); //  s = was_square ? s : s'
    X25519Field.one(s.w5);
    X25519Field.negate(s.w5, s.w5);
    X25519Field.cmov(~wasSquare, r, 0, s.w5, 0); //     c = was_square ? −1 : r
    X25519Field.copy(r, 0, s.w6, 0);
    X25519Field.subOne(s.w6);
    X25519Field.mul(s.w5, s.w6, s.w6);
    X25519Field.mul(s.w6, Field25519.D_MINUS_ONE_SQ, s.w6);
    X25519Field.sub(s.w6, s.w2, s.w6); //               N = c·(r − 1)·(d − 1)² − v
    X25519Field.add(s.w3, s.w3, s.w7);
    X25519Field.mul(s.w7, s.w2, s.w7); //               w0 = 2·s·v
    X25519Field.mul(s.w6, Field25519.SQRT_AD_MINUS_ONE, s.w8); // w1 = N·sqrt(a·d − 1)
    X25519Field.sqr(s.w3, s.w4);
    X25519Field.one(s.w1);
    X25519Field.sub(s.w1, s.w4, s.w1); //               w2 = 1 − s²
    X25519Field.addOne(s.w4); //                        w3 = 1 + s²
    X25519Field.mul(s.w7, s.w4, out.x);
    X25519Field.mul(s.w1, s.w8, out.y);
    X25519Field.mul(s.w8, s.w4, out.z);
    X25519Field.mul(s.w7, s.w1, out.t);
  }
}
