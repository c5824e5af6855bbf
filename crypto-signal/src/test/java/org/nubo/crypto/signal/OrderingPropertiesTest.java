package org.nubo.crypto.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Envelopes arriving out of order, repeated, or both: each opens exactly once. */
class OrderingPropertiesTest {
  @Property(tries = 25)
  void everyMessageOpensOnceWhateverTheOrder(@ForAll("deliveries") List<Integer> deliveries)
      throws Exception {
    TestClock clock = new TestClock(1_800_000_000_000L);
    CertificateAuthority authority = CertificateAuthority.generate();
    TestPhone alice = new TestPhone(authority, clock);
    TestPhone bob = new TestPhone(authority, clock);
    bob.receive(alice.send(bob, "hello"));
    alice.receive(bob.send(alice, "established"));
    List<byte[]> sent = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sent.add(alice.send(bob, "message " + i));
    }

    Set<Integer> opened = new HashSet<>();
    for (int index : deliveries) {
      if (opened.add(index)) {
        assertThat(bob.receive(sent.get(index))).isEqualTo("message " + index);
      } else {
        assertThatThrownBy(() -> bob.receive(sent.get(index)))
            .isInstanceOf(DuplicateMessageException.class);
      }
    }
  }

  /** Each of 8 messages delivered once, in any order, with up to 4 repeats mixed in. */
  @Provide
  Arbitrary<List<Integer>> deliveries() {
    Arbitrary<List<Integer>> order = Arbitraries.shuffle(0, 1, 2, 3, 4, 5, 6, 7);
    Arbitrary<List<Integer>> repeats = Arbitraries.integers().between(0, 7).list().ofMaxSize(4);
    Arbitrary<List<Integer>> positions = Arbitraries.integers().between(0, 12).list().ofSize(4);
    return net.jqwik.api.Combinators.combine(order, repeats, positions)
        .as(
            (o, r, p) -> {
              List<Integer> all = new ArrayList<>(o);
              for (int i = 0; i < r.size(); i++) {
                all.add(Math.min(p.get(i), all.size()), r.get(i));
              }
              return all;
            });
  }
}
