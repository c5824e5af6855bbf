package org.nubo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.cli.demo.Await;
import org.nubo.cli.demo.DemoWorld;
import org.nubo.cli.demo.NetworkLink;
import org.nubo.cli.demo.SimulatedPhone;
import org.nubo.client.InboxMessage;
import org.nubo.client.OutgoingMessage;

/**
 * The server dies inside the delivery window, after the recipient's phone received the envelope but
 * before anyone decided. The sender hears nothing, falls back to SMS by itself, and the recipient
 * shows the message once, although it holds both the envelope and the SMS.
 */
class ServerCrashTest {
  private static final Duration WINDOW = Duration.ofSeconds(2);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void aCrashDuringTheWindowMeansSmsAndTheRecipientShowsItOnce() throws Exception {
    try (DemoWorld world = DemoWorld.start(dir, WINDOW)) {
      SimulatedPhone alice = world.addPhone(new DemoWorld.PhoneSpec("Alice", "+14155550101"));
      SimulatedPhone bob = world.addPhone(new DemoWorld.PhoneSpec("Bob", "+14155550102"));
      alice.turnMessagingOn(PATIENCE);
      bob.turnMessagingOn(PATIENCE);
      alice.client().addContact("Bob", bob.number());
      Await.until("Bob connected", PATIENCE, () -> bob.client().isConnected());

      // Bob receives frames but his acknowledgement never arrives, so the server cannot decide yet.
      bob.link().set(NetworkLink.State.UPLINK_LOST);
      OutgoingMessage sent =
          alice.client().send(bob.number(), "The server will not see this through");
      Await.until(
          "the message to be on its way over IP",
          PATIENCE,
          () ->
              alice.client().outbox().stream()
                  .anyMatch(
                      m -> m.id() == sent.id() && m.state() == OutgoingMessage.State.SENDING));
      world.killServer();

      OutgoingMessage done =
          Await.until(
              "Alice's phone to decide on its own",
              PATIENCE,
              () ->
                  alice.client().outbox().stream()
                      .filter(m -> m.id() == sent.id() && m.isFinal())
                      .findFirst());
      assertThat(done.state()).isEqualTo(OutgoingMessage.State.SENT_SMS);

      InboxMessage shown =
          Await.until(
              "Bob to show the message",
              PATIENCE,
              () ->
                  bob.client().inbox().stream()
                      .filter(m -> m.text().equals(sent.text()))
                      .findFirst());

      world.startServer();
      bob.link().set(NetworkLink.State.UP);
      bob.link().cutAll();
      Await.until(
          "Bob to reconnect to the restarted server", PATIENCE, () -> bob.client().isConnected());
      Await.until("Alice to reconnect", PATIENCE, () -> alice.client().isConnected());
      // Bob's phone now resolves the envelope it held; the answer must not make a second copy.
      Thread.sleep(WINDOW.plusSeconds(1).toMillis());

      assertThat(bob.client().inbox())
          .filteredOn(m -> m.text().equals(sent.text()))
          .containsExactly(shown);
    }
  }
}
