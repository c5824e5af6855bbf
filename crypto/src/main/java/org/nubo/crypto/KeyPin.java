package org.nubo.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;

/**
 * A pin on a server's public key: {@code "sha256/<base64>"} of the DER-encoded X.509
 * SubjectPublicKeyInfo, the same form OkHttp's {@code CertificatePinner} and HPKP use. Pinning the
 * key rather than the certificate lets an operator renew a self-signed certificate without breaking
 * phones, as long as the key stays.
 */
public final class KeyPin {
  private static final String PREFIX = "sha256/";
  private static final int DIGEST_BYTES = 32;

  private final byte[] digest;

  private KeyPin(byte[] digest) {
    this.digest = digest;
  }

  /** The pin of {@code key}. */
  public static KeyPin of(PublicKey key) {
    return new KeyPin(sha256(key.getEncoded()));
  }

  /**
   * Parses {@code "sha256/<base64>"} (standard base64 with padding, as OkHttp prints it).
   *
   * @throws IllegalArgumentException if the text is not such a pin
   */
  public static KeyPin parse(String text) {
    if (!text.startsWith(PREFIX)) {
      throw new IllegalArgumentException("a key pin starts with \"sha256/\"");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(text.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a key pin is \"sha256/\" followed by base64", e);
    }
    if (raw.length != DIGEST_BYTES) {
      throw new IllegalArgumentException(
          "a key pin holds a " + DIGEST_BYTES + "-byte SHA-256 digest, not " + raw.length);
    }
    return new KeyPin(raw);
  }

  /** Whether {@code certificate} carries the pinned public key. */
  public boolean matches(X509Certificate certificate) {
    return MessageDigest.isEqual(digest, sha256(certificate.getPublicKey().getEncoded()));
  }

  /** The text form, {@code "sha256/<base64>"}. */
  public String text() {
    return PREFIX + Base64.getEncoder().encodeToString(digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyPin other && Arrays.equals(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return text();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
