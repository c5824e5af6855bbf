package org.nubo.core.keys;

import org.nubo.core.InvalidRequest;

/**
 * Port: parses keys and verifies signatures (libsignal in production). Each method throws {@link
 * InvalidRequest} with code {@code bad_key} or {@code bad_signature} and a message saying which
 * key.
 */
public interface KeyChecks {
  void identityKey(byte[] identityKey);

  void signedPreKey(byte[] identityKey, SignedPreKey key);

  void kyberPreKey(byte[] identityKey, SignedPreKey key);

  void oneTimePreKey(PreKey key);
}
