package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.crypto.oprf.Ristretto255;
import org.nubo.protocol.DirectoryFilter;
import org.nubo.protocol.DirectoryUpdate;

/**
 * The phone's discovery cache across restarts: the directory filter is stored as the server sent
 * it, and used again only when the stored state names that very filter.
 */
class DiscoveryTest {
  private static final StoredState.Account ME =
      new StoredState.Account(Harness.ME, "device-1", "secret", Harness.tokenOf(Harness.ME));

  @TempDir Path dir;

  private final Harness.FakeControl server = new Harness.FakeControl(Harness.ME, "root");

  @BeforeEach
  void aliceIsAUserBobIsNot() {
    server.users.put(Harness.ALICE, Harness.tokenOf(Harness.ALICE));
  }

  @Test
  void aRestartedPhoneKeepsItsFilterAndOnlyAsksWhetherItChanged() {
    List<String> book = List.of(Harness.ALICE, Harness.BOB);
    assertThat(discovery().discover(ME, book)).containsOnlyKeys(Harness.ALICE);
    assertThat(server.lastSince).as("the first download is whole").isEqualTo(-1);
    int evaluated = server.evaluated;

    Discovery restarted = discovery();
    assertThat(restarted.knownNonUser(Harness.BOB)).as("answered from the stored filter").isTrue();
    assertThat(restarted.discover(ME, book)).containsOnlyKeys(Harness.ALICE);

    assertThat(server.lastSince).as("asks from the version it has").isEqualTo(1);
    assertThat(server.lastEtag).isEqualTo("\"1\"");
    assertThat(server.evaluated).as("tokens are cached too").isEqualTo(evaluated);
  }

  @Test
  void aStoredFilterTheStateDoesNotNameIsDownloadedAgain() {
    List<String> book = List.of(Harness.ALICE, Harness.BOB);
    discovery().discover(ME, book);
    // As if the process ended after a newer filter was written but before the state naming it:
    // this one claims that nobody is a user.
    new FileClientStore(dir)
        .write(
            Discovery.FILTER_DOCUMENT,
            DirectoryUpdate.full(7, 7, DirectoryFilter.build(new long[0]), new long[0], new long[0])
                .encode());

    Discovery restarted = discovery();
    assertThat(restarted.knownNonUser(Harness.ALICE)).as("no filter is trusted").isFalse();
    assertThat(restarted.discover(ME, book)).containsOnlyKeys(Harness.ALICE);
    assertThat(server.lastSince).as("a whole download").isEqualTo(-1);
  }

  @Test
  void aFilterStoredInTheOldFormatIsDownloadedAgain() {
    List<String> book = List.of(Harness.ALICE, Harness.BOB);
    discovery().discover(ME, book);
    FileClientStore store = new FileClientStore(dir);
    byte[] stored = store.read(Discovery.FILTER_DOCUMENT).orElseThrow();
    store.write(Discovery.FILTER_DOCUMENT, DirectoryUpdate.decode(stored).filter().encode());

    assertThat(discovery().discover(ME, book)).containsOnlyKeys(Harness.ALICE);
    assertThat(server.lastSince).isEqualTo(-1);
  }

  @Test
  void aFailedEvaluationStillKeepsTheFilterDownloadedBesideIt() {
    server.evaluationFailure =
        new NetworkException("the Nubo server could not be reached", new IOException("reset"));
    assertThatThrownBy(() -> discovery().discover(ME, List.of(Harness.ALICE, Harness.BOB)))
        .isSameAs(server.evaluationFailure);
    server.evaluationFailure = null;

    Discovery restarted = discovery();
    assertThat(restarted.discover(ME, List.of(Harness.ALICE, Harness.BOB)))
        .containsOnlyKeys(Harness.ALICE);
    assertThat(server.lastSince).as("the stored filter is used, not downloaded again").isEqualTo(1);
  }

  private Discovery discovery() {
    return new Discovery(
        server,
        new FileClientStore(dir),
        Clock.systemUTC(),
        new SecureRandom(),
        NuboClient.objectMapper(),
        Harness.KEY.publicKey(),
        Ristretto255.pureJava());
  }
}
