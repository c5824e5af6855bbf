package org.nubo.cli.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.nubo.carrier.CarrierStats;
import org.nubo.client.InboxMessage;
import org.nubo.client.OutgoingMessage;
import org.nubo.client.Reachability;
import org.nubo.client.Via;

/**
 * The scripted tour of {@code nubo demo --tour}: the seed scenarios of Cloud Messaging, each
 * printed step by step with its outcome, and checked, so a failed promise shows as FAIL.
 */
public final class Tour {
  /** One scenario's result. */
  public record Result(String scenario, boolean passed, String outcome) {}

  private final DemoWorld world;
  private final Consumer<String> out;
  private final BooleanSupplier stopRequested;
  private final Duration patience;

  public Tour(DemoWorld world, Consumer<String> out) {
    this(world, out, () -> false);
  }

  /** A tour that runs no further scenario once {@code stopRequested} says so (a Ctrl+C). */
  public Tour(DemoWorld world, Consumer<String> out, BooleanSupplier stopRequested) {
    this.world = world;
    this.out = out;
    this.stopRequested = stopRequested;
    this.patience = world.deliveryWindow().plusSeconds(15);
  }

  /** A scenario's title and its steps. */
  private record Scenario(String title, Step step) {}

  /** Runs every scenario against phones 0 (sender), 1 and 2, all with messaging on. */
  public List<Result> run() {
    SimulatedPhone alice = world.phones().get(0);
    SimulatedPhone bob = world.phones().get(1);
    SimulatedPhone carol = world.phones().get(2);
    List<Scenario> scenarios =
        List.of(
            new Scenario("1. Both online: the message goes over IP", () -> bothOnline(alice, bob)),
            new Scenario(
                "2. Recipient turns messaging off: gray, and the message goes by SMS",
                () -> recipientTurnsOff(alice, bob)),
            new Scenario(
                "3. Recipient offline: gray, and the message goes by SMS",
                () -> recipientOffline(alice, carol)),
            new Scenario(
                "4. Recipient's connection drops mid-delivery: shown exactly once",
                () -> dropsMidDelivery(alice, carol)));
    List<Result> results = new ArrayList<>();
    boolean stopped = false;
    for (Scenario next : scenarios) {
      if (stopped || stopRequested.getAsBoolean()) {
        if (!stopped) {
          out.accept("");
          out.accept("Stopped: the scenarios from here on are not run.");
          stopped = true;
        }
        results.add(new Result(next.title(), false, "not run: the tour was stopped"));
      } else {
        results.add(scenario(next.title(), next.step()));
      }
    }
    CarrierStats stats = world.carrier().stats();
    long overIp =
        world.phones().stream()
            .flatMap(p -> p.client().outbox().stream())
            .filter(m -> m.state() == OutgoingMessage.State.DELIVERED_IP)
            .count();
    out.accept("");
    out.accept(
        "Messages sent over IP instead of SMS: "
            + overIp
            + "   SMS through the carrier: "
            + stats.submitted()
            + " (verification codes included)");
    long passed = results.stream().filter(Result::passed).count();
    out.accept("Tour: " + passed + " of " + results.size() + " scenarios passed");
    return results;
  }

  private Result scenario(String title, Step step) {
    out.accept("");
    out.accept("== " + title);
    try {
      String outcome = step.run();
      out.accept("   PASS  " + outcome);
      return new Result(title, true, outcome);
    } catch (Exception | AssertionError e) {
      out.accept("   FAIL  " + e.getMessage());
      return new Result(title, false, String.valueOf(e.getMessage()));
    }
  }

  private String bothOnline(SimulatedPhone alice, SimulatedPhone bob) throws Exception {
    Reachability seen = look(alice, bob);
    check(seen == Reachability.BLUE, "expected " + bob.name() + " blue, saw " + seen);
    OutgoingMessage sent = send(alice, bob, "Lunch at noon?");
    check(
        sent.state() == OutgoingMessage.State.DELIVERED_IP,
        "expected delivery over IP, got " + sent.state());
    InboxMessage got = received(bob, "Lunch at noon?");
    check(got.via() == Via.IP, "expected it to arrive over IP, it came by " + got.via());
    return "delivered over IP, shown once on " + bob.name() + "'s phone";
  }

  private String recipientTurnsOff(SimulatedPhone alice, SimulatedPhone bob) throws Exception {
    step(bob.name() + " turns Cloud Messaging off");
    bob.turnMessagingOff();
    Reachability seen = look(alice, bob);
    check(seen == Reachability.GRAY, "expected gray, saw " + seen);
    OutgoingMessage sent = send(alice, bob, "Are you there?");
    check(sent.state() == OutgoingMessage.State.SENT_SMS, "expected an SMS, got " + sent.state());
    InboxMessage got = received(bob, "Are you there?");
    check(got.via() == Via.SMS, "expected it to arrive by SMS, it came by " + got.via());
    return "gray, then sent as SMS and shown once";
  }

  private String recipientOffline(SimulatedPhone alice, SimulatedPhone carol) throws Exception {
    step(carol.name() + "'s phone loses its data connection (the SIM still works)");
    carol.link().set(NetworkLink.State.DOWN);
    Await.until(carol.name() + " to notice", patience, () -> !carol.client().isConnected());
    Reachability seen = look(alice, carol);
    check(seen == Reachability.GRAY, "expected gray, saw " + seen);
    OutgoingMessage sent = send(alice, carol, "Call me when you land");
    check(sent.state() == OutgoingMessage.State.SENT_SMS, "expected an SMS, got " + sent.state());
    InboxMessage got = received(carol, "Call me when you land");
    check(got.via() == Via.SMS, "expected it to arrive by SMS, it came by " + got.via());
    carol.link().set(NetworkLink.State.UP);
    Await.until(carol.name() + " to reconnect", patience, () -> carol.client().isConnected());
    return "gray, then sent as SMS and shown once";
  }

  private String dropsMidDelivery(SimulatedPhone alice, SimulatedPhone carol) throws Exception {
    step(carol.name() + "'s uplink dies: frames reach her phone, her acknowledgements do not");
    carol.link().set(NetworkLink.State.UPLINK_LOST);
    String text = "Gate B12, boarding now";
    OutgoingMessage sent = send(alice, carol, text);
    step("the server decided at the window's end; " + alice.name() + "'s phone: " + sent.state());
    received(carol, text);
    step(carol.name() + "'s connection is cut and comes back");
    carol.link().cutAll();
    carol.link().set(NetworkLink.State.UP);
    Await.until(carol.name() + " to reconnect", patience, () -> carol.client().isConnected());
    // Give a duplicate every chance to appear: the reconnect resolves what the phone held.
    TimeUnit.MILLISECONDS.sleep(world.deliveryWindow().toMillis() + 500);
    long copies = carol.client().inbox().stream().filter(m -> m.text().equals(text)).count();
    check(copies == 1, "expected the message shown once, it was shown " + copies + " times");
    return "sent as " + sent.via() + ", shown exactly once";
  }

  private Reachability look(SimulatedPhone who, SimulatedPhone contact) throws Exception {
    Reachability seen =
        who.client()
            .checkReachability(contact.number())
            .get(patience.toMillis(), TimeUnit.MILLISECONDS);
    step(
        who.name()
            + " opens "
            + contact.name()
            + ": "
            + (seen == Reachability.BLUE ? "blue (online)" : "gray"));
    return seen;
  }

  private OutgoingMessage send(SimulatedPhone from, SimulatedPhone to, String text) {
    OutgoingMessage queued = from.client().send(to.number(), text);
    step(from.name() + " sends \"" + text + "\" to " + to.name());
    OutgoingMessage done =
        Await.until(
            "a final state for the message",
            patience,
            () ->
                from.client().outbox().stream()
                    .filter(m -> m.id() == queued.id() && m.isFinal())
                    .findFirst());
    step(from.name() + "'s phone shows: " + describe(done));
    return done;
  }

  private InboxMessage received(SimulatedPhone who, String text) {
    InboxMessage got =
        Await.until(
            who.name() + " to show \"" + text + "\"",
            patience,
            () -> who.client().inbox().stream().filter(m -> m.text().equals(text)).findFirst());
    step(who.name() + "'s phone shows it, arrived via " + got.via());
    return got;
  }

  private static String describe(OutgoingMessage message) {
    return switch (message.state()) {
      case DELIVERED_IP -> "delivered over IP (free)";
      case SENT_SMS -> "sent as SMS";
      case FAILED -> "failed";
      default -> message.state().toString();
    };
  }

  private void step(String text) {
    out.accept("   - " + text);
  }

  private static void check(boolean condition, String failure) {
    if (!condition) {
      throw new AssertionError(failure);
    }
  }

  /** A scenario body: returns a one-line outcome or throws. */
  @FunctionalInterface
  private interface Step {
    String run() throws Exception;
  }
}
