package org.nubo.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DirectoryFilterTest {
  @Test
  void everyKeyBuiltInIsFoundAndAboutOneInTwoHundredFiftySixOthersIs() {
    SplittableRandom random = new SplittableRandom(7);
    long[] keys = random.longs(200_000).toArray();
    DirectoryFilter filter = DirectoryFilter.build(keys.clone());

    assertThat(Arrays.stream(keys).allMatch(filter::mayContain)).isTrue();
    long falsePositives = random.longs(1_000_000).filter(filter::mayContain).count();
    assertThat(falsePositives / 1_000_000.0).isBetween(0.003, 0.0048);
    assertThat(filter.encodedLength() * 8.0 / keys.length).isLessThan(9.5);
  }

  @Test
  void anEmptyFilterHoldsNothing() {
    DirectoryFilter empty = DirectoryFilter.empty();

    assertThat(new SplittableRandom(1).longs(10_000).noneMatch(empty::mayContain)).isTrue();
    assertThat(DirectoryFilter.decode(empty.encode()).size()).isZero();
  }

  @Test
  void duplicateKeysAreCountedOnce() {
    long[] keys = {5, 5, 9, 9, 9, 1, 2, 3, 4, 5};
    DirectoryFilter filter = DirectoryFilter.build(keys);

    assertThat(filter.size()).isEqualTo(6);
    for (long key : new long[] {1, 2, 3, 4, 5, 9}) {
      assertThat(filter.mayContain(key)).isTrue();
    }
  }

  @Test
  void aTokensKeyIsItsFirstEightBytesLittleEndian() {
    byte[] token = new byte[32];
    token[0] = 1;
    token[7] = (byte) 0x80;
    token[8] = 0x7f;

    assertThat(DirectoryFilter.keyOf(token)).isEqualTo(0x8000000000000001L);
  }

  @Test
  void aFilterWithTheWrongNumberOfFingerprintsIsRefused() {
    byte[] encoded = DirectoryFilter.build(new long[] {1, 2, 3}).encode();

    assertThatThrownBy(() -> DirectoryFilter.decode(Arrays.copyOf(encoded, encoded.length - 1)))
        .isInstanceOf(ProtocolException.class)
        .hasMessageContaining("fingerprints");
    assertThatThrownBy(() -> DirectoryFilter.decode(new byte[5]))
        .isInstanceOf(ProtocolException.class);
  }

  @Property(tries = 50)
  void encodingRoundTripsAndKeepsEveryKey(@ForAll @Size(max = 3000) long[] keys) {
    DirectoryFilter filter = DirectoryFilter.build(keys.clone());
    DirectoryFilter decoded = DirectoryFilter.decode(filter.encode());

    assertThat(decoded.encode()).isEqualTo(filter.encode());
    for (long key : keys) {
      assertThat(decoded.mayContain(key)).isTrue();
    }
  }
}
