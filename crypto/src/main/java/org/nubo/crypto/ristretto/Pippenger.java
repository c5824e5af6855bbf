package org.nubo.crypto.ristretto;

import java.util.Arrays;

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
    CachedPoint[] cached = new CachedPoint[n];
    for (int i = 0; i < n; i++) {
      digits[i] = signedDigits(scalars[i], w, windows);
      cached[i] = new CachedPoint();
      cached[i].set(points[i]);
    }
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
          EdPoint.add(buckets[b], cached[i], buckets[b], digit < 0, s);
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

  /** Digit width for {@code n} terms: minimises about {@code (254/w)·(n + 2^w)} additions. */
  static int windowBits(int n) {
    if (n < 8) {
      return 3;
    }
    if (n < 32) {
      return 4;
    }
    if (n < 96) {
      return 5;
    }
    if (n < 280) {
      return 6;
    }
    if (n < 750) {
      return 7;
    }
    return n < 2000 ? 8 : 9;
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
