package org.nubo.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DirectoryUpdateTest {
  @Test
  void aFullUpdateCarriesTheFilterAndTheChangesSinceIt() {
    DirectoryFilter filter = DirectoryFilter.build(new long[] {1, 2, 3});
    DirectoryUpdate update = DirectoryUpdate.full(12, 10, filter, new long[] {4}, new long[] {2});

    DirectoryUpdate read = DirectoryUpdate.decode(update.encode());

    assertThat(read.isFull()).isTrue();
    assertThat(read.version()).isEqualTo(12);
    assertThat(read.base()).isEqualTo(10);
    assertThat(read.filter().encode()).isEqualTo(filter.encode());
    assertThat(read.added()).containsExactly(4);
    assertThat(read.removed()).containsExactly(2);
  }

  @Test
  void aDeltaCarriesOnlyChanges() {
    DirectoryUpdate read =
        DirectoryUpdate.decode(
            DirectoryUpdate.delta(9, 7, new long[] {-1, 5}, new long[0]).encode());

    assertThat(read.isFull()).isFalse();
    assertThat(read.added()).containsExactly(-1, 5);
    assertThatThrownBy(read::filter).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void malformedUpdatesAreRefusedWithAStableCode() {
    byte[] good = DirectoryUpdate.delta(9, 7, new long[] {1}, new long[] {2}).encode();
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    byte[] truncated = Arrays.copyOf(good, good.length - 3);
    byte[] badMagic = good.clone();
    badMagic[0] = 'X';
    byte[] both = DirectoryUpdate.delta(9, 7, new long[] {1}, new long[] {1}).encode();

    for (byte[] bytes : new byte[][] {trailing, truncated, badMagic, both, new byte[0]}) {
      assertThatThrownBy(() -> DirectoryUpdate.decode(bytes))
          .isInstanceOfSatisfying(
              ProtocolException.class, e -> assertThat(e.code()).isEqualTo("bad_directory_update"));
    }
  }
}
