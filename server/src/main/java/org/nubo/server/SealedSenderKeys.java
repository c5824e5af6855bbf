package org.nubo.server;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.nubo.crypto.signal.CertificateAuthority;
import org.nubo.crypto.signal.SignalKeyException;

/**
 * The sealed-sender key files in the data folder's {@code keys/}, readable by the server's user
 * only: the trust root's private key, its public key, the signer's private key and the root-signed
 * signer certificate. Created together on first start; only {@code nubo keys rotate-signer}
 * replaces the signer and its certificate ({@link ServerKeys}). Devices pin the root's public key
 * (printed at start and published in {@code GET /v1/config}).
 *
 * <p>The root's private key may be moved offline once the server has started ({@code nubo keys
 * move-root}): the server then loads the root's public key instead. (Data folders made before the
 * public-key file existed get it at the next start that still has the private key.)
 */
final class SealedSenderKeys {
  static final String ROOT = "sealed-sender-root.key";
  static final String ROOT_PUBLIC = "sealed-sender-root.pub";
  static final String SIGNER = "sealed-sender-signer.key";
  static final String CERTIFICATE = "sealed-sender-signer.cert";

  private SealedSenderKeys() {}

  static CertificateAuthority loadOrCreate(Path keysDir) {
    Path root = keysDir.resolve(ROOT);
    Path rootPublic = keysDir.resolve(ROOT_PUBLIC);
    Path signer = keysDir.resolve(SIGNER);
    Path certificate = keysDir.resolve(CERTIFICATE);
    try {
      KeyFiles.createPrivateDirectories(keysDir.toAbsolutePath());
      if (Stream.of(root, rootPublic, signer, certificate).noneMatch(Files::exists)) {
        create(List.of(root, rootPublic, signer, certificate), CertificateAuthority.generate());
      }
    } catch (IOException e) {
      throw new ConfigException(
          "cannot create the sealed-sender keys in " + keysDir + ": " + e.getMessage());
    }
    return load(keysDir, true);
  }

  /**
   * Loads the key files without writing anything (for {@code nubo keys}), or, with {@code
   * writeMissingPublic}, writes the root's public key if a data folder from before that file lacks
   * it.
   */
  static CertificateAuthority load(Path keysDir, boolean writeMissingPublic) {
    Path root = keysDir.resolve(ROOT);
    Path rootPublic = keysDir.resolve(ROOT_PUBLIC);
    Path signer = keysDir.resolve(SIGNER);
    Path certificate = keysDir.resolve(CERTIFICATE);
    try {
      if (!Files.exists(signer)
          || !Files.exists(certificate)
          || (!Files.exists(root) && !Files.exists(rootPublic))) {
        throw new ConfigException(
            "the sealed-sender key files in "
                + keysDir
                + " are incomplete: "
                + SIGNER
                + " and "
                + CERTIFICATE
                + " are needed, with "
                + ROOT
                + " or "
                + ROOT_PUBLIC);
      }
      if (Files.exists(root)) {
        CertificateAuthority authority =
            CertificateAuthority.load(
                Files.readAllBytes(root),
                Files.readAllBytes(signer),
                Files.readAllBytes(certificate));
        if (!Files.exists(rootPublic)) {
          if (writeMissingPublic) {
            KeyFiles.writeNew(rootPublic, authority.rootPublicKey());
          }
        } else if (!Arrays.equals(Files.readAllBytes(rootPublic), authority.rootPublicKey())) {
          throw new ConfigException(
              ROOT_PUBLIC + " in " + keysDir + " is not the public key of " + ROOT);
        }
        return authority;
      }
      return CertificateAuthority.loadWithoutRoot(
          Files.readAllBytes(rootPublic),
          Files.readAllBytes(signer),
          Files.readAllBytes(certificate));
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read the sealed-sender keys in " + keysDir + ": " + e.getMessage());
    } catch (SignalKeyException e) {
      throw new ConfigException(
          "the sealed-sender key files in "
              + keysDir
              + " do not belong together or are damaged (if a signer rotation was interrupted,"
              + " run nubo keys rotate-signer again)");
    }
  }

  private static void create(List<Path> files, CertificateAuthority authority) throws IOException {
    byte[][] contents = {
      authority.rootPrivateKey(),
      authority.rootPublicKey(),
      authority.signerPrivateKey(),
      authority.serverCertificate()
    };
    try {
      for (int i = 0; i < files.size(); i++) {
        KeyFiles.writeNew(files.get(i), contents[i]);
      }
    } catch (FileAlreadyExistsException raced) {
      // Another process created them first; load theirs.
    }
  }
}
