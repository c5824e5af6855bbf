package org.nubo.crypto.ristretto;

import static org.assertj.core.api.Assertions.assertThat;

import cafe.cryptography.curve25519.CompressedRistretto;
import cafe.cryptography.curve25519.Constants;
import cafe.cryptography.curve25519.RistrettoElement;
import cafe.cryptography.curve25519.Scalar;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The new group against curve25519-elisabeth as an oracle, on random scalars and elements: every
 * result is compared through its canonical encoding.
 */
class ElisabethDifferentialTest {

  @Property(tries = 150)
  void multiplyAgrees(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    byte[] element = randomElement(random);
    Scalar k = scalar(random);
    RistrettoPoint mine = decode(element).multiply(k.toByteArray());
    RistrettoElement theirs = oracle(element).multiply(k);
    assertThat(hex(mine.encode())).isEqualTo(hex(theirs.compress().toByteArray()));
  }

  @Property(tries = 150)
  void multiplyBaseAgrees(@ForAll long seed) {
    Scalar k = scalar(new Random(seed));
    assertThat(hex(RistrettoPoint.multiplyBase(k.toByteArray()).encode()))
        .isEqualTo(hex(Constants.RISTRETTO_GENERATOR_TABLE.multiply(k).compress().toByteArray()));
    assertThat(RistrettoPoint.generator().multiply(k.toByteArray()))
        .isEqualTo(RistrettoPoint.multiplyBase(k.toByteArray()));
  }

  @Property(tries = 200)
  void addSubtractNegateAgree(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    byte[] a = randomElement(random);
    byte[] b = random.nextInt(5) == 0 ? a : randomElement(random);
    RistrettoPoint pa = decode(a);
    RistrettoPoint pb = decode(b);
    assertThat(hex(pa.add(pb).encode()))
        .isEqualTo(hex(oracle(a).add(oracle(b)).compress().toByteArray()));
    assertThat(hex(pa.subtract(pb).encode()))
        .isEqualTo(hex(oracle(a).subtract(oracle(b)).compress().toByteArray()));
    assertThat(hex(pa.negate().encode()))
        .isEqualTo(hex(oracle(a).negate().compress().toByteArray()));
    assertThat(pa.add(pa.negate()).isIdentity()).isTrue();
    assertThat(pa.add(RistrettoPoint.identity())).isEqualTo(pa);
    assertThat(pa.isIdentity()).isFalse();
  }

  @Property(tries = 200)
  void encodeDecodeRoundTripsAndMapAgrees(@ForAll long seed) throws Exception {
    Random random = new Random(seed);
    byte[] uniform = new byte[64];
    random.nextBytes(uniform);
    RistrettoPoint mine = RistrettoPoint.fromUniformBytes(uniform);
    byte[] encoded = mine.encode();
    assertThat(hex(encoded))
        .isEqualTo(hex(RistrettoElement.fromUniformBytes(uniform).compress().toByteArray()));
    RistrettoPoint again = RistrettoPoint.decode(encoded);
    assertThat(again).isEqualTo(mine);
    assertThat(hex(again.encode())).isEqualTo(hex(encoded));
    // Random 32-byte strings: accepted exactly when the oracle accepts them, with equal results.
    byte[] junk = new byte[32];
    random.nextBytes(junk);
    junk[31] &= (byte) (random.nextBoolean() ? 0x7f : 0xff);
    junk[0] &= (byte) (random.nextBoolean() ? 0xfe : 0xff);
    RistrettoElement theirs = null;
    try {
      theirs = new CompressedRistretto(junk.clone()).decompress();
    } catch (Exception e) {
      // rejected by the oracle
    }
    RistrettoPoint decoded = RistrettoPoint.decode(junk);
    assertThat(decoded == null).isEqualTo(theirs == null);
  }

  @Property(tries = 40)
  void multiScalarEqualsSumOfProducts(@ForAll @IntRange(min = 0, max = 64) int n, @ForAll long seed)
      throws Exception {
    Random random = new Random(seed);
    byte[][] scalars = new byte[n][];
    RistrettoPoint[] points = new RistrettoPoint[n];
    RistrettoElement expected = RistrettoElement.IDENTITY;
    for (int i = 0; i < n; i++) {
      Scalar s = scalar(random);
      byte[] element =
          i > 0 && random.nextInt(6) == 0 ? points[i - 1].encode() : randomElement(random);
      scalars[i] = s.toByteArray();
      points[i] = decode(element);
      expected = expected.add(oracle(element).multiply(s));
    }
    assertThat(hex(RistrettoPoint.vartimeMultiScalar(scalars, points).encode()))
        .isEqualTo(hex(expected.compress().toByteArray()));
  }

  @Property(tries = 50)
  void identityIsHandled(@ForAll long seed) {
    Scalar k = scalar(new Random(seed));
    assertThat(RistrettoPoint.identity().multiply(k.toByteArray()).isIdentity()).isTrue();
    assertThat(RistrettoPoint.generator().multiply(new byte[32]).encode()).isEqualTo(new byte[32]);
    assertThat(RistrettoPoint.multiplyBase(new byte[32]).isIdentity()).isTrue();
    assertThat(RistrettoPoint.decode(new byte[32])).isEqualTo(RistrettoPoint.identity());
    byte[] order = Scalar.ZERO.subtract(Scalar.ONE).toByteArray(); // ℓ − 1
    assertThat(RistrettoPoint.multiplyBase(order)).isEqualTo(RistrettoPoint.generator().negate());
  }

  private static RistrettoPoint decode(byte[] encoding) {
    RistrettoPoint p = RistrettoPoint.decode(encoding);
    assertThat(p).isNotNull();
    return p;
  }

  private static RistrettoElement oracle(byte[] encoding) throws Exception {
    return new CompressedRistretto(encoding.clone()).decompress();
  }

  private static byte[] randomElement(Random random) {
    byte[] uniform = new byte[64];
    random.nextBytes(uniform);
    return RistrettoElement.fromUniformBytes(uniform).compress().toByteArray();
  }

  /** Random scalars with small ones, ℓ − 1 and single bits mixed in. */
  static Scalar scalar(Random random) {
    byte[] bytes = new byte[32];
    switch (random.nextInt(6)) {
      case 0 -> bytes[0] = (byte) random.nextInt(17);
      case 1 -> {
        return Scalar.ZERO.subtract(Scalar.ONE);
      }
      case 2 -> bytes[random.nextInt(32)] = (byte) (1 << random.nextInt(8));
      default -> {
        byte[] wide = new byte[64];
        random.nextBytes(wide);
        return Scalar.fromBytesModOrderWide(wide);
      }
    }
    return Scalar.fromBytesModOrderWide(java.util.Arrays.copyOf(bytes, 64));
  }

  private static String hex(byte[] bytes) {
    return Rfc9496VectorsTest.hex(bytes);
  }
}
