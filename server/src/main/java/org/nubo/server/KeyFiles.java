package org.nubo.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Objects;

/**
 * Secret keys kept in files of their own, apart from the database, readable by the server's user
 * only. A key is created on first use and never rewritten: losing the OPRF key orphans every
 * account, so operators back it up separately from (and never together with) the database.
 *
 * <p>Every private file is created owner-only from its first byte (never created open and narrowed
 * afterwards), written, and forced to the disk before it is used; a write that fails removes the
 * file rather than leave part of a key behind.
 */
public final class KeyFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private KeyFiles() {}

  /** Reads the 32-byte key at {@code file}, creating it with fresh random bytes if absent. */
  static byte[] loadOrCreate(Path file, SecureRandom random) {
    try {
      createPrivateDirectories(folderOf(file));
      if (!Files.exists(file)) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
          writeNew(file, key);
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

  /**
   * Creates {@code file} readable and writable by its owner only, writes {@code content}, and
   * forces it to the disk, with its folder's entry.
   *
   * @throws FileAlreadyExistsException if the file exists (it is left alone)
   */
  public static void writeNew(Path file, byte[] content) throws IOException {
    EnumSet<StandardOpenOption> options =
        EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    FileAttribute<?>[] ownerOnly =
        POSIX
            ? new FileAttribute<?>[] {
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
            }
            : new FileAttribute<?>[0];
    boolean written = false;
    try (FileChannel channel = FileChannel.open(file, options, ownerOnly)) {
      try {
        ByteBuffer bytes = ByteBuffer.wrap(content);
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
        written = true;
      } finally {
        if (!written) {
          Files.deleteIfExists(file);
        }
      }
    }
    syncDirectory(folderOf(file));
  }

  /** The folder {@code file} is in (a file's absolute path always has one). */
  static Path folderOf(Path file) {
    return Objects.requireNonNull(file.toAbsolutePath().getParent(), "a file is in a folder");
  }

  /** Creates {@code dir} and any missing parents, new ones accessible to their owner only. */
  public static void createPrivateDirectories(Path dir) throws IOException {
    if (POSIX) {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  /**
   * Forces a folder's entries (a new, renamed or deleted file) to the disk, where the platform
   * allows it: Linux and macOS do; elsewhere the file's own force has to do.
   */
  static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException notSupported) {
      // A platform that cannot open a folder as a channel (Windows) syncs entries itself.
    }
  }

  /**
   * Refuses to change the files in {@code dir} as a user other than its owner: files written there
   * would belong to this user (root, under sudo), and the server, running as the owner, could no
   * longer read them.
   */
  static void requireOwnedByThisUser(Path dir) {
    try {
      UserPrincipal owner = Files.getOwner(dir);
      UserPrincipal me =
          dir.getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName(System.getProperty("user.name"));
      if (!owner.equals(me)) {
        throw new ConfigException(
            dir
                + " belongs to "
                + owner.getName()
                + ": run this as that user (for example sudo -u "
                + owner.getName()
                + " ./nubo keys ...), so that the server can still read the files it writes");
      }
    } catch (IOException | UnsupportedOperationException e) {
      // Ownership cannot be told here; the write itself will fail if it is not allowed.
    }
  }
}
