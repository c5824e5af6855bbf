package org.nubo.crypto.ristretto;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * An element of the ristretto255 group (RFC 9496), immutable. Scalars are 32-byte little-endian
 * integers; the group has prime order ℓ = 2^252 + 27742317777372353535851937790883648493, and
 * Nubo's callers pass scalars already reduced below ℓ (any value below 2^255 is accepted where
 * noted and acts modulo ℓ).
 *
 * <p>Everything here runs in constant time with respect to scalars and elements, except the methods
 * whose names start with {@code vartime} (public inputs only) and the rejection of an invalid
 * encoding by {@link #decode}.
 *
 * <p>Each operation allocates its few working buffers up front; the loops inside do not allocate.
 */
public final class RistrettoPoint {
  /** The length of an encoding. */
  public static final int ENCODED_BYTES = 32;

  private static final byte[] GENERATOR_ENCODING = {
    (byte) 0xe2,
    (byte) 0xf2,
    (byte) 0xae,
    0x0a,
    0x6a,
    (byte) 0xbc,
    0x4e,
    0x71,
    (byte) 0xa8,
    (byte) 0x84,
    (byte) 0xa9,
    0x61,
    (byte) 0xc5,
    0x00,
    0x51,
    0x5f,
    0x58,
    (byte) 0xe3,
    0x0b,
    0x6a,
    (byte) 0xa5,
    (byte) 0x82,
    (byte) 0xdd,
    (byte) 0x8d,
    (byte) 0xb6,
    (byte) 0xa6,
    0x59,
    0x45,
    (byte) 0xe0,
    (byte) 0x8d,
    0x2d,
    0x76
  };

  private static final RistrettoPoint IDENTITY = new RistrettoPoint(new EdPoint());
  private static final RistrettoPoint GENERATOR = decodeGenerator();

  /** Never modified once the constructor returns. */
  final EdPoint point;

  private RistrettoPoint(EdPoint point) {
    this.point = point;
  }

  private static RistrettoPoint decodeGenerator() {
    RistrettoPoint g = decode(GENERATOR_ENCODING);
    if (g == null) {
      throw new IllegalStateException("the ristretto255 generator does not decode");
    }
    return g;
  }

  /** The identity element (encoded as 32 zero bytes). */
  public static RistrettoPoint identity() {
    return IDENTITY;
  }

  /** The generator of RFC 9496 §4.4. */
  public static RistrettoPoint generator() {
    return GENERATOR;
  }

  /**
   * Decodes a canonical encoding (RFC 9496 §4.3.1).
   *
   * @return the element, or null if {@code encoding} is not 32 bytes or not a canonical encoding
   */
  public static @Nullable RistrettoPoint decode(byte[] encoding) {
    if (encoding.length != ENCODED_BYTES) {
      return null;
    }
    EdPoint p = new EdPoint();
    return Codec.decode(encoding, p, new Scratch()) ? new RistrettoPoint(p) : null;
  }

  /**
   * The element of 64 uniformly random bytes (RFC 9496 §4.3.4), as {@code hash_to_ristretto255} of
   * RFC 9380 applies it to {@code expand_message} output. Constant time.
   *
   * @throws IllegalArgumentException if {@code uniform} is not 64 bytes
   */
  public static RistrettoPoint fromUniformBytes(byte[] uniform) {
    if (uniform.length != 64) {
      throw new IllegalArgumentException("the one-way map takes 64 bytes, not " + uniform.length);
    }
    EdPoint p = new EdPoint();
    Codec.fromUniformBytes(uniform, p, new Scratch());
    return new RistrettoPoint(p);
  }

  /**
   * {@code scalar·G} for the generator G, from a precomputed table. Constant time.
   *
   * @param scalar 32 bytes, little-endian, below 2^255
   * @throws IllegalArgumentException if the scalar is not 32 bytes below 2^255
   */
  public static RistrettoPoint multiplyBase(byte[] scalar) {
    EdPoint p = new EdPoint();
    BaseTable.multiply(scalar, p, new Scratch());
    return new RistrettoPoint(p);
  }

  /**
   * {@code scalar·this}. Constant time.
   *
   * @param scalar 32 bytes, little-endian, below 2^255
   * @throws IllegalArgumentException if the scalar is not 32 bytes below 2^255
   */
  public RistrettoPoint multiply(byte[] scalar) {
    EdPoint p = new EdPoint();
    ScalarMul.multiply(point, scalar, p, new Scratch());
    return new RistrettoPoint(p);
  }

  /** {@code this + other}. */
  public RistrettoPoint add(RistrettoPoint other) {
    return sum(other, false);
  }

  /** {@code this − other}. */
  public RistrettoPoint subtract(RistrettoPoint other) {
    return sum(other, true);
  }

  private RistrettoPoint sum(RistrettoPoint other, boolean subtract) {
    CachedPoint q = new CachedPoint();
    q.set(other.point);
    EdPoint p = new EdPoint();
    EdPoint.add(point, q, p, subtract, new Scratch());
    return new RistrettoPoint(p);
  }

  /** {@code −this}. */
  public RistrettoPoint negate() {
    EdPoint p = new EdPoint();
    p.set(point);
    p.negate();
    return new RistrettoPoint(p);
  }

  /**
   * {@code Σ scalars[i]·points[i]} by Pippenger's method, for <b>public</b> scalars only: it runs
   * in variable time. The identity for no terms.
   *
   * @param scalars 32-byte little-endian scalars below 2^253 (so any canonical scalar mod ℓ)
   * @throws IllegalArgumentException if the arrays differ in length or a scalar is too large
   */
  public static RistrettoPoint vartimeMultiScalar(byte[][] scalars, RistrettoPoint[] points) {
    EdPoint[] edPoints = new EdPoint[points.length];
    for (int i = 0; i < points.length; i++) {
      edPoints[i] = points[i].point;
    }
    EdPoint p = new EdPoint();
    Pippenger.vartimeSum(scalars, edPoints, p, new Scratch());
    return new RistrettoPoint(p);
  }

  /** The canonical 32-byte encoding (RFC 9496 §4.3.2). Constant time. */
  public byte[] encode() {
    byte[] out = new byte[ENCODED_BYTES];
    Codec.encode(point, out, new Scratch());
    return out;
  }

  /** Whether this is the identity. Constant time. */
  public boolean isIdentity() {
    return Codec.equal(point, IDENTITY.point, new Scratch());
  }

  /** Group equality (RFC 9496 §4.3.3), in constant time. */
  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof RistrettoPoint other && Codec.equal(point, other.point, new Scratch());
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encode());
  }

  /** The encoding in hexadecimal: elements are public in Nubo's uses. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder("RistrettoPoint[");
    for (byte b : encode()) {
      out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return out.append(']').toString();
  }
}
