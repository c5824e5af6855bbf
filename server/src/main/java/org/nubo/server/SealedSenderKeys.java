package org.nubo.server;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.nubo.crypto.signal.CertificateAuthority;
import org.nubo.crypto.signal.SignalKeyException;

/**
 * The sealed-sender key files in the data folder's {@code keys/}, readable by the server's user
 * only: the trust root's private key, the signer's private key and the root-signed signer
 * certificate. Created together on first start and never rewritten. Devices pin the root's public
 * key (printed at start and published in {@code GET /v1/config}); the root file can be moved
 * offline once the signer certificate exists, and a rotated root is added to the devices' list.
 */
final class SealedSenderKeys {
  static final String ROOT = "sealed-sender-root.key";
  static final String SIGNER = "sealed-sender-signer.key";
  static final String CERTIFICATE = "sealed-sender-signer.cert";

  private SealedSenderKeys() {}

  static CertificateAuthority loadOrCreate(Path keysDir) {
    Path root = keysDir.resolve(ROOT);
    Path signer = keysDir.resolve(SIGNER);
    Path certificate = keysDir.resolve(CERTIFICATE);
    List<Path> files = List.of(root, signer, certificate);
    try {
      Files.createDirectories(keysDir.toAbsolutePath());
      long present = files.stream().filter(Files::exists).count();
      if (present == 0) {
        create(files, CertificateAuthority.generate());
      } else if (present < files.size()) {
        throw new ConfigException(
            "the sealed-sender key files in "
                + keysDir
                + " are incomplete: restore "
                + ROOT
                + ", "
                + SIGNER
                + " and "
                + CERTIFICATE
                + " together");
      }
      return CertificateAuthority.load(
          Files.readAllBytes(root), Files.readAllBytes(signer), Files.readAllBytes(certificate));
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read or create the sealed-sender keys in " + keysDir + ": " + e.getMessage());
    } catch (SignalKeyException e) {
      throw new ConfigException(
          "the sealed-sender key files in " + keysDir + " do not belong together or are damaged");
    }
  }

  private static void create(List<Path> files, CertificateAuthority authority) throws IOException {
    byte[][] contents = {
      authority.rootPrivateKey(), authority.signerPrivateKey(), authority.serverCertificate()
    };
    try {
      for (int i = 0; i < files.size(); i++) {
        Path file = files.get(i);
        Files.write(file, contents[i], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        KeyFiles.restrict(file);
      }
    } catch (FileAlreadyExistsException raced) {
      // Another process created them first; load theirs.
    }
  }
}
