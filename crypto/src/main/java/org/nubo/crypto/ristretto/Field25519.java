package org.nubo.crypto.ristretto;

import java.math.BigInteger;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * What ristretto255 needs from GF(p), p = 2^255 − 19, on top of Bouncy Castle's {@link
 * X25519Field}: the curve constants, a constant-time square root of a ratio (RFC 9496 §4.2), the
 * sign convention and constant-time comparisons.
 *
 * <p>An element is an {@code int[10]} of alternating 26- and 25-bit limbs, not necessarily reduced.
 * The rules this code keeps so that {@link X25519Field#mul} never overflows: an input to {@code
 * mul}/{@code sqr} is a product, or the sum or difference of two products (or twice one); anything
 * built from more terms is {@link X25519Field#carry carried} first. {@link #canonical} fully
 * reduces an element that is a product (or a carried sum of few non-negative ones).
 */
final class Field25519 {
  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));

  /** The Edwards curve constant d = −121665/121666. */
  static final int[] D;

  /** 2·d, as used by the addition formulas. */
  static final int[] D2;

  /** A square root of −1, the non-negative one (RFC 9496 §4.1). */
  static final int[] SQRT_M1;

  /** sqrt(a·d − 1) with a = −1: the <em>negative</em> (odd) root, the value RFC 9496 §4.1 fixes. */
  static final int[] SQRT_AD_MINUS_ONE;

  /** 1/sqrt(a − d), non-negative. */
  static final int[] INVSQRT_A_MINUS_D;

  /** 1 − d². */
  static final int[] ONE_MINUS_D_SQ;

  /** (d − 1)². */
  static final int[] D_MINUS_ONE_SQ;

  // Kept as BigIntegers for the tests, which compare them with RFC 9496's decimal values.
  static final BigInteger D_VALUE;
  static final BigInteger SQRT_M1_VALUE;
  static final BigInteger SQRT_AD_MINUS_ONE_VALUE;
  static final BigInteger INVSQRT_A_MINUS_D_VALUE;

  static {
    // The constants are derived here from d rather than typed in: p ≡ 5 (mod 8), so a square root
    // of a square x is x^((p+3)/8) or that times sqrt(−1) = 2^((p−1)/4). Which of the two roots
    // the RFC fixes is checked against its decimal values by Rfc9496VectorsTest.
    BigInteger minusOne = P.subtract(BigInteger.ONE);
    D_VALUE = BigInteger.valueOf(-121665).multiply(BigInteger.valueOf(121666).modInverse(P)).mod(P);
    SQRT_M1_VALUE = abs(BigInteger.valueOf(2).modPow(P.subtract(BigInteger.ONE).shiftRight(2), P));
    SQRT_AD_MINUS_ONE_VALUE =
        P.subtract(sqrt(minusOne.multiply(D_VALUE).subtract(BigInteger.ONE).mod(P)));
    INVSQRT_A_MINUS_D_VALUE = abs(sqrt(minusOne.subtract(D_VALUE).mod(P)).modInverse(P));
    D = fromBigInteger(D_VALUE);
    D2 = fromBigInteger(D_VALUE.shiftLeft(1).mod(P));
    SQRT_M1 = fromBigInteger(SQRT_M1_VALUE);
    SQRT_AD_MINUS_ONE = fromBigInteger(SQRT_AD_MINUS_ONE_VALUE);
    INVSQRT_A_MINUS_D = fromBigInteger(INVSQRT_A_MINUS_D_VALUE);
    ONE_MINUS_D_SQ = fromBigInteger(BigInteger.ONE.subtract(D_VALUE.multiply(D_VALUE)).mod(P));
    D_MINUS_ONE_SQ = fromBigInteger(D_VALUE.subtract(BigInteger.ONE).pow(2).mod(P));
  }

  private Field25519() {}

  /** The non-negative square root of a square (class set-up only: variable time). */
  private static BigInteger sqrt(BigInteger x) {
    BigInteger r = x.modPow(P.add(BigInteger.valueOf(3)).shiftRight(3), P);
    if (!r.multiply(r).mod(P).equals(x)) {
      r = r.multiply(SQRT_M1_VALUE).mod(P);
    }
    if (!r.multiply(r).mod(P).equals(x)) {
      throw new IllegalStateException("not a square");
    }
    return abs(r);
  }

  private static BigInteger abs(BigInteger x) {
    return x.testBit(0) ? P.subtract(x) : x;
  }

  /** A field element from {@code 0 ≤ value < p}. */
  static int[] fromBigInteger(BigInteger value) {
    byte[] be = value.toByteArray();
    byte[] le = new byte[32];
    for (int i = 0; i < be.length && i < 32; i++) {
      le[i] = be[be.length - 1 - i];
    }
    int[] out = X25519Field.create();
    X25519Field.decode(le, 0, out);
    return out;
  }

  /** Reduces {@code x} in place to its representative in {@code [0, p)}. */
  static void canonical(int[] x) {
    // Twice: the second pass is a no-op on a reduced value and settles any limb left over.
    X25519Field.normalize(x);
    X25519Field.normalize(x);
  }

  /**
   * 1 if {@code x} is negative in RFC 9496's sense (its canonical representative is odd), else 0.
   * {@code tmp} is overwritten.
   */
  static int isNegative(int[] x, int[] tmp) {
    X25519Field.copy(x, 0, tmp, 0);
    canonical(tmp);
    return tmp[0] & 1;
  }

  /** −1 (all bits set) if {@code x ≡ y}, else 0, in constant time. Both are overwritten. */
  static int equalMask(int[] x, int[] y) {
    canonical(x);
    canonical(y);
    int diff = 0;
    for (int i = 0; i < X25519Field.SIZE; i++) {
      diff |= x[i] ^ y[i];
    }
    return isZeroWord(diff);
  }

  /** −1 if {@code x ≡ 0}, else 0, in constant time. {@code x} is overwritten. */
  static int isZeroMask(int[] x) {
    canonical(x);
    int acc = 0;
    for (int i = 0; i < X25519Field.SIZE; i++) {
      acc |= x[i];
    }
    return isZeroWord(acc);
  }

  /** −1 if {@code word == 0}, else 0, without a branch. */
  static int isZeroWord(int word) {
    // (w | −w) has its top bit set exactly when w ≠ 0.
    return ((word | -word) >> 31) ^ -1;
  }

  /** {@code x} replaced by {@code −x} when {@code negate} is 1 (0 or 1 only). */
  static void conditionalNegate(int negate, int[] x) {
    X25519Field.cnegate(negate, x);
  }

  /** {@code |x|}: x or −x, whichever is non-negative. {@code tmp} is overwritten. */
  static void abs(int[] x, int[] tmp) {
    X25519Field.cnegate(isNegative(x, tmp), x);
  }

  /** {@code z = x^((p−5)/8) = x^(2^252 − 3)}; {@code t0, t1, t2} are scratch, none aliases z. */
  static void pow22523(int[] x, int[] z, int[] t0, int[] t1, int[] t2) {
    // Build x^(2^k − 1) for k = 5, 10, 20, 40, 50, 100, 200, 250 by "square k times, multiply",
    // then x^(2^252 − 4) · x.
    X25519Field.sqr(x, t0); //                      x^2
    X25519Field.sqr(t0, 2, t1); //                  x^8
    X25519Field.mul(x, t1, t1); //                  x^9
    X25519Field.mul(t0, t1, t0); //                 x^11
    X25519Field.sqr(t0, t0); //                     x^22
    X25519Field.mul(t1, t0, t0); //                 x^31 = x^(2^5 − 1)
    X25519Field.sqr(t0, 5, t1);
    X25519Field.mul(t1, t0, t0); //                 2^10 − 1
    X25519Field.sqr(t0, 10, t1);
    X25519Field.mul(t1, t0, t1); //                 2^20 − 1
    X25519Field.sqr(t1, 20, t2);
    X25519Field.mul(t2, t1, t1); //                 2^40 − 1
    X25519Field.sqr(t1, 10, t1);
    X25519Field.mul(t1, t0, t0); //                 2^50 − 1
    X25519Field.sqr(t0, 50, t1);
    X25519Field.mul(t1, t0, t1); //                 2^100 − 1
    X25519Field.sqr(t1, 100, t2);
    X25519Field.mul(t2, t1, t1); //                 2^200 − 1
    X25519Field.sqr(t1, 50, t1);
    X25519Field.mul(t1, t0, t0); //                 2^250 − 1
    X25519Field.sqr(t0, 2, t0); //                  2^252 − 4
    X25519Field.mul(t0, x, z); //                   2^252 − 3
  }

  /**
   * RFC 9496 §4.2 SQRT_RATIO_M1 in constant time: writes to {@code r} the non-negative square root
   * of {@code u/v} when it exists, else the non-negative root of {@code SQRT_M1·u/v}; returns −1 if
   * {@code u/v} was a square (including {@code u = 0}), 0 if not. {@code u} and {@code v} are
   * products (see the class comment) and are not modified.
   *
   * <p>With p ≡ 5 (mod 8), {@code r = u·v³·(u·v⁷)^((p−5)/8)} satisfies {@code v·r² ∈ {u, −u, ±u·i}}
   * and tells which case holds; the two "flipped" cases are fixed by one multiplication by i.
   */
  static int sqrtRatioM1(int[] u, int[] v, int[] r, Scratch s) {
    int[] v3 = s.q0;
    int[] uv7 = s.q1;
    int[] check = s.q2;
    int[] other = s.q3;
    X25519Field.sqr(v, v3);
    X25519Field.mul(v3, v, v3); //                  v³
    X25519Field.sqr(v3, uv7);
    X25519Field.mul(uv7, v, uv7); //                v⁷
    X25519Field.mul(uv7, u, uv7); //                u·v⁷
    pow22523(uv7, r, s.q4, s.q5, s.q6); //          (u·v⁷)^((p−5)/8)
    X25519Field.mul(r, v3, r);
    X25519Field.mul(r, u, r); //                    u·v³·(u·v⁷)^((p−5)/8)

    X25519Field.sqr(r, check);
    X25519Field.mul(check, v, check); //            v·r²

    X25519Field.copy(check, 0, other, 0);
    X25519Field.copy(u, 0, uv7, 0);
    int correctSign = equalMask(other, uv7); //     v·r² = u

    X25519Field.add(check, u, other); //            v·r² + u = 0 ⇔ v·r² = −u
    X25519Field.carry(other);
    int flippedSign = isZeroMask(other);

    X25519Field.mul(u, SQRT_M1, uv7);
    X25519Field.add(check, uv7, other); //          v·r² = −u·i
    X25519Field.carry(other);
    int flippedSignI = isZeroMask(other);

    X25519Field.mul(r, SQRT_M1, other);
    X25519Field.cmov(flippedSign | flippedSignI, other, 0, r, 0);
    abs(r, other);
    return correctSign | flippedSign;
  }
}
