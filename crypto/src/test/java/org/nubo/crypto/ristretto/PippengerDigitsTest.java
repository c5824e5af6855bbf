package org.nubo.crypto.ristretto;

import static org.assertj.core.api.Assertions.assertThat;

import cafe.cryptography.curve25519.Scalar;
import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The digit recodings rebuild their scalar and stay in range. */
class PippengerDigitsTest {

  @Property(tries = 200)
  void signedDigitsRebuildTheScalar(@ForAll long seed, @ForAll @IntRange(min = 3, max = 9) int w) {
    byte[] s = ElisabethDifferentialTest.scalar(new Random(seed)).toByteArray();
    int windows = (254 + w - 1) / w;
    int[] digits = Pippenger.signedDigits(s, w, windows);
    BigInteger rebuilt = BigInteger.ZERO;
    for (int k = windows - 1; k >= 0; k--) {
      assertThat(Math.abs(digits[k])).isLessThanOrEqualTo(1 << (w - 1));
      rebuilt = rebuilt.shiftLeft(w).add(BigInteger.valueOf(digits[k]));
    }
    assertThat(rebuilt).isEqualTo(littleEndian(s));
  }

  @Property(tries = 200)
  void radix16DigitsRebuildTheScalar(@ForAll long seed) {
    Random random = new Random(seed);
    byte[] s = new byte[32];
    random.nextBytes(s);
    s[31] &= 0x7f; // any value below 2^255
    if (random.nextInt(4) == 0) {
      s = Scalar.ZERO.subtract(Scalar.ONE).toByteArray();
    }
    int[] digits = ScalarMul.signedRadix16(s);
    BigInteger rebuilt = BigInteger.ZERO;
    for (int k = digits.length - 1; k >= 0; k--) {
      assertThat(digits[k]).isBetween(-8, 8);
      rebuilt = rebuilt.shiftLeft(4).add(BigInteger.valueOf(digits[k]));
    }
    assertThat(rebuilt).isEqualTo(littleEndian(s));
  }

  private static BigInteger littleEndian(byte[] le) {
    byte[] be = new byte[le.length + 1];
    for (int i = 0; i < le.length; i++) {
      be[le.length - i] = le[i];
    }
    return new BigInteger(be);
  }
}
