package org.nubo.client;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Port: where the SDK keeps its state between runs (settings, credential, contacts, outbox, inbox,
 * what was shown). The SDK writes whole documents by name; an implementation must replace a
 * document atomically, so a crash leaves either the old or the new version. {@link FileClientStore}
 * keeps them in a directory; an Android app passes {@code context.getFilesDir()}-based storage, or
 * its own implementation.
 */
public interface ClientStore {
  /** The document last written under {@code name}, if any. */
  Optional<byte[]> read(String name);

  /** Replaces the document {@code name} atomically and durably. */
  void write(String name, byte[] document);

  /**
   * Removes the document {@code name}; nothing happens if there is none. Used when messaging is
   * turned off, to forget the Signal identity and sessions. The default does nothing, which keeps
   * stores written before it compiling; such a store keeps those documents.
   */
  default void delete(String name) {}

  /** A store that forgets everything when the process ends; for tests and demos. */
  static ClientStore inMemory() {
    ConcurrentHashMap<String, byte[]> documents = new ConcurrentHashMap<>();
    return new ClientStore() {
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
