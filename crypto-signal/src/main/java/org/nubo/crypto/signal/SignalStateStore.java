package org.nubo.crypto.signal;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Port: where a device keeps its Signal state, as whole byte documents by name. Names match {@code
 * [a-z0-9-]{1,64}}: {@code signal-identity}, {@code signal-prekeys} and one {@code peer-…} per
 * contact. An implementation must replace a document atomically, so a crash leaves the old or the
 * new version. The SDK adapts its {@code ClientStore} to this.
 */
public interface SignalStateStore {
  /** What a document name may be. */
  Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");

  /** The document last written under {@code name}, if any. */
  Optional<byte[]> read(String name);

  /** Replaces the document {@code name} atomically and durably. */
  void write(String name, byte[] document);

  /** Removes the document {@code name}; nothing happens if there is none. */
  void delete(String name);

  /** A store that forgets everything when the process ends; for tests and demos. */
  static SignalStateStore inMemory() {
    ConcurrentHashMap<String, byte[]> documents = new ConcurrentHashMap<>();
    return new SignalStateStore() {
      @Override
      public Optional<byte[]> read(String name) {
        byte[] bytes = documents.get(name);
        return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
      }

      @Override
      public void write(String name, byte[] document) {
        documents.put(name, document.clone());
      }

      @Override
      public void delete(String name) {
        documents.remove(name);
      }
    };
  }
}
