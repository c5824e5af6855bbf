package org.nubo.carrier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.util.DefaultComposer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nubo.client.SmsFailedException;
import org.nubo.smpp.SmppSubmit;
import org.nubo.smpp.SmsText;

class CarrierSimulatorTest {
  private static final String ALICE = "+14155550101";
  private static final String BOB = "+14155550102";
  private static final String CAROL = "+442079460123";
  private static final GatewayAccount NUBO = new GatewayAccount("nubo", "secret", "Nubo");

  private final List<AutoCloseable> opened = new ArrayList<>();
  private CarrierSimulator carrier = CarrierSimulator.startOnLoopback(NUBO);

  @BeforeEach
  void trackCarrier() {
    opened.add(carrier);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : opened.reversed()) {
      closeable.close();
    }
  }

  private SimulatedSmsTransport phone(String number, Inbox inbox) {
    SimulatedSmsTransport phone = carrier.connectPhone(number, inbox);
    opened.add(phone);
    assertThat(phone.awaitBound(Duration.ofSeconds(10))).as("phone bound").isTrue();
    return phone;
  }

  @Test
  void smsFromOnePhoneReachesTheOtherFromTheSendersNumber() {
    SimulatedSmsTransport alice = phone(ALICE, new Inbox());
    Inbox bobInbox = new Inbox();
    phone(BOB, bobInbox);

    alice.send(BOB, "See you at 8");

    assertThat(bobInbox.next()).isEqualTo(new ReceivedSms(ALICE, "See you at 8"));
  }

  @Test
  void smsToAnOfflinePhoneIsStoredAndForwardedInOrderWhenItBinds() {
    SimulatedSmsTransport alice = phone(ALICE, new Inbox());
    for (int i = 1; i <= 3; i++) {
      alice.send(BOB, "message " + i);
    }
    Eventually.await("three SMS stored", () -> carrier.stats().stored() == 3);

    Inbox bobInbox = new Inbox();
    phone(BOB, bobInbox);

    assertThat(List.of(bobInbox.next(), bobInbox.next(), bobInbox.next()))
        .extracting(ReceivedSms::text)
        .containsExactly("message 1", "message 2", "message 3");
    Eventually.await("store emptied", () -> carrier.stats().stored() == 0);
  }

  @Test
  void unicodeAndLongTextsArriveIntact() {
    SimulatedSmsTransport alice = phone(ALICE, new Inbox());
    Inbox bobInbox = new Inbox();
    phone(BOB, bobInbox);
    String longAscii = "All good. ".repeat(40);
    String longEmoji = "Grüße aus Zürich 👋🏽 — ça va? ".repeat(14).substring(0, 400);
    String gsmLookalikes = "Mail me@example.com, costs $5 [ok] {x} ~_^|\\`";
    String tagged = "See you at 8\n#N10123456789ABC";

    for (String text : List.of(longAscii, longEmoji, gsmLookalikes, tagged, "")) {
      alice.send(BOB, text);
    }

    assertThat(longAscii).hasSize(400);
    assertThat(longEmoji).hasSize(400);
    assertThat(List.of(bobInbox.next(), bobInbox.next(), bobInbox.next(), bobInbox.next()))
        .extracting(ReceivedSms::text)
        .containsExactly(longAscii, longEmoji, gsmLookalikes, tagged);
    assertThat(bobInbox.next().text()).isEmpty();
  }

  @Test
  void gatewaySmsArrivesFromItsSenderId() throws Exception {
    Inbox aliceInbox = new Inbox();
    phone(ALICE, aliceInbox);
    SMPPSession gateway = new SMPPSession();
    try {
      gateway.connectAndBind(
          carrier.host(), carrier.port(), bind(BindType.BIND_TX, "nubo", "secret"));
      SmppSubmit.send(gateway, "Spoofed", ALICE, SmsText.encode("Your Nubo code is 123456"));
    } finally {
      gateway.unbindAndClose();
    }

    assertThat(aliceInbox.next()).isEqualTo(new ReceivedSms("Nubo", "Your Nubo code is 123456"));
    assertThat(carrier.stats().of("Nubo").sent()).isEqualTo(1);
  }

  @Test
  void aPhoneWithTheWrongPasswordIsRefusedWithInvalidPassword() {
    assertThat(bindStatus(BindType.BIND_TRX, ALICE, "wrong")).isEqualTo(0x0E);
    assertThat(bindStatus(BindType.BIND_TX, "nubo", "wrong")).isEqualTo(0x0E);
    assertThat(bindStatus(BindType.BIND_TX, "stranger", "secret")).isEqualTo(0x0F);

    SimulatedSmsTransport intruder =
        new SimulatedSmsTransport(
            PhoneConfig.of(carrier.host(), carrier.port(), ALICE).withPassword("wrong"), sms -> {});
    opened.add(intruder);
    assertThat(intruder.awaitBound(Duration.ofMillis(500))).isFalse();
    assertThat(carrier.isOnline(ALICE)).isFalse();
  }

  @Test
  void statsCountSmsPerNumberAndInTotal() {
    Inbox aliceInbox = new Inbox();
    SimulatedSmsTransport alice = phone(ALICE, aliceInbox);
    Inbox bobInbox = new Inbox();
    SimulatedSmsTransport bob = phone(BOB, bobInbox);

    alice.send(BOB, "one");
    alice.send(BOB, "x".repeat(200)); // two segments
    bob.send(ALICE, "three");
    alice.send(CAROL, "stored for an offline phone");
    bobInbox.next();
    bobInbox.next();
    aliceInbox.next();
    // A delivery is counted, then taken off the store: wait for both.
    Eventually.await(
        "three delivered and one stored",
        () -> carrier.stats().delivered() == 3 && carrier.stats().stored() == 1);

    CarrierStats stats = carrier.stats();
    assertThat(stats.submitted()).isEqualTo(4);
    assertThat(stats.delivered()).isEqualTo(3);
    assertThat(stats.segments()).isEqualTo(5);
    assertThat(stats.stored()).isEqualTo(1);
    assertThat(stats.numbers())
        .containsExactly(new NumberStats(ALICE, 3, 1), new NumberStats(BOB, 1, 2));
    assertThat(stats.of(CAROL)).isEqualTo(new NumberStats(CAROL, 0, 0));
  }

  @Test
  void listenersSeeEachSmsSubmittedThenDelivered() {
    List<SmsEvent> events = new CopyOnWriteArrayList<>();
    carrier.addListener(events::add);
    SimulatedSmsTransport alice = phone(ALICE, new Inbox());
    Inbox bobInbox = new Inbox();
    phone(BOB, bobInbox);

    alice.send(BOB, "hello");
    bobInbox.next();
    Eventually.await("two events", () -> events.size() == 2);

    assertThat(events)
        .extracting(SmsEvent::stage, SmsEvent::from, SmsEvent::to, SmsEvent::text)
        .containsExactly(
            tuple(SmsEvent.Stage.SUBMITTED, ALICE, BOB, "hello"),
            tuple(SmsEvent.Stage.DELIVERED, ALICE, BOB, "hello"));
  }

  @Test
  void theStoreForAnOfflinePhoneIsBounded() {
    carrier.close();
    carrier = new CarrierSimulator(CarrierConfig.loopback(0).withStoreBounds(2, 10)).start();
    opened.add(carrier);
    SimulatedSmsTransport alice = phone(ALICE, new Inbox());

    alice.send(BOB, "one");
    alice.send(BOB, "two");

    assertThatThrownBy(() -> alice.send(BOB, "three"))
        .isInstanceOf(SmsFailedException.class)
        .hasMessageContaining("0x14");
  }

  @Test
  void aPhoneBindsAgainAfterTheCarrierRestartsOnTheSamePort() {
    SimulatedSmsTransport alice = phone(ALICE, new Inbox());
    int port = carrier.port();

    carrier.close();
    Eventually.await("alice notices the carrier is gone", () -> !alice.isBound());
    SimulatedSmsTransport carol =
        new SimulatedSmsTransport(
            PhoneConfig.of(carrier.host(), port, CAROL).withTimeout(Duration.ofMillis(300)),
            sms -> {});
    opened.add(carol);
    assertThatThrownBy(() -> carol.send(ALICE, "nobody listens"))
        .isInstanceOf(SmsFailedException.class)
        .hasMessage("the phone has no link to the carrier");

    carrier = new CarrierSimulator(CarrierConfig.loopback(port)).start();
    opened.add(carrier);
    assertThat(alice.awaitBound(Duration.ofSeconds(10))).isTrue();
    Inbox bobInbox = new Inbox();
    phone(BOB, bobInbox);

    alice.send(BOB, "back online");

    assertThat(bobInbox.next()).isEqualTo(new ReceivedSms(ALICE, "back online"));
  }

  @Test
  void aConnectionAcceptedBeforeTheStopCannotBindAfterIt() throws Exception {
    try (Socket socket = new Socket(carrier.host(), carrier.port())) {
      socket.setSoTimeout(10_000);
      Eventually.await("the carrier accepted the connection", () -> carrier.openConnections() == 1);

      carrier.stop();
      byte[] bind =
          new DefaultComposer()
              .bind(
                  SMPPConstant.CID_BIND_TRANSMITTER,
                  1,
                  NUBO.systemId(),
                  NUBO.password(),
                  "test",
                  InterfaceVersion.IF_34.value(),
                  (byte) 0,
                  (byte) 0,
                  null);
      try {
        socket.getOutputStream().write(bind);
      } catch (IOException closedAlready) {
        // The stop closed the connection before the bind went out: as good as a refusal.
      }

      assertThat(readUntilClosed(socket)).as("what the stopped carrier answered").isEmpty();
      assertThat(carrier.openConnections()).isZero();
    }
  }

  @Test
  void stopAndStartAreSafeToRepeatAndKeepThePort() {
    int port = carrier.port();
    carrier.start();
    carrier.stop();
    carrier.stop();
    assertThat(carrier.isRunning()).isFalse();

    carrier.start();

    assertThat(carrier.isRunning()).isTrue();
    assertThat(carrier.port()).isEqualTo(port);
    assertThat(phone(ALICE, new Inbox()).isBound()).isTrue();
  }

  private int bindStatus(BindType type, String systemId, String password) {
    SMPPSession session = new SMPPSession();
    try {
      session.connectAndBind(carrier.host(), carrier.port(), bind(type, systemId, password), 5_000);
      session.unbindAndClose();
      return 0;
    } catch (IOException e) {
      assertThat(e.getCause()).isInstanceOf(NegativeResponseException.class);
      return ((NegativeResponseException) e.getCause()).getCommandStatus();
    }
  }

  /** The bytes the peer sends until it closes or resets the connection, or the read times out. */
  private static byte[] readUntilClosed(Socket socket) {
    ByteArrayOutputStream read = new ByteArrayOutputStream();
    byte[] buffer = new byte[256];
    try {
      for (int n; (n = socket.getInputStream().read(buffer)) != -1; ) {
        read.write(buffer, 0, n);
      }
    } catch (IOException closedOrTimedOut) {
      // A reset ends the stream as an orderly close does; a timeout means the peer kept it open.
    }
    return read.toByteArray();
  }

  private static BindParameter bind(BindType type, String systemId, String password) {
    return new BindParameter(
        type,
        systemId,
        password,
        "test",
        TypeOfNumber.UNKNOWN,
        NumberingPlanIndicator.UNKNOWN,
        null);
  }
}
