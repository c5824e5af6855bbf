package org.nubo.server;

import java.time.Instant;
import org.nubo.core.InvalidRequest;
import org.nubo.core.keys.CertificateIssuer;
import org.nubo.core.keys.KeyChecks;
import org.nubo.core.keys.PreKey;
import org.nubo.core.keys.SignedPreKey;
import org.nubo.crypto.signal.BundleVerifier;
import org.nubo.crypto.signal.CertificateAuthority;
import org.nubo.crypto.signal.SignalKeyException;
import org.nubo.protocol.AccountToken;

/**
 * The core's key ports filled by crypto-signal (libsignal): key parsing and signature checks, and
 * sender certificates signed by this server's {@link CertificateAuthority}.
 */
final class SignalKeys implements KeyChecks, CertificateIssuer {
  private final CertificateAuthority authority;

  SignalKeys(CertificateAuthority authority) {
    this.authority = authority;
  }

  @Override
  public void identityKey(byte[] identityKey) {
    check(() -> BundleVerifier.verifyIdentityKey(identityKey), "identityKey");
  }

  @Override
  public void signedPreKey(byte[] identityKey, SignedPreKey key) {
    check(
        () -> BundleVerifier.verifySignedPreKey(identityKey, key.publicKey(), key.signature()),
        "signedPreKey " + key.keyId());
  }

  @Override
  public void kyberPreKey(byte[] identityKey, SignedPreKey key) {
    check(
        () -> BundleVerifier.verifyKyberPreKey(identityKey, key.publicKey(), key.signature()),
        "Kyber prekey " + key.keyId());
  }

  @Override
  public void oneTimePreKey(PreKey key) {
    check(() -> BundleVerifier.verifyOneTimePreKey(key.publicKey()), "preKey " + key.keyId());
  }

  @Override
  public byte[] issue(
      AccountToken sender, int deviceNumber, byte[] identityKey, Instant expiresAt) {
    try {
      // The String form of the sender: the ServiceId overload breaks decryption (decision 0004).
      return authority.issue(sender.text(), deviceNumber, identityKey, expiresAt.toEpochMilli());
    } catch (SignalKeyException e) {
      throw new InvalidRequest(e.code(), "the identity key on file cannot be certified");
    }
  }

  private interface Check {
    void run() throws SignalKeyException;
  }

  private static void check(Check check, String what) {
    try {
      check.run();
    } catch (SignalKeyException e) {
      throw new InvalidRequest(
          e.code(),
          e.code().equals("bad_signature")
              ? what + ": the signature does not verify under the identity key"
              : what + ": not a valid public key");
    }
  }
}
