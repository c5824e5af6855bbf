package org.nubo.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.nubo.crypto.oprf.OprfServerKey;
import org.nubo.crypto.signal.CertificateAuthority;
import org.nubo.crypto.signal.SignalKeyException;
import org.nubo.server.tls.ServerIdentity;

/**
 * What an operator does with the server's keys ({@code nubo keys}): read what devices must pin,
 * certify a new sealed-sender signer, and move the sealed-sender root offline. It works on the
 * files in the data folder alone, so it runs beside a running server; a new signer is used from the
 * server's next start.
 *
 * <p>The three values devices pin, and why each matters, are in the README ("Keys"). The OPRF key
 * is never rotated here: a new OPRF key renames every account (docs/crypto/oprf.md).
 */
public final class ServerKeys {
  /** RFC 9497 DeriveKeyPair's info: a new key version gets a new seed file and a new info. */
  static final byte[] OPRF_KEY_INFO = "nubo-oprf-v1".getBytes(StandardCharsets.US_ASCII);

  static final String OPRF_SEED = "oprf.key";

  private ServerKeys() {}

  /** What devices pin, read from a data folder. */
  public record Pins(
      Optional<String> tlsKeyPin,
      String oprfPublicKey,
      String sealedSenderRoot,
      int signerKeyId,
      boolean rootKeyInDataFolder) {}

  /** The OPRF key, from its seed file in {@code keysDir}, made on first use. */
  static OprfServerKey oprfKey(Path keysDir, SecureRandom random) {
    return OprfServerKey.derive(
        KeyFiles.loadOrCreate(keysDir.resolve(OPRF_SEED), random), OPRF_KEY_INFO);
  }

  /** The OPRF public key as {@code GET /v1/config} and the SDK's builder write it. */
  static String publicText(OprfServerKey key) {
    return keyText(key.publicKey().toByteArray());
  }

  /**
   * The sealed-sender root's public key as {@code GET /v1/config} and the SDK's builder write it.
   */
  static String rootText(CertificateAuthority authority) {
    return keyText(authority.rootPublicKey());
  }

  private static String keyText(byte[] key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  /**
   * Reads the pins from {@code dataDir} without changing anything.
   *
   * @throws ConfigException if the server has not made its keys there yet, or they are damaged
   */
  public static Pins pins(Path dataDir) {
    Path keys = keysDir(dataDir);
    Path seed = keys.resolve(OPRF_SEED);
    if (!Files.exists(seed)) {
      throw new ConfigException(
          "there are no Nubo keys in "
              + dataDir.toAbsolutePath()
              + " yet. Is that the server's data folder? Give it with --data-dir, or the"
              + " server's settings with --config; a new server makes its keys at its first"
              + " start");
    }
    OprfServerKey oprf = OprfServerKey.derive(KeyFiles.load(seed), OPRF_KEY_INFO);
    CertificateAuthority authority = SealedSenderKeys.load(keys, false); // says what is missing
    Optional<String> tls =
        ServerIdentity.loadIfPresent(dataDir.resolve("tls")).map(id -> id.pin().text());
    return new Pins(
        tls,
        publicText(oprf),
        rootText(authority),
        authority.signerKeyId(),
        Files.exists(keys.resolve(SealedSenderKeys.ROOT)));
  }

  /**
   * Makes a new sealed-sender signer, certified by the root under the next key id, and replaces the
   * signer's two files with it. The root's private key comes from {@code rootKey}, or from the data
   * folder if null. Returns the new key id.
   *
   * <p>Sender certificates issued under the old signer stay valid until they expire (at most a
   * day), since devices check them against the root. A running server goes on issuing under the old
   * signer until it restarts.
   *
   * @throws ConfigException if the root key is missing or is not the root of these files
   */
  public static int rotateSigner(Path dataDir, @Nullable Path rootKey) {
    Path keys = keysDir(dataDir);
    Path root = rootKey != null ? rootKey : keys.resolve(SealedSenderKeys.ROOT);
    Path certificate = keys.resolve(SealedSenderKeys.CERTIFICATE);
    requireFile(certificate, "the signer certificate");
    KeyFiles.requireOwnedByThisUser(keys);
    if (!Files.exists(root)) {
      throw new ConfigException(
          rootKey != null
              ? "no root key at " + rootKey
              : "the root key is not in "
                  + keys
                  + " (it was moved offline): give its file with --root-key");
    }
    try {
      byte[] rootPrivate = Files.readAllBytes(root);
      CertificateAuthority next =
          CertificateAuthority.nextSigner(rootPrivate, Files.readAllBytes(certificate));
      Path rootPublic = keys.resolve(SealedSenderKeys.ROOT_PUBLIC);
      if (Files.exists(rootPublic)
          && !Arrays.equals(Files.readAllBytes(rootPublic), next.rootPublicKey())) {
        throw new ConfigException(
            root + " is not the root whose public key is in " + rootPublic + ", which devices pin");
      }
      // The certificate first: if the key cannot follow, the next run starts from the new
      // certificate's id and writes both again (nextSigner needs no signer key).
      replace(certificate, next.serverCertificate());
      replace(keys.resolve(SealedSenderKeys.SIGNER), next.signerPrivateKey());
      return next.signerKeyId();
    } catch (SignalKeyException e) {
      throw new ConfigException(
          root
              + " is not the root key that certified the signer in "
              + keys
              + ": "
              + e.getMessage());
    } catch (IOException e) {
      throw new ConfigException("cannot rotate the signer in " + keys + ": " + e.getMessage());
    }
  }

  /**
   * Moves the sealed-sender root's private key from the data folder to {@code destination} (for
   * removable or offline storage), after checking that the server can run without it: the root's
   * public key is beside the signer, and matches. The copy is forced to the disk and read back
   * before the original goes.
   *
   * @throws ConfigException if the key is not in the data folder, {@code destination} exists or is
   *     in the data folder (symbolic links followed), or the copy differs
   */
  public static void moveRootOffline(Path dataDir, Path destination) {
    Path keys = keysDir(dataDir);
    Path root = keys.resolve(SealedSenderKeys.ROOT);
    if (!Files.exists(root)) {
      throw new ConfigException("the root key is not in " + keys + "; it may be offline already");
    }
    if (Files.isDirectory(destination)) {
      throw new ConfigException(
          destination
              + " is a folder: give a new file's name, such as "
              + destination.resolve("nubo-root.key"));
    }
    if (Files.exists(destination)) {
      throw new ConfigException(destination + " exists already; nothing was moved");
    }
    if (!Files.exists(keys.resolve(SealedSenderKeys.ROOT_PUBLIC))) {
      throw new ConfigException(
          "the root's public key file is not in "
              + keys
              + " yet: start the server once (it writes it), then move the root key");
    }
    // Checks that root, its public key, the signer and its certificate belong together.
    SealedSenderKeys.load(keys, false);
    try {
      if (realLocation(destination).startsWith(dataDir.toRealPath())) {
        throw new ConfigException(
            "choose a place outside the data folder: moving the root key within it keeps it"
                + " online");
      }
      byte[] key = Files.readAllBytes(root);
      Path parent = destination.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      KeyFiles.writeNew(destination, key);
      if (!Arrays.equals(Files.readAllBytes(destination), key)) {
        throw new ConfigException(
            "the copy at " + destination + " differs from the key; the key stays in " + keys);
      }
      Files.delete(root);
      KeyFiles.syncDirectory(keys);
    } catch (IOException e) {
      throw new ConfigException(
          "cannot move the root key to " + destination + ": " + e.getMessage());
    }
  }

  /** Where {@code path} is, with every symbolic link resolved, even if its end does not exist. */
  private static Path realLocation(Path path) throws IOException {
    Path absolute = path.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing == null
        ? absolute
        : existing.toRealPath().resolve(existing.relativize(absolute));
  }

  private static Path keysDir(Path dataDir) {
    return dataDir.resolve("keys");
  }

  private static void requireFile(Path file, String what) {
    if (!Files.exists(file)) {
      throw new ConfigException(
          what + " is missing (" + file + "): has the server started with this data folder?");
    }
  }

  /**
   * Writes {@code content} beside {@code file}, owner-only and forced to the disk, then renames it
   * in, so {@code file} always holds either the old content or the new.
   */
  private static void replace(Path file, byte[] content) throws IOException {
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.deleteIfExists(next);
    KeyFiles.writeNew(next, content);
    try {
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING);
    }
    KeyFiles.syncDirectory(KeyFiles.folderOf(file));
  }
}
