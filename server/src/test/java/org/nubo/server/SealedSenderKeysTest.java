package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.crypto.signal.CertificateAuthority;

/**
 * The sealed-sender key files: made once, loadable with the root's private key moved offline, and
 * refused with a clear message when what is left cannot work.
 */
class SealedSenderKeysTest {
  @TempDir Path keys;

  @Test
  void theRootsPrivateKeyCanBeMovedOffline() throws Exception {
    CertificateAuthority first = SealedSenderKeys.loadOrCreate(keys);
    assertThat(keys.resolve(SealedSenderKeys.ROOT_PUBLIC)).exists();

    Files.delete(keys.resolve(SealedSenderKeys.ROOT));
    CertificateAuthority offline = SealedSenderKeys.loadOrCreate(keys);

    // Devices pin the same root, and the signer is the same.
    assertThat(offline.rootPublicKey()).isEqualTo(first.rootPublicKey());
    assertThat(offline.serverCertificate()).isEqualTo(first.serverCertificate());
    assertThatThrownBy(offline::rootPrivateKey).isInstanceOf(IllegalStateException.class);
    assertThat(keys.resolve(SealedSenderKeys.ROOT)).doesNotExist(); // nothing was made anew
  }

  @Test
  void aFolderFromBeforeThePublicKeyFileGetsOne() throws Exception {
    CertificateAuthority first = SealedSenderKeys.loadOrCreate(keys);
    Files.delete(keys.resolve(SealedSenderKeys.ROOT_PUBLIC));

    SealedSenderKeys.loadOrCreate(keys);

    assertThat(Files.readAllBytes(keys.resolve(SealedSenderKeys.ROOT_PUBLIC)))
        .isEqualTo(first.rootPublicKey());
  }

  @Test
  void withNeitherRootFileTheErrorSaysWhatIsNeeded() {
    SealedSenderKeys.loadOrCreate(keys);
    keys.resolve(SealedSenderKeys.ROOT).toFile().delete();
    keys.resolve(SealedSenderKeys.ROOT_PUBLIC).toFile().delete();

    assertThatThrownBy(() -> SealedSenderKeys.loadOrCreate(keys))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(SealedSenderKeys.ROOT)
        .hasMessageContaining(SealedSenderKeys.ROOT_PUBLIC);
  }

  @Test
  void anotherRootsPublicKeyIsRefused() throws Exception {
    SealedSenderKeys.loadOrCreate(keys);
    byte[] stranger = CertificateAuthority.generate().rootPublicKey();
    Path rootPublic = keys.resolve(SealedSenderKeys.ROOT_PUBLIC);
    Files.delete(rootPublic);
    Files.write(rootPublic, stranger);

    // With the private key present, the mismatch is named.
    assertThatThrownBy(() -> SealedSenderKeys.loadOrCreate(keys))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not the public key of");

    // Without it, the signer's certificate does not check against that root.
    Files.delete(keys.resolve(SealedSenderKeys.ROOT));
    assertThatThrownBy(() -> SealedSenderKeys.loadOrCreate(keys))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("do not belong together");
  }
}
