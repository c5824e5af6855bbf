package org.nubo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.cli.demo.Await;
import org.nubo.cli.demo.DemoWorld;
import org.nubo.cli.demo.SimulatedPhone;
import org.nubo.client.NuboEvent;
import org.nubo.client.OutgoingMessage;

/**
 * A contact wipes their phone and installs Nubo again: same number, new identity. The next message
 * to them must not silently fail to decrypt, nor silently go to the new key: the server says the
 * session is stale, the sender's phone fetches the new bundle, its user sees the safety number
 * change, and until they accept it the message goes by SMS. On a real server, carrier and SDK.
 */
class ReinstallTest {
  // Bob's phone looks up a stranger's token (an OPRF round trip) before it acks: 5 s leaves that
  // room on a slow machine.
  private static final Duration WINDOW = Duration.ofSeconds(5);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void theSenderLearnsOfTheNewIdentityOnItsNextMessageAndNothingIsShownTwice() throws Exception {
    try (DemoWorld world = DemoWorld.start(dir, WINDOW)) {
      SimulatedPhone alice = world.addPhone(new DemoWorld.PhoneSpec("Alice", "+14155550111"));
      SimulatedPhone bob = world.addPhone(new DemoWorld.PhoneSpec("Bob", "+14155550112"));
      alice.turnMessagingOn(PATIENCE);
      bob.turnMessagingOn(PATIENCE);
      alice.client().addContact("Bob", bob.number());
      Await.until("Bob connected", PATIENCE, () -> bob.client().isConnected());
      assertThat(finalState(alice, alice.client().send(bob.number(), "before")))
          .isEqualTo(OutgoingMessage.State.DELIVERED_IP);
      String before = alice.client().safetyNumber(bob.number()).orElseThrow();

      SimulatedPhone bob2 = world.reinstall(bob);
      bob2.turnMessagingOn(PATIENCE);
      Await.until("Bob's new install connected", PATIENCE, () -> bob2.client().isConnected());

      OutgoingMessage held = alice.client().send(bob2.number(), "after the reinstall");
      assertThat(finalState(alice, held)).isEqualTo(OutgoingMessage.State.SENT_SMS);
      assertThat(alice.events()).contains(new NuboEvent.SafetyNumberChanged(bob2.number()));
      assertThat(alice.client().safetyNumber(bob2.number())).isPresent().get().isNotEqualTo(before);
      Await.until(
          "Bob's new install to show the SMS",
          PATIENCE,
          () -> bob2.client().inbox().stream().anyMatch(m -> m.text().equals(held.text())));

      alice.client().acceptSafetyNumber(bob2.number());
      OutgoingMessage accepted = alice.client().send(bob2.number(), "accepted");
      assertThat(finalState(alice, accepted)).isEqualTo(OutgoingMessage.State.DELIVERED_IP);
      Await.until(
          "Bob's new install to show the accepted message",
          PATIENCE,
          () -> bob2.client().inbox().stream().anyMatch(m -> m.text().equals("accepted")));
      // A duplicate could only come from a late decision or SMS: give it one window to appear.
      Thread.sleep(WINDOW.toMillis());
      assertThat(bob2.client().inbox())
          .extracting(m -> m.text())
          .containsExactly("after the reinstall", "accepted");
    }
  }

  private static OutgoingMessage.State finalState(SimulatedPhone phone, OutgoingMessage sent) {
    return Await.until(
            "message " + sent.id() + " to reach a final state",
            PATIENCE,
            () ->
                phone.client().outbox().stream()
                    .filter(m -> m.id() == sent.id() && m.isFinal())
                    .findFirst())
        .state();
  }
}
