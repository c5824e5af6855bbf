package org.nubo.core.keys;

import java.time.Instant;
import org.nubo.protocol.AccountToken;

/**
 * Port: signs sealed-sender certificates under the server's signer key (libsignal's {@code
 * ServerCertificate.issue} with the String sender form in production).
 */
public interface CertificateIssuer {
  /**
   * A serialised certificate naming {@code sender} (its base64url text) and device, binding the
   * device's identity key, valid until {@code expiresAt}.
   */
  byte[] issue(AccountToken sender, int deviceNumber, byte[] identityKey, Instant expiresAt);
}
