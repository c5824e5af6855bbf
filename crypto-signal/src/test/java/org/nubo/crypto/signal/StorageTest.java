package org.nubo.crypto.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class StorageTest {
  private final TestClock clock = new TestClock(1_800_000_000_000L);

  /** Records every document written, and checks its name as the port promises. */
  private static final class Recording implements SignalStateStore {
    final Map<String, byte[]> documents = new ConcurrentHashMap<>();

    @Override
    public Optional<byte[]> read(String name) {
      return Optional.ofNullable(documents.get(name)).map(byte[]::clone);
    }

    @Override
    public void write(String name, byte[] document) {
      assertThat(name).matches(NAME);
      documents.put(name, document.clone());
    }

    @Override
    public void delete(String name) {
      documents.remove(name);
    }
  }

  @Test
  void documentNamesAreTheThreeKindsOf0004() throws Exception {
    CertificateAuthority authority = CertificateAuthority.generate();
    TestPhone alice = new TestPhone(authority, clock);
    Recording recording = new Recording();
    SignalDevice bobDevice = SignalDevice.open(recording, clock);
    TestPhone bob = new TestPhone(authority, clock);
    bob.device = bobDevice;
    bob.sealer = new Sealer(bobDevice, java.util.List.of(authority.rootPublicKey()));
    bob.certificate = bob.certify();

    bob.receive(alice.send(bob, "hello"));

    assertThat(recording.documents.keySet())
        .containsExactlyInAnyOrder(
            "signal-identity", "signal-prekeys", PeerState.documentName(alice.token));
    assertThat(PeerState.documentName(alice.token)).matches("peer-[a-z2-7]{52}");
  }

  @Test
  void peerDocumentNamesAreDistinctBase32() {
    byte[] zeros = new byte[32];
    byte[] ones = new byte[32];
    java.util.Arrays.fill(ones, (byte) 0xff);

    assertThat(PeerState.documentName(org.nubo.protocol.AccountToken.of(zeros)))
        .isEqualTo("peer-" + "a".repeat(52));
    assertThat(PeerState.documentName(org.nubo.protocol.AccountToken.of(ones)))
        .isEqualTo("peer-" + "7".repeat(51) + "q");
  }

  @Test
  void aCorruptIdentityDocumentIsAStorageError() {
    SignalStateStore documents = SignalStateStore.inMemory();
    SignalDevice.open(documents, clock);
    byte[] identity = documents.read("signal-identity").orElseThrow();

    documents.write("signal-identity", java.util.Arrays.copyOf(identity, identity.length - 3));
    assertThatThrownBy(() -> SignalDevice.open(documents, clock))
        .isInstanceOf(SignalStorageException.class);

    identity[0] = 9;
    documents.write("signal-identity", identity);
    assertThatThrownBy(() -> SignalDevice.open(documents, clock))
        .isInstanceOf(SignalStorageException.class)
        .hasMessageContaining("version");
  }

  @Test
  void anIdentityWithoutItsPreKeysIsAStorageError() {
    SignalStateStore documents = SignalStateStore.inMemory();
    SignalDevice.open(documents, clock);
    documents.delete("signal-prekeys");

    assertThatThrownBy(() -> SignalDevice.open(documents, clock))
        .isInstanceOf(SignalStorageException.class);
  }

  @Test
  void aFailingStoreSurfacesAsAStorageErrorNotAsABadEnvelope() throws Exception {
    CertificateAuthority authority = CertificateAuthority.generate();
    TestPhone alice = new TestPhone(authority, clock);
    TestPhone bob = new TestPhone(authority, clock);
    byte[] envelope = alice.send(bob, "hello");
    SignalStateStore broken =
        new SignalStateStore() {
          @Override
          public Optional<byte[]> read(String name) {
            return bob.documents.read(name);
          }

          @Override
          public void write(String name, byte[] document) {
            throw new IllegalStateException("disk full");
          }

          @Override
          public void delete(String name) {}
        };
    Sealer sealer =
        new Sealer(SignalDevice.open(broken, clock), java.util.List.of(authority.rootPublicKey()));

    assertThatThrownBy(() -> sealer.unseal(envelope)).isInstanceOf(SignalStorageException.class);
  }
}
