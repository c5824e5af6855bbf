package org.nubo.client;

import java.util.Optional;
import org.nubo.protocol.api.KeyStatus;
import org.nubo.protocol.api.KeyUpload;
import org.nubo.protocol.api.PreKeyBundle;
import org.nubo.protocol.api.SenderCertificate;

/**
 * The Signal key routes the SDK calls (decision 0004), each blocking. A seam beside {@link
 * ControlPlane}: tests give a fake directory, production gives {@link HttpControlPlane}. Failures
 * are {@link ServerException} or {@link NetworkException}.
 */
interface KeyPlane {
  /** {@code PUT /v1/keys}: the first upload, and every top-up. */
  void uploadKeys(StoredState.Account account, KeyUpload keys);

  /** {@code GET /v1/keys/status}; {@code 404 no_keys} before the first upload. */
  KeyStatus keyStatus(StoredState.Account account);

  /**
   * {@code GET /v1/keys/{token}}: one bundle of the account {@code token}. With {@code
   * deliveryToken} (base64url) the request carries it instead of this device's credential, so the
   * server does not learn who is about to write to whom.
   */
  PreKeyBundle fetchBundle(
      StoredState.Account account, String token, Optional<String> deliveryToken);

  /** {@code GET /v1/certificate/sender}. */
  SenderCertificate senderCertificate(StoredState.Account account);

  /** {@code PUT /v1/delivery-key}: the 16-byte key (base64url). */
  void registerDeliveryKey(StoredState.Account account, String deliveryKey);
}
