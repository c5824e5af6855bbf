package org.nubo.core.keys;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.nubo.protocol.AccountToken;

/**
 * Port: durable Signal keys and delivery-key hashes. Adapters pass {@code KeyStoreContract}; they
 * throw only {@code StorageException}.
 *
 * <p>Keys belong to a device row and a delivery-key hash to an account row of the {@code
 * AccountStore}, and go with them: turning messaging off (or a new install replacing the device)
 * erases them. The store holds public keys and signatures only, never a private key, and never the
 * delivery key itself.
 */
public interface KeyStore {
  /** The outcome of {@link #store}: nothing is written unless it is {@code STORED}. */
  enum Stored {
    STORED,
    /** The device already has a different identity key or registration id. */
    IDENTITY_MISMATCH,
    /** A one-time or last-resort key id is already on file for the device. */
    DUPLICATE_KEY_ID
  }

  /**
   * Stores an upload in one transaction: identity (first time) or its check, signed and last-resort
   * prekeys replaced, one-time prekeys added. The caller has checked every key and signature.
   */
  Stored store(String deviceId, DeviceKeys keys, Instant now);

  /** The device's identity key, if it uploaded one. */
  Optional<byte[]> identityKey(String deviceId);

  /**
   * The registration id of the account's device that a bundle would come from, if it uploaded keys.
   * A new install has another one, which is how a sender learns its session is stale.
   */
  OptionalInt registrationId(AccountToken account);

  /** The device's counts and signed prekey, if it uploaded keys. */
  Optional<KeyStatus> status(String deviceId);

  /**
   * Takes a bundle for the account's device, atomically removing the one-time EC and Kyber prekeys
   * it hands out (two callers never get the same one). Empty if the account has no device with
   * keys.
   */
  Optional<TakenBundle> takeBundle(AccountToken account);

  /** Sets the SHA-256 of the account's delivery key, replacing any earlier one. */
  void putDeliveryKeyHash(AccountToken account, byte[] sha256);

  Optional<byte[]> deliveryKeyHash(AccountToken account);
}
