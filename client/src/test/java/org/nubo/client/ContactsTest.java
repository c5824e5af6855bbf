package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Contacts, one by one or an address book at once: normalised, kept, and written once. */
class ContactsTest {
  /** The in-memory store, counting writes. */
  private static final class CountingStore implements ClientStore {
    private final ClientStore inner = ClientStore.inMemory();
    final AtomicInteger writes = new AtomicInteger();

    @Override
    public Optional<byte[]> read(String name) {
      return inner.read(name);
    }

    @Override
    public void write(String name, byte[] document) {
      writes.incrementAndGet();
      inner.write(name, document);
    }
  }

  private final CountingStore store = new CountingStore();
  private final Harness h = new Harness(store);

  @Test
  void anAddressBookIsAddedWithOneWriteAndSurvivesARestart() {
    List<Contact> book =
        IntStream.range(0, 2_000)
            .mapToObj(i -> new Contact("Contact " + i, "+44 7911 " + (123_000 + i)))
            .toList();
    int before = store.writes.get();

    List<Contact> added = h.engine.addContacts(book);

    assertThat(store.writes.get() - before).isEqualTo(1);
    assertThat(added).hasSize(2_000);
    assertThat(added.get(7)).isEqualTo(new Contact("Contact 7", "+447911123007"));
    h.restart();
    assertThat(h.engine.contacts())
        .hasSize(2_000)
        .contains(new Contact("Contact 7", "+447911123007"));
  }

  @Test
  void oneInvalidNumberAddsNoneAndNamesTheContact() {
    int before = store.writes.get();

    assertThatThrownBy(
            () ->
                h.engine.addContacts(
                    List.of(
                        new Contact("Alice", Harness.ALICE),
                        new Contact("Typo", "12"),
                        new Contact("Bob", Harness.BOB))))
        .isInstanceOf(InvalidNumberException.class)
        .hasMessageContaining("contact 2 of 3:")
        .hasMessageContaining("no contact was added")
        .hasMessageNotContaining("Typo");
    assertThat(h.engine.contacts()).isEmpty();
    assertThat(store.writes.get()).isEqualTo(before);
  }

  @Test
  void addingAgainRenamesAndOneAtATimeStillWorks() {
    h.engine.addContacts(List.of(new Contact("Al", "+1 415-555-0102")));

    Contact renamed = h.engine.addContact("Alice", Harness.ALICE);

    assertThat(renamed).isEqualTo(new Contact("Alice", Harness.ALICE));
    assertThat(h.engine.contacts()).containsExactly(new Contact("Alice", Harness.ALICE));
    assertThatThrownBy(() -> h.engine.addContact("Typo", "12"))
        .isInstanceOf(InvalidNumberException.class)
        .hasMessageNotContaining("contact 1 of 1");
  }
}
