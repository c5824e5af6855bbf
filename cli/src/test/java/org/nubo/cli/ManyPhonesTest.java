package org.nubo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.carrier.CarrierStats;
import org.nubo.cli.demo.Await;
import org.nubo.cli.demo.DemoWorld;
import org.nubo.cli.demo.SimulatedPhone;
import org.nubo.client.InboxMessage;
import org.nubo.client.OutgoingMessage;

/**
 * 1,000 messages among 10 phones while their connections are cut at random: every message ends
 * delivered over IP or sent as SMS, is shown exactly once to its recipient, and the IP and SMS
 * counts add up to the messages sent and to what the carrier carried.
 */
class ManyPhonesTest {
  private static final int PHONES = 10;
  private static final int MESSAGES = 1_000;
  private static final Duration PATIENCE = Duration.ofMinutes(2);

  @TempDir Path dir;

  @Test
  void everyMessageIsShownExactlyOnceDespiteRandomDrops() throws Exception {
    SplittableRandom random = new SplittableRandom(20261121);
    // A window that a slow machine's decrypt, store and ack fit in, so "most over IP" below
    // measures the drops and not the machine.
    try (DemoWorld world = DemoWorld.start(dir, Duration.ofSeconds(3))) {
      List<SimulatedPhone> phones = new ArrayList<>();
      for (int i = 0; i < PHONES; i++) {
        SimulatedPhone phone =
            world.addPhone(
                new DemoWorld.PhoneSpec("P" + i, String.format("+1415555%04d", 200 + i)));
        phone.turnMessagingOn(Duration.ofSeconds(30));
        phones.add(phone);
      }
      for (SimulatedPhone phone : phones) {
        for (SimulatedPhone other : phones) {
          if (other != phone) {
            phone.client().addContact(other.name(), other.number());
          }
        }
      }
      Await.until(
          "every phone connected",
          PATIENCE,
          () -> phones.stream().allMatch(p -> p.client().isConnected()));

      Map<String, SimulatedPhone> recipientOf = new HashMap<>();
      List<Long> ids = new ArrayList<>();
      Map<Long, SimulatedPhone> senderOf = new HashMap<>();
      for (int i = 0; i < MESSAGES; i++) {
        SimulatedPhone from = phones.get(random.nextInt(PHONES));
        SimulatedPhone to = phones.get(random.nextInt(PHONES));
        if (to == from) {
          to = phones.get((phones.indexOf(from) + 1) % PHONES);
        }
        String text = "message " + i;
        OutgoingMessage queued = from.client().send(to.number(), text);
        recipientOf.put(text, to);
        ids.add(queued.id());
        senderOf.put(queued.id(), from);
        if (i % 40 == 39) {
          phones.get(random.nextInt(PHONES)).link().cutAll();
        }
        if (i % 100 == 99) {
          // Spread the sends over a few seconds, so the cuts above land while messages are in
          // flight rather than after a single burst has already been decided.
          Thread.sleep(150);
        }
      }

      Await.until(
          "a final state for every message",
          PATIENCE,
          () ->
              ids.stream()
                  .allMatch(
                      id ->
                          senderOf.get(id).client().outbox().stream()
                              .anyMatch(m -> m.id() == id && m.isFinal())));
      List<OutgoingMessage> finals =
          phones.stream()
              .flatMap(p -> p.client().outbox().stream())
              .filter(m -> ids.contains(m.id()))
              .toList();
      long overIp =
          finals.stream().filter(m -> m.state() == OutgoingMessage.State.DELIVERED_IP).count();
      long bySms = finals.stream().filter(m -> m.state() == OutgoingMessage.State.SENT_SMS).count();
      assertThat(finals).hasSize(MESSAGES);
      assertThat(overIp + bySms).as("IP %d + SMS %d", overIp, bySms).isEqualTo(MESSAGES);

      Await.until(
          "every message shown",
          PATIENCE,
          () ->
              recipientOf.entrySet().stream()
                  .allMatch(
                      e ->
                          e.getValue().client().inbox().stream()
                              .anyMatch(m -> m.text().equals(e.getKey()))));
      // Late duplicates would arrive within a window of a reconnect; give them that chance.
      Thread.sleep(3_000);
      for (Map.Entry<String, SimulatedPhone> e : recipientOf.entrySet()) {
        List<InboxMessage> copies =
            e.getValue().client().inbox().stream()
                .filter(m -> m.text().equals(e.getKey()))
                .toList();
        assertThat(copies).as(e.getKey()).hasSize(1);
      }

      CarrierStats carrier = world.carrier().stats();
      long phoneSms = carrier.submitted() - carrier.of("Nubo").sent();
      assertThat(phoneSms).as("SMS the phones sent through the carrier").isEqualTo(bySms);
      assertThat(overIp)
          .as("most messages should still travel over IP")
          .isGreaterThan(MESSAGES / 2);
    }
  }
}
