package org.nubo.server;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * Secret keys kept in files of their own, apart from the database, readable by the server's user
 * only. A key is created on first use and never rewritten: losing the OPRF key orphans every
 * account, so operators back it up separately from (and never together with) the database.
 */
final class KeyFiles {
  private KeyFiles() {}

  /** Reads the 32-byte key at {@code file}, creating it with fresh random bytes if absent. */
  static byte[] loadOrCreate(Path file, SecureRandom random) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      if (!Files.exists(file)) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
          Files.write(file, key, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
          restrict(file);
        } catch (FileAlreadyExistsException raced) {
          // Another process created it first; use theirs.
        }
      }
    } catch (IOException e) {
      throw new ConfigException("cannot create the key file " + file + ": " + e.getMessage());
    }
    return load(file);
  }

  /** Reads the 32-byte key at {@code file}. */
  static byte[] load(Path file) {
    try {
      byte[] key = Files.readAllBytes(file);
      if (key.length != 32) {
        throw new ConfigException("the key file " + file + " must hold exactly 32 bytes");
      }
      return key;
    } catch (IOException e) {
      throw new ConfigException("cannot read the key file " + file + ": " + e.getMessage());
    }
  }

  static void restrict(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the operator secures the data folder.
    }
  }
}
