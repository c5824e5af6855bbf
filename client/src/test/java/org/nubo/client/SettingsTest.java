package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private final Harness h = new Harness();

  @Test
  void everythingIsOffByDefault() {
    assertThat(h.engine.settings())
        .isEqualTo(new Settings(false, "", true, Set.of(), PresenceSharing.CONTACTS));
    assertThat(h.connector.opens).isZero();
  }

  @Test
  void confirmingTheCodeTurnsMessagingOnPersistsItAndConnects() {
    VerificationStarted started = h.engine.startVerification("(415) 555-0101");
    assertThat(started.number()).isEqualTo(Harness.ME);

    h.engine.confirmCode("123456");

    assertThat(h.engine.settings())
        .isEqualTo(new Settings(true, Harness.ME, true, Set.of(), PresenceSharing.CONTACTS));
    assertThat(h.connector.opens).isEqualTo(1);
    assertThat(h.eventsOf(NuboEvent.MessagingChanged.class))
        .containsExactly(new NuboEvent.MessagingChanged(true));
    h.restart();
    assertThat(h.engine.settings().messaging()).isTrue();
    assertThat(h.connector.opens).isEqualTo(2);
  }

  @Test
  void confirmWithoutAVerificationIsAClearError() {
    assertThatThrownBy(() -> h.engine.confirmCode("123456"))
        .isInstanceOf(NuboException.class)
        .extracting(e -> ((NuboException) e).code())
        .isEqualTo("no_session");
  }

  @Test
  void disablingMessagingTellsTheServerForgetsTheCredentialAndDisconnects() {
    h.register();
    h.connect();

    h.engine.disableMessaging();

    assertThat(h.control.disables).isEqualTo(1);
    assertThat(h.connector.closes).isEqualTo(1);
    assertThat(h.engine.settings())
        .isEqualTo(new Settings(false, "", true, Set.of(), PresenceSharing.CONTACTS));
    h.restart();
    assertThat(h.engine.settings().messaging()).isFalse();
    assertThat(h.connector.opens).isEqualTo(1);
  }

  @Test
  void contactsAreNormalisedAndPersisted() {
    h.engine.addContact("Alice", "415-555-0102");

    h.restart();

    assertThat(h.engine.contacts()).containsExactly(new Contact("Alice", Harness.ALICE));
  }
}
