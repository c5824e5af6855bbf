package org.nubo.crypto.oprf;

import static org.assertj.core.api.Assertions.assertThat;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nubo.crypto.ristretto.RistrettoPoint;

/**
 * The Pippenger sum equals the naive sum of multiplications (computed with curve25519-elisabeth as
 * an independent oracle), for every size and digit width.
 */
class MultiScalarPropertiesTest {
  private static final BigInteger ORDER =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  @Property(tries = 60)
  void theBucketSumEqualsTheNaiveSum(
      @ForAll @IntRange(min = 0, max = 40) int n, @ForAll long seed) {
    assertSumsAgree(n, new Random(seed));
  }

  @Test
  void largeBatchesWithWiderDigitsAgreeToo() {
    Random random = new Random(7);
    // Discovery's batches reach 1,000 terms (8-bit digits); 3,000 takes 9 bits.
    for (int n : new int[] {100, 300, 800, 1000, 3000}) {
      assertSumsAgree(n, random);
    }
  }

  private static void assertSumsAgree(int n, Random random) {
    Scalar[] scalars = new Scalar[n];
    RistrettoPoint[] points = new RistrettoPoint[n];
    RistrettoElement naive = RistrettoElement.IDENTITY;
    for (int i = 0; i < n; i++) {
      scalars[i] = scalar(random);
      byte[] uniform = new byte[64];
      random.nextBytes(uniform);
      // Mapped points are projective (Z ≠ 1), decoded ones affine (Z = 1): the sum prepares the
      // two differently. Now and then the same point twice (buckets also double a point), the
      // identity, or a decoded point negated (still affine, with X and T negated).
      int kind = random.nextInt(10);
      points[i] =
          switch (kind) {
            case 0 -> i > 0 ? points[i - 1] : RistrettoPoint.identity();
            case 1 -> RistrettoPoint.identity();
            case 2 -> decoded(fromUniform(uniform)).negate();
            case 3, 4, 5 -> decoded(fromUniform(uniform));
            default -> fromUniform(uniform);
          };
      naive = naive.add(oracle(points[i]).multiply(scalars[i]));
    }
    assertThat(Suite.hex(Suite.serialize(MultiScalar.vartimeSum(scalars, points))))
        .as("%d terms", n)
        .isEqualTo(Suite.hex(naive.compress().toByteArray()));
  }

  private static RistrettoPoint fromUniform(byte[] uniform) {
    return RistrettoPoint.fromUniformBytes(uniform);
  }

  private static RistrettoPoint decoded(RistrettoPoint p) {
    RistrettoPoint decoded = RistrettoPoint.decode(p.encode());
    if (decoded == null) {
      throw new AssertionError("an encoding did not decode");
    }
    return decoded;
  }

  private static RistrettoElement oracle(RistrettoPoint p) {
    try {
      return new CompressedRistretto(p.encode()).decompress();
    } catch (cafe.cryptography.curve25519.InvalidEncodingException e) {
      throw new AssertionError(e);
    }
  }

  /** Random scalars, with the edge cases 0, 1, 2^(w-1) patterns and order − 1 mixed in. */
  private static Scalar scalar(Random random) {
    BigInteger value;
    switch (random.nextInt(6)) {
      case 0 -> value = BigInteger.ZERO;
      case 1 -> value = BigInteger.ONE;
      case 2 -> value = ORDER.subtract(BigInteger.ONE);
      case 3 -> value = BigInteger.ONE.shiftLeft(random.nextInt(253));
      default -> value = new BigInteger(260, random).mod(ORDER);
    }
    byte[] le = new byte[32];
    byte[] be = value.toByteArray();
    for (int i = 0; i < be.length && i < 33; i++) {
      int target = be.length - 1 - i;
      if (i < 32) {
        le[i] = be[target];
      }
    }
    return Scalar.fromCanonicalBytes(le);
  }
}
