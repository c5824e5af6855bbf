package org.nubo.crypto.signal;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.signal.libsignal.metadata.certificate.CertificateValidator;
import org.signal.libsignal.metadata.certificate.InvalidCertificateException;
import org.signal.libsignal.metadata.certificate.ServerCertificate;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.ecc.ECPrivateKey;
import org.signal.libsignal.protocol.ecc.ECPublicKey;

/**
 * The server's sealed-sender authority: a trust root, which devices pin and which may be kept
 * offline, and a signer whose key the root certified (a libsignal {@code ServerCertificate}). The
 * signer issues the short-lived sender certificates that sealed envelopes carry.
 *
 * <p>The sender of a certificate is the account token's text, through libsignal's {@code String}
 * overload. Its {@code ServiceId} overload would write {@code <ACI:…>}, which names no session, so
 * every sealed message would fail to decrypt (decision 0004). The e164 is always empty: the number
 * never goes in.
 */
public final class CertificateAuthority {
  /** The signer's key id in a freshly generated authority; a rotation picks the next one. */
  static final int FIRST_SIGNER_KEY_ID = 1;

  /** libsignal's device ids: 1 to 127. */
  static final int MAX_DEVICE_ID = 127;

  /** Null when the root's private key is kept offline: the signer does all the daily work. */
  private final @Nullable ECPrivateKey root;

  private final ECPublicKey rootPublic;
  private final ECPrivateKey signer;
  private final ServerCertificate certificate;

  private CertificateAuthority(
      @Nullable ECPrivateKey root,
      ECPublicKey rootPublic,
      ECPrivateKey signer,
      ServerCertificate certificate) {
    this.root = root;
    this.rootPublic = rootPublic;
    this.signer = signer;
    this.certificate = certificate;
  }

  /** Fresh root + signer (key id 1). */
  public static CertificateAuthority generate() {
    ECKeyPair root = ECKeyPair.generate();
    ECKeyPair signer = ECKeyPair.generate();
    ServerCertificate certificate =
        new ServerCertificate(root.getPrivateKey(), FIRST_SIGNER_KEY_ID, signer.getPublicKey());
    return new CertificateAuthority(
        root.getPrivateKey(), root.getPublicKey(), signer.getPrivateKey(), certificate);
  }

  /**
   * From the serialized forms written by {@link #rootPrivateKey()}, {@link #signerPrivateKey()} and
   * {@link #serverCertificate()}. The certificate must be signed by the root and certify the
   * signer's public key, so a mix-up of key files fails here and not on every phone.
   */
  public static CertificateAuthority load(
      byte[] rootPrivateKey, byte[] signerPrivateKey, byte[] serverCertificate)
      throws SignalKeyException {
    ECPrivateKey root = Keys.ecPrivate(rootPrivateKey, "sealed-sender root key");
    return load(root, root.publicKey(), signerPrivateKey, serverCertificate);
  }

  /**
   * As {@link #load(byte[], byte[], byte[])}, with the root's private key kept offline: only its
   * public key ({@link #rootPublicKey()}'s form) is at hand, which is all a running server needs.
   */
  public static CertificateAuthority loadWithoutRoot(
      byte[] rootPublicKey, byte[] signerPrivateKey, byte[] serverCertificate)
      throws SignalKeyException {
    return load(
        null,
        Keys.ecPublic(rootPublicKey, "sealed-sender root public key"),
        signerPrivateKey,
        serverCertificate);
  }

  private static CertificateAuthority load(
      @Nullable ECPrivateKey root,
      ECPublicKey rootPublic,
      byte[] signerPrivateKey,
      byte[] serverCertificate)
      throws SignalKeyException {
    ECPrivateKey signer = Keys.ecPrivate(signerPrivateKey, "sealed-sender signer key");
    ServerCertificate certificate;
    try {
      certificate = new ServerCertificate(serverCertificate);
    } catch (InvalidCertificateException | RuntimeException e) {
      throw SignalKeyException.badKey("sealed-sender server certificate does not parse", e);
    }
    try {
      new CertificateValidator(rootPublic).validate(certificate);
    } catch (InvalidCertificateException | RuntimeException e) {
      throw SignalKeyException.badSignature(
          "sealed-sender server certificate is not signed by this root");
    }
    if (!certificate.getKey().equals(signer.publicKey())) {
      throw SignalKeyException.badKey(
          "sealed-sender server certificate certifies another signer key");
    }
    return new CertificateAuthority(root, rootPublic, signer, certificate);
  }

  /**
   * A fresh signer, certified by {@code rootPrivateKey} under the key id after the one in {@code
   * currentCertificate}. The current certificate must be signed by the same root, so the wrong root
   * key is caught here. The current signer's private key is not needed: a rotation interrupted
   * between writing the new certificate and the new key can simply be run again.
   *
   * <p>Sender certificates issued under the previous signer stay valid until they expire: devices
   * check them against the root, which does not change.
   *
   * @throws SignalKeyException {@code bad_key} if a key or the certificate does not parse, {@code
   *     bad_signature} if the certificate was not signed by this root
   */
  public static CertificateAuthority nextSigner(byte[] rootPrivateKey, byte[] currentCertificate)
      throws SignalKeyException {
    ECPrivateKey root = Keys.ecPrivate(rootPrivateKey, "sealed-sender root key");
    ServerCertificate current;
    try {
      current = new ServerCertificate(currentCertificate);
      new CertificateValidator(root.publicKey()).validate(current);
    } catch (InvalidCertificateException | RuntimeException e) {
      throw SignalKeyException.badSignature(
          "the signer certificate was not made by this root key, or is damaged");
    }
    if (current.getKeyId() == Integer.MAX_VALUE) {
      throw SignalKeyException.badKey("the signer key ids are used up");
    }
    ECKeyPair signer = ECKeyPair.generate();
    ServerCertificate next =
        new ServerCertificate(root, current.getKeyId() + 1, signer.getPublicKey());
    return new CertificateAuthority(root, root.publicKey(), signer.getPrivateKey(), next);
  }

  /** The key id the root certified the signer under: 1 at first, one more at each rotation. */
  public int signerKeyId() {
    return certificate.getKeyId();
  }

  /**
   * The root's private key (32 bytes); keep it apart from the database, or offline.
   *
   * @throws IllegalStateException if this authority was loaded without it
   */
  public byte[] rootPrivateKey() {
    if (root == null) {
      throw new IllegalStateException("the sealed-sender root key is kept offline");
    }
    return root.serialize();
  }

  /** The signer's private key (32 bytes). */
  public byte[] signerPrivateKey() {
    return signer.serialize();
  }

  /** The root-signed certificate of the signer's public key and key id. */
  public byte[] serverCertificate() {
    return certificate.getSerialized();
  }

  /** What the SDK pins (33 bytes, libsignal serialized form). */
  public byte[] rootPublicKey() {
    return rootPublic.serialize();
  }

  /**
   * A sender certificate for {@code senderToken} (the account token's base64url text), {@code
   * deviceId} (1–127), {@code identityKey} (the device's uploaded identity key, 33 bytes), expiring
   * at {@code expiresAtMillis} (epoch milliseconds).
   *
   * @throws SignalKeyException {@code bad_key} if {@code identityKey} does not parse
   * @throws IllegalArgumentException for an empty sender or a device id out of range
   */
  public byte[] issue(String senderToken, int deviceId, byte[] identityKey, long expiresAtMillis)
      throws SignalKeyException {
    if (senderToken.isEmpty()) {
      throw new IllegalArgumentException("a sender certificate needs a sender");
    }
    if (deviceId < 1 || deviceId > MAX_DEVICE_ID) {
      throw new IllegalArgumentException(
          "device id " + deviceId + " is not in 1.." + MAX_DEVICE_ID);
    }
    return certificate
        .issue(
            signer,
            senderToken,
            Optional.empty(),
            deviceId,
            Keys.identity(identityKey).getPublicKey(),
            expiresAtMillis)
        .getSerialized();
  }

  /** Deliberately keyless. */
  @Override
  public String toString() {
    return "CertificateAuthority[keyId=" + certificate.getKeyId() + "]";
  }
}
