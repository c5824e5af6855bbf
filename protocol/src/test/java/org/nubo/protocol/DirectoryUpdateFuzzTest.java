package org.nubo.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz target for the phone's decoder of directory updates (the filter download). In a
 * normal build it replays the seeds in {@code DirectoryUpdateFuzzTestInputs/decode}; to fuzz for
 * real, run {@code JAZZER_FUZZ=1 ./mvnw -pl protocol test -Dtest=DirectoryUpdateFuzzTest}.
 *
 * <p>The property: any bytes either decode to an update that re-encodes to the same bytes, or are
 * refused with a {@link ProtocolException}. Nothing else may escape.
 */
class DirectoryUpdateFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void decode(byte[] bytes) {
    DirectoryUpdate update;
    try {
      update = DirectoryUpdate.decode(bytes);
    } catch (ProtocolException refused) {
      assertThat(refused.code()).isIn("bad_directory_update", "bad_filter");
      return;
    }
    assertThat(update.encode()).isEqualTo(bytes);
    if (update.isFull()) {
      update.filter().mayContain(42L);
    }
  }
}
