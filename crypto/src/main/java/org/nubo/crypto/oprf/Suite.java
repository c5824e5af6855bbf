package org.nubo.crypto.oprf;

import cafe.cryptography.curve25519.Scalar;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import org.nubo.crypto.ristretto.RistrettoPoint;

/**
 * The ciphersuite of RFC 9497 section 4.1, ristretto255-SHA512, in verifiable mode: the group
 * operations, hash-to-group and hash-to-scalar with their domain separation tags, and the
 * byte-string framing shared by the protocol steps. The group is {@link RistrettoPoint} (Nubo's own
 * ristretto255 on Bouncy Castle's field arithmetic); scalars mod the group order are
 * curve25519-elisabeth's constant-time {@link Scalar}. Neither type appears in the public API.
 */
final class Suite {
  /** RFC 9497 section 3.1: mode byte of the verifiable mode (VOPRF). */
  static final int MODE_VOPRF = 0x01;

  static final String IDENTIFIER = "ristretto255-SHA512";

  /** {@code "OPRFV1-" || I2OSP(mode, 1) || "-" || identifier}. */
  static final byte[] CONTEXT_STRING =
      concat(ascii("OPRFV1-"), new byte[] {MODE_VOPRF}, ascii("-" + IDENTIFIER));

  static final byte[] HASH_TO_GROUP_DST = concat(ascii("HashToGroup-"), CONTEXT_STRING);
  static final byte[] HASH_TO_SCALAR_DST = concat(ascii("HashToScalar-"), CONTEXT_STRING);
  static final byte[] DERIVE_KEY_PAIR_DST = concat(ascii("DeriveKeyPair"), CONTEXT_STRING);
  static final byte[] SEED_DST = concat(ascii("Seed-"), CONTEXT_STRING);

  /** Ne: a serialized ristretto255 element. */
  static final int ELEMENT_BYTES = 32;

  /** Ns: a serialized scalar, little-endian. */
  static final int SCALAR_BYTES = 32;

  /** Nh: SHA-512 output, and so the OPRF output length. */
  static final int HASH_BYTES = 64;

  private static final int SHA512_BLOCK_BYTES = 128;

  /** The group order minus two, as the exponent of Fermat inversion (public, so no timing leak). */
  private static final BigInteger ORDER_MINUS_TWO =
      BigInteger.ONE
          .shiftLeft(252)
          .add(new BigInteger("27742317777372353535851937790883648493"))
          .subtract(BigInteger.valueOf(2));

  private Suite() {}

  // ---- hashing -------------------------------------------------------------------------------

  static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is required by every Java and Android runtime", e);
    }
  }

  /** RFC 9380 section 5.3.1, expand_message_xmd with SHA-512. */
  static byte[] expandMessageXmd(byte[] msg, byte[] dst, int lengthInBytes) {
    if (dst.length > 255) {
      throw new IllegalArgumentException("a domain separation tag is at most 255 bytes");
    }
    int ell = (lengthInBytes + HASH_BYTES - 1) / HASH_BYTES;
    if (ell > 255 || lengthInBytes > 65535 || lengthInBytes <= 0) {
      throw new IllegalArgumentException("expand_message_xmd cannot produce " + lengthInBytes);
    }
    byte[] dstPrime = concat(dst, new byte[] {(byte) dst.length});
    MessageDigest h = sha512();
    h.update(new byte[SHA512_BLOCK_BYTES]);
    h.update(msg);
    h.update(i2osp(lengthInBytes, 2));
    h.update((byte) 0);
    h.update(dstPrime);
    byte[] b0 = h.digest();

    byte[] out = new byte[lengthInBytes];
    byte[] previous = new byte[HASH_BYTES];
    for (int i = 1; i <= ell; i++) {
      byte[] chained = new byte[HASH_BYTES];
      for (int j = 0; j < HASH_BYTES; j++) {
        chained[j] = (byte) (b0[j] ^ previous[j]);
      }
      h.update(chained);
      h.update((byte) i);
      h.update(dstPrime);
      previous = h.digest();
      int offset = (i - 1) * HASH_BYTES;
      System.arraycopy(previous, 0, out, offset, Math.min(HASH_BYTES, lengthInBytes - offset));
    }
    return out;
  }

  /** HashToGroup: hash_to_ristretto255 (RFC 9380 appendix B) with the suite's DST. */
  static RistrettoPoint hashToGroup(byte[] input) {
    return RistrettoPoint.fromUniformBytes(expandMessageXmd(input, HASH_TO_GROUP_DST, 64));
  }

  /** HashToScalar with the suite's default DST. */
  static Scalar hashToScalar(byte[] input) {
    return hashToScalar(input, HASH_TO_SCALAR_DST);
  }

  /** HashToScalar: 64 bytes of expand_message_xmd, read little-endian and reduced mod the order. */
  static Scalar hashToScalar(byte[] input, byte[] dst) {
    return Scalar.fromBytesModOrderWide(expandMessageXmd(input, dst, 64));
  }

  // ---- group and scalars ---------------------------------------------------------------------

  /** {@code s·G}, constant time (s may be a private key or a proof's random scalar). */
  static RistrettoPoint generatorTimes(Scalar s) {
    return RistrettoPoint.multiplyBase(s.toByteArray());
  }

  /** {@code s·e}, constant time (s may be a private key or a blind). */
  static RistrettoPoint times(RistrettoPoint e, Scalar s) {
    return e.multiply(s.toByteArray());
  }

  /** Whether an encoding is the identity's: 32 zero bytes (the only encoding it has). */
  static boolean isIdentityEncoding(byte[] encoded) {
    int bits = 0;
    for (byte b : encoded) {
      bits |= b;
    }
    return bits == 0;
  }

  static boolean isIdentity(RistrettoPoint e) {
    return e.isIdentity();
  }

  static boolean isZero(Scalar s) {
    return s.ctEquals(Scalar.ZERO) == 1;
  }

  static byte[] serialize(RistrettoPoint e) {
    return e.encode();
  }

  /**
   * DeserializeElement: a canonical ristretto255 encoding of an element other than the identity.
   *
   * @throws OprfException if {@code bytes} is not one
   */
  static RistrettoPoint deserializeElement(byte[] bytes, String what) {
    if (bytes.length != ELEMENT_BYTES) {
      throw new OprfException(
          what + " is a " + ELEMENT_BYTES + "-byte ristretto255 element, not " + bytes.length);
    }
    RistrettoPoint e = RistrettoPoint.decode(bytes);
    if (e == null) {
      throw new OprfException(what + " is not a valid ristretto255 encoding");
    }
    if (isIdentity(e)) {
      throw new OprfException(what + " is the identity element, which is never valid here");
    }
    return e;
  }

  /**
   * DeserializeScalar: 32 bytes, little-endian, below the group order.
   *
   * @throws OprfException if {@code bytes} is not one
   */
  static Scalar deserializeScalar(byte[] bytes, String what) {
    if (bytes.length != SCALAR_BYTES) {
      throw new OprfException(what + " is a " + SCALAR_BYTES + "-byte scalar, not " + bytes.length);
    }
    try {
      return Scalar.fromCanonicalBytes(bytes.clone());
    } catch (IllegalArgumentException ex) {
      throw new OprfException(what + " is not a canonical scalar (it is not below the order)", ex);
    }
  }

  /** A uniformly random non-zero scalar: 64 random bytes reduced mod the order. */
  static Scalar randomScalar(SecureRandom random) {
    byte[] wide = new byte[64];
    Scalar s;
    do {
      random.nextBytes(wide);
      s = Scalar.fromBytesModOrderWide(wide);
    } while (isZero(s));
    return s;
  }

  /**
   * The inverse of a non-zero scalar, {@code s^(order - 2)}. The exponent is public, so the
   * square-and-multiply pattern reveals nothing about {@code s}.
   */
  static Scalar invert(Scalar s) {
    if (isZero(s)) {
      throw new IllegalArgumentException("zero has no inverse");
    }
    Scalar result = Scalar.ONE;
    for (int bit = ORDER_MINUS_TWO.bitLength() - 1; bit >= 0; bit--) {
      result = result.multiply(result);
      if (ORDER_MINUS_TWO.testBit(bit)) {
        result = result.multiply(s);
      }
    }
    return result;
  }

  // ---- byte strings --------------------------------------------------------------------------

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** I2OSP: {@code value} as {@code length} big-endian bytes. */
  static byte[] i2osp(int value, int length) {
    if (length < 4 && value >>> (8 * length) != 0) {
      throw new IllegalArgumentException(value + " does not fit in " + length + " bytes");
    }
    byte[] out = new byte[length];
    for (int i = length - 1, v = value; i >= 0; i--, v >>>= 8) {
      out[i] = (byte) v;
    }
    return out;
  }

  /** Lower-case hexadecimal (java.util.HexFormat is not on Android 8). */
  static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder(2 * bytes.length);
    for (byte b : bytes) {
      out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return out.toString();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part, 0, part.length);
    }
    return out.toByteArray();
  }

  /** Appends {@code I2OSP(len(part), 2) || part}, the RFC's length-prefixed framing. */
  static void framed(ByteArrayOutputStream out, byte[] part) {
    byte[] length = i2osp(part.length, 2);
    out.write(length, 0, 2);
    out.write(part, 0, part.length);
  }

  /**
   * The PRF output, shared by Finalize and Evaluate: {@code Hash(I2OSP(len(input), 2) || input ||
   * I2OSP(len(element), 2) || element || "Finalize")}.
   */
  static byte[] finalizeHash(byte[] input, byte[] unblindedElement) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    framed(out, input);
    framed(out, unblindedElement);
    byte[] label = ascii("Finalize");
    out.write(label, 0, label.length);
    return sha512().digest(out.toByteArray());
  }

  /** Inputs longer than this cannot be framed with a two-byte length. */
  static void checkInputLength(byte[] input) {
    if (input.length > 65535) {
      throw new OprfException("an OPRF input is at most 65535 bytes, not " + input.length);
    }
  }
}
