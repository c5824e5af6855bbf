package org.nubo.sms.smpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nubo.carrier.CarrierConfig;
import org.nubo.carrier.CarrierSimulator;
import org.nubo.carrier.Eventually;
import org.nubo.carrier.GatewayAccount;
import org.nubo.carrier.Inbox;
import org.nubo.carrier.ReceivedSms;
import org.nubo.carrier.SimulatedSmsTransport;
import org.nubo.core.verification.SmsGatewayException;

class SmppSmsGatewayTest {
  private static final String ALICE = "+14155550101";
  private static final GatewayAccount NUBO = new GatewayAccount("nubo", "secret", "Nubo");
  private static final String CODE = "Your Nubo code is 482913";

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : opened.reversed()) {
      closeable.close();
    }
  }

  private <T extends AutoCloseable> T open(T closeable) {
    opened.add(closeable);
    return closeable;
  }

  private CarrierSimulator carrier(int port) {
    return open(new CarrierSimulator(CarrierConfig.loopback(port).withGateway(NUBO)).start());
  }

  private SimulatedSmsTransport phone(CarrierSimulator carrier, String number, Inbox inbox) {
    SimulatedSmsTransport phone = open(carrier.connectPhone(number, inbox));
    assertThat(phone.awaitBound(Duration.ofSeconds(10))).as("phone bound").isTrue();
    return phone;
  }

  private SmppSmsGateway gateway(CarrierSimulator carrier, String password) {
    return open(
        new SmppSmsGateway(
            SmppGatewayConfig.of(carrier.host(), carrier.port(), "nubo", password, "Nubo")));
  }

  @Test
  void aVerificationCodeReachesThePhoneFromTheSenderId() {
    CarrierSimulator carrier = carrier(0);
    Inbox inbox = new Inbox();
    phone(carrier, ALICE, inbox);

    gateway(carrier, "secret").send(ALICE, CODE);

    assertThat(inbox.next()).isEqualTo(new ReceivedSms("Nubo", CODE));
    assertThat(carrier.stats().of("Nubo").sent()).isEqualTo(1);
    assertThat(carrier.stats().of(ALICE).received()).isEqualTo(1);
  }

  @Test
  void longUnicodeTextsArriveIntact() {
    CarrierSimulator carrier = carrier(0);
    Inbox inbox = new Inbox();
    phone(carrier, ALICE, inbox);
    String text = "Code 482913 — Grüße 👋🏽 ".repeat(20).substring(0, 400);

    gateway(carrier, "secret").send(ALICE, text);

    assertThat(inbox.next().text()).isEqualTo(text);
  }

  @Test
  void aDownCarrierFailsFastWithoutNamingTheRecipientOrText() throws IOException {
    int freePort;
    try (ServerSocket probe = new ServerSocket(0)) {
      freePort = probe.getLocalPort();
    }
    SmppSmsGateway gateway =
        open(
            new SmppSmsGateway(
                SmppGatewayConfig.of("127.0.0.1", freePort, "nubo", "secret", "Nubo")
                    .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(1))));

    long started = System.nanoTime();
    assertThatThrownBy(() -> gateway.send(ALICE, CODE))
        .isInstanceOf(SmsGatewayException.class)
        .hasMessageContaining("could not connect to the carrier at 127.0.0.1:" + freePort)
        .message()
        .doesNotContain("4155550101", "482913");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void aWrongPasswordIsReportedAsSuch() {
    CarrierSimulator carrier = carrier(0);

    assertThatThrownBy(() -> gateway(carrier, "nope").send(ALICE, CODE))
        .isInstanceOf(SmsGatewayException.class)
        .hasMessageContaining("wrong password")
        .message()
        .doesNotContain("4155550101", "482913");
  }

  @Test
  void theGatewayBindsAgainAfterTheCarrierRestarts() {
    CarrierSimulator carrier = carrier(0);
    int port = carrier.port();
    Inbox inbox = new Inbox();
    SimulatedSmsTransport alice = phone(carrier, ALICE, inbox);
    SmppSmsGateway gateway = gateway(carrier, "secret");
    gateway.send(ALICE, "first");
    assertThat(inbox.next().text()).isEqualTo("first");
    // Until the phone's acknowledgement is in, the carrier would keep "first" for redelivery.
    Eventually.await("first acknowledged", () -> carrier.stats().delivered() == 1);

    carrier.close();
    Eventually.await("gateway notices the carrier is gone", () -> !gateway.isBound());
    // Else awaitBound below could still see the phone's link to the carrier that is gone.
    Eventually.await("phone notices the carrier is gone", () -> !alice.isBound());
    assertThatThrownBy(() -> gateway.send(ALICE, "while down"))
        .isInstanceOf(SmsGatewayException.class);
    carrier(port);
    assertThat(alice.awaitBound(Duration.ofSeconds(10))).isTrue();

    gateway.send(ALICE, "second");

    assertThat(inbox.next()).isEqualTo(new ReceivedSms("Nubo", "second"));
  }

  @Test
  void aClosedGatewayRefusesToSend() {
    CarrierSimulator carrier = carrier(0);
    SmppSmsGateway gateway = gateway(carrier, "secret");
    gateway.connect();
    assertThat(gateway.isBound()).isTrue();

    gateway.close();
    gateway.close();

    assertThat(gateway.isBound()).isFalse();
    assertThatThrownBy(() -> gateway.send(ALICE, CODE))
        .isInstanceOf(SmsGatewayException.class)
        .hasMessage("the SMS gateway is closed");
  }
}
