package org.nubo.crypto.ristretto;

import java.util.Arrays;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Multi-scalar multiplication {@code Σ s[i]·P[i]} by Pippenger's bucket method.
 *
 * <p><b>Variable time</b>: which buckets are touched depends on the scalars' digits. Only for
 * public scalars — in the OPRF, the composite weights of RFC 9497's proofs (hashes of public
 * elements) and a proof's {@code c} and {@code s} — never a key, a blind or a proof's random
 * scalar.
 *
 * <p>Each scalar is cut into signed digits of {@code w} bits ({@code −2^(w−1) ≤ digit ≤ 2^(w−1)});
 * for each digit position every point goes into the bucket of its digit (subtracted for a negative
 * digit), the buckets are summed with weights {@code 1..2^(w−1)} by a running sum, and the
 * positions are combined by {@code w} doublings each. For {@code n} points that is about {@code
 * (254/w)·(n + 2^w)} additions instead of {@code n} full multiplications.
 */
final class Pippenger {
  /** Scalars are below 2^253; one more bit absorbs the last digit's carry. */
  private static final int SCALAR_BITS = 254;

  private Pippenger() {}

  /** {@code out = Σ scalars[i]·points[i]}; the identity for no terms. Variable time. */
  static void vartimeSum(byte[][] scalars, EdPoint[] points, EdPoint out, Scratch s) {
    if (scalars.length != points.length) {
      throw new IllegalArgumentException(
          scalars.length + " scalars but " + points.length + " points");
    }
    int n = points.length;
    out.setIdentity();
    if (n == 0) {
      return;
    }
    int w = windowBits(n);
    int windows = (SCALAR_BITS + w - 1) / w;
    int[][] digits = new int[n][];
    for (int i = 0; i < n; i++) {
      digits[i] = signedDigits(scalars[i], w, windows);
    }
    AffineNiels[] affine = affine(points);
    int bucketCount = 1 << (w - 1);
    EdPoint[] buckets = new EdPoint[bucketCount];
    for (int j = 0; j < bucketCount; j++) {
      buckets[j] = new EdPoint();
    }
    boolean[] filled = new boolean[bucketCount];
    EdPoint running = new EdPoint();
    EdPoint windowSum = new EdPoint();
    CachedPoint operand = new CachedPoint();
    boolean started = false;
    for (int window = windows - 1; window >= 0; window--) {
      if (started) {
        for (int j = 0; j < w; j++) {
          EdPoint.dbl(out, out, j == w - 1, s);
        }
      }
      Arrays.fill(filled, false);
      for (int i = 0; i < n; i++) {
        int digit = digits[i][window];
        if (digit == 0) {
          continue;
        }
        int b = Math.abs(digit) - 1;
        if (filled[b]) {
          EdPoint.addAffine(buckets[b], affine[i], buckets[b], digit < 0, s);
        } else {
          buckets[b].set(points[i]);
          if (digit < 0) {
            buckets[b].negate();
          }
          filled[b] = true;
        }
      }
      // Σ (j+1)·bucket[j] as a running sum from the top bucket down.
      boolean runningSet = false;
      boolean windowSet = false;
      for (int j = bucketCount - 1; j >= 0; j--) {
        if (filled[j]) {
          if (runningSet) {
            operand.set(buckets[j]);
            EdPoint.add(running, operand, running, false, s);
          } else {
            running.set(buckets[j]);
            runningSet = true;
          }
        }
        if (runningSet) {
          if (windowSet) {
            operand.set(running);
            EdPoint.add(windowSum, operand, windowSum, false, s);
          } else {
            windowSum.set(running);
            windowSet = true;
          }
        }
      }
      if (windowSet) {
        if (started) {
          operand.set(windowSum);
          EdPoint.add(out, operand, out, false, s);
        } else {
          out.set(windowSum);
          started = true;
        }
      }
    }
  }

  /**
   * The points as operands with Z = 1, so that each of the bucket additions costs 7 multiplications
   * instead of 9. Decoded points have Z = 1 already and cost one multiplication; the others share
   * one inversion (Montgomery's trick: three multiplications each) and cost four more.
   */
  private static AffineNiels[] affine(EdPoint[] points) {
    int n = points.length;
    AffineNiels[] out = new AffineNiels[n];
    int[][] prefix = new int[n][];
    int[] product = X25519Field.create();
    X25519Field.one(product);
    boolean anyProjective = false;
    for (int i = 0; i < n; i++) {
      out[i] = new AffineNiels();
      if (X25519Field.isOneVar(points[i].z)) {
        out[i].setFromAffine(points[i]);
      } else {
        prefix[i] = X25519Field.create();
        X25519Field.copy(product, 0, prefix[i], 0);
        X25519Field.mul(product, points[i].z, product);
        anyProjective = true;
      }
    }
    if (!anyProjective) {
      return out;
    }
    // product = Π Z[i] over the projective points; walk back, peeling one Z off at each step.
    int[] inverse = X25519Field.create();
    X25519Field.invVar(product, inverse);
    int[] zInverse = X25519Field.create();
    int[] x = X25519Field.create();
    int[] y = X25519Field.create();
    for (int i = n - 1; i >= 0; i--) {
      int[] before = prefix[i];
      if (before == null) {
        continue;
      }
      X25519Field.mul(inverse, before, zInverse);
      X25519Field.mul(inverse, points[i].z, inverse);
      out[i].setFromProjective(points[i], zInverse, x, y);
    }
    return out;
  }

  /**
   * Digit width for {@code n} terms: minimises about {@code (254/w)·(n + 1.3·2^w)} additions. A
   * bucket addition costs 7 multiplications; each of the two running-sum additions per bucket costs
   * 9 (8 and the preparation of its operand), hence 2^(w−1) buckets weigh 9/7·2^w. At least 3 bits:
   * for a few terms, 2 would save a few additions only.
   */
  static int windowBits(int n) {
    if (n < 22) {
      return 3;
    }
    if (n < 61) {
      return 4;
    }
    if (n < 181) {
      return 5;
    }
    if (n < 426) {
      return 6;
    }
    if (n < 889) {
      return 7;
    }
    return n < 2853 ? 8 : 9;
  }

  /**
   * The little-endian {@code scalar} as {@code windows} signed digits of {@code w} bits, least
   * significant first: {@code scalar = Σ digit[k]·2^(w·k)} with {@code |digit| ≤ 2^(w−1)}.
   */
  static int[] signedDigits(byte[] scalar, int w, int windows) {
    int[] out = new int[windows];
    int carry = 0;
    int half = 1 << (w - 1);
    int mask = (1 << w) - 1;
    for (int k = 0; k < windows; k++) {
      int digit = bits(scalar, k * w, mask) + carry;
      if (digit > half) {
        out[k] = digit - (1 << w);
        carry = 1;
      } else {
        out[k] = digit;
        carry = 0;
      }
    }
    if (carry != 0) {
      throw new IllegalArgumentException("scalar does not fit in " + windows * w + " bits");
    }
    return out;
  }

  /**
   * {@code w} bits (as {@code mask}) of the little-endian number {@code bytes} from bit {@code at}.
   */
  private static int bits(byte[] bytes, int at, int mask) {
    int byteIndex = at >>> 3;
    int value = 0;
    for (int b = 0; b < 3 && byteIndex + b < bytes.length; b++) {
      value |= (bytes[byteIndex + b] & 0xff) << (8 * b);
    }
    return (value >>> (at & 7)) & mask;
  }
}
