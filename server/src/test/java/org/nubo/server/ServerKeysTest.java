package org.nubo.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.crypto.signal.CertificateAuthority;
import org.nubo.server.tls.ServerIdentity;
import org.signal.libsignal.metadata.certificate.CertificateValidator;
import org.signal.libsignal.metadata.certificate.SenderCertificate;
import org.signal.libsignal.protocol.ecc.ECPublicKey;

/**
 * {@code nubo keys} on a real server's data folder: the pins it reads are the ones the server
 * publishes, a rotated signer is used after a restart under the same root, the root can be moved
 * offline and brought back for a rotation, and every refusal leaves the files as they were.
 */
class ServerKeysTest {
  @TempDir Path dir;
  @TempDir Path elsewhere;

  @Test
  void thePinsAreTheOnesTheServerPublishesAndReadingThemChangesNothing() throws Exception {
    JsonNode config;
    try (TestServer test = new TestServer(dir)) {
      config = SignalBundles.JSON.readTree(test.call("GET", "/v1/config", "").body());
    }
    Map<Path, String> before = files();

    ServerKeys.Pins pins = ServerKeys.pins(dir);

    assertThat(pins.oprfPublicKey()).isEqualTo(config.path("oprfPublicKey").asText());
    assertThat(pins.sealedSenderRoot()).isEqualTo(config.path("sealedSenderRoot").asText());
    assertThat(pins.signerKeyId()).isEqualTo(1);
    assertThat(pins.rootKeyInDataFolder()).isTrue();
    assertThat(pins.tlsKeyPin()).as("the test server ran in plain HTTP").isEmpty();
    assertThat(files()).isEqualTo(before);

    ServerIdentity identity = ServerIdentity.loadOrCreate(dir.resolve("tls"), new SecureRandom());
    assertThat(ServerKeys.pins(dir).tlsKeyPin()).contains(identity.pin().text());
  }

  @Test
  void aRotatedSignerIssuesCertificatesUnderTheSameRootAfterARestart() throws Exception {
    SignalBundles bobKeys = new SignalBundles();
    TestServer.Device bob;
    SenderCertificate before;
    String root;
    try (TestServer test = new TestServer(dir)) {
      bob = test.register("+14155550102");
      test.call(
          "PUT",
          "/v1/keys",
          SignalBundles.json(bobKeys.upload(1, 1)),
          "Authorization",
          bob.basic());
      before = certificate(test, bob);
      root = ServerKeys.pins(dir).sealedSenderRoot();
    }

    assertThat(ServerKeys.rotateSigner(dir, null)).isEqualTo(2);

    try (TestServer test = new TestServer(dir)) {
      SenderCertificate after = certificate(test, bob);
      JsonNode config = SignalBundles.JSON.readTree(test.call("GET", "/v1/config", "").body());

      assertThat(config.path("sealedSenderRoot").asText()).isEqualTo(root);
      assertThat(before.getSigner().getKeyId()).isEqualTo(1);
      assertThat(after.getSigner().getKeyId()).isEqualTo(2);
      CertificateValidator devices =
          new CertificateValidator(new ECPublicKey(Base64.getUrlDecoder().decode(root)));
      devices.validate(before, System.currentTimeMillis());
      devices.validate(after, System.currentTimeMillis());
    }
    assertThat(ServerKeys.pins(dir).signerKeyId()).isEqualTo(2);
    for (String file : List.of(SealedSenderKeys.SIGNER, SealedSenderKeys.CERTIFICATE)) {
      assertThat(permissions(dir.resolve("keys").resolve(file))).as(file).isEqualTo("rw-------");
    }
    assertThat(permissions(dir.resolve("keys"))).isEqualTo("rwx------");
  }

  @Test
  void theRootMovedOfflineIsNeededOnlyToRotateTheSigner() throws Exception {
    new TestServer(dir).close();
    String root = ServerKeys.pins(dir).sealedSenderRoot();
    Path offline = elsewhere.resolve("usb").resolve("nubo-root.key");

    ServerKeys.moveRootOffline(dir, offline);

    assertThat(dir.resolve("keys").resolve(SealedSenderKeys.ROOT)).doesNotExist();
    assertThat(permissions(offline)).isEqualTo("rw-------");
    assertThat(ServerKeys.pins(dir).rootKeyInDataFolder()).isFalse();
    try (TestServer test = new TestServer(dir)) {
      assertThat(
              SignalBundles.JSON
                  .readTree(test.call("GET", "/v1/config", "").body())
                  .path("sealedSenderRoot")
                  .asText())
          .isEqualTo(root);
    }
    assertThatThrownBy(() -> ServerKeys.rotateSigner(dir, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--root-key");

    assertThat(ServerKeys.rotateSigner(dir, offline)).isEqualTo(2);
    assertThat(ServerKeys.pins(dir).sealedSenderRoot()).isEqualTo(root);
    assertThat(dir.resolve("keys").resolve(SealedSenderKeys.ROOT)).doesNotExist();
  }

  @Test
  void refusalsSayWhyAndLeaveTheFilesAsTheyWere() throws Exception {
    assertThatThrownBy(() -> ServerKeys.pins(dir))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no Nubo keys in");
    new TestServer(dir).close();
    Map<Path, String> before = files();
    Path taken = Files.write(elsewhere.resolve("taken.key"), new byte[] {1});
    Path stranger = elsewhere.resolve("stranger.key");
    Files.write(stranger, CertificateAuthority.generate().rootPrivateKey());

    assertThatThrownBy(() -> ServerKeys.moveRootOffline(dir, taken))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exists already");
    assertThatThrownBy(() -> ServerKeys.moveRootOffline(dir, dir.resolve("root-copy.key")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("outside the data folder");
    assertThatThrownBy(() -> ServerKeys.rotateSigner(dir, stranger))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not the root key that certified the signer");
    assertThatThrownBy(() -> ServerKeys.rotateSigner(dir, elsewhere.resolve("missing.key")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no root key at");
    assertThatThrownBy(() -> ServerKeys.moveRootOffline(dir, elsewhere))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is a folder: give a new file's name");
    Path link = Files.createSymbolicLink(elsewhere.resolve("looks-offline"), dir.resolve("keys"));
    assertThatThrownBy(() -> ServerKeys.moveRootOffline(dir, link.resolve("root-copy.key")))
        .as("a link back into the data folder")
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("outside the data folder");

    assertThat(files()).isEqualTo(before);
  }

  @Test
  void aRootThatDoesNotMatchThePinnedPublicKeyIsRefused() throws Exception {
    new TestServer(dir).close();
    Path rootPublic = dir.resolve("keys").resolve(SealedSenderKeys.ROOT_PUBLIC);
    Files.delete(rootPublic);
    Files.write(rootPublic, CertificateAuthority.generate().rootPublicKey());
    Map<Path, String> before = files();

    // Root and certificate belong together; the public key devices pin is another root's.
    assertThatThrownBy(() -> ServerKeys.rotateSigner(dir, null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("which devices pin");
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void showingTheKeysOfAnOlderFolderWritesNothing() throws Exception {
    new TestServer(dir).close();
    // Folders from before the root's public key file: the server writes it at its next start.
    Files.delete(dir.resolve("keys").resolve(SealedSenderKeys.ROOT_PUBLIC));
    Map<Path, String> before = files();

    ServerKeys.Pins pins = ServerKeys.pins(dir);

    assertThat(pins.rootKeyInDataFolder()).isTrue();
    assertThat(files()).isEqualTo(before);
    assertThatThrownBy(() -> ServerKeys.moveRootOffline(dir, elsewhere.resolve("root.key")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("start the server once");
    assertThat(files()).isEqualTo(before);
  }

  @Test
  void aRotationInterruptedHalfwayIsFinishedByRunningItAgain() throws Exception {
    new TestServer(dir).close();
    Path keys = dir.resolve("keys");
    // As if the new certificate was written and the new signer key was not.
    CertificateAuthority half =
        CertificateAuthority.nextSigner(
            Files.readAllBytes(keys.resolve(SealedSenderKeys.ROOT)),
            Files.readAllBytes(keys.resolve(SealedSenderKeys.CERTIFICATE)));
    Files.write(keys.resolve(SealedSenderKeys.CERTIFICATE), half.serverCertificate());
    assertThatThrownBy(() -> SealedSenderKeys.loadOrCreate(keys))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("run nubo keys rotate-signer again");

    assertThat(ServerKeys.rotateSigner(dir, null)).isEqualTo(3);

    assertThat(SealedSenderKeys.loadOrCreate(keys).signerKeyId()).isEqualTo(3);
    try (Stream<Path> left = Files.list(keys)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".next"));
    }
  }

  private static SenderCertificate certificate(TestServer test, TestServer.Device device)
      throws Exception {
    var response = test.call("GET", "/v1/certificate/sender", "", "Authorization", device.basic());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new SenderCertificate(
        Base64.getUrlDecoder()
            .decode(SignalBundles.JSON.readTree(response.body()).path("certificate").asText()));
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  /** Every key file's bytes (base64), by path. */
  private Map<Path, String> files() throws IOException {
    Map<Path, String> files = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir.resolve("keys"))) {
      for (Path file : all.filter(Files::isRegularFile).toList()) {
        files.put(file, Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
      }
    }
    return files;
  }
}
