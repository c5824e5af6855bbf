package org.nubo.crypto.signal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever arrives on the sealed socket, {@link Sealer#unseal} answers with a plaintext or one of
 * its typed exceptions; nothing else (no NullPointerException, no libsignal exception, no crash).
 * Jazzer: in a normal build it replays {@code UnsealFuzzTestInputs/unseal}; to fuzz for real, run
 * {@code JAZZER_FUZZ=1 ./mvnw -pl crypto-signal -am test -Dtest=UnsealFuzzTest
 * -Dsurefire.failIfNoSpecifiedTests=false}. The jqwik properties below flip bits of real envelopes
 * in every build.
 */
class UnsealFuzzTest {
  private static final TestClock CLOCK = new TestClock(1_800_000_000_000L);
  private static final CertificateAuthority AUTHORITY = CertificateAuthority.generate();
  private static final TestPhone ALICE = new TestPhone(AUTHORITY, CLOCK);
  private static final TestPhone BOB = new TestPhone(AUTHORITY, CLOCK);
  private static final List<byte[]> REAL = realEnvelopes();

  private static List<byte[]> realEnvelopes() {
    try {
      byte[] first = ALICE.send(BOB, "first, a prekey message");
      BOB.receive(first);
      return List.of(first, ALICE.send(BOB, "later, a whisper message"));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void unseal(byte[] envelope) {
    assertOnlyTypedOutcomes(envelope);
  }

  @Property(tries = 300)
  void randomBytesGiveOnlyTypedOutcomes(@ForAll @Size(max = 600) byte[] envelope) {
    assertOnlyTypedOutcomes(envelope);
  }

  @Property(tries = 300)
  void mutatedRealEnvelopesGiveOnlyTypedOutcomes(
      @ForAll @IntRange(min = 0, max = 1) int which,
      @ForAll @IntRange(min = 0, max = 100_000) int position,
      @ForAll @IntRange(min = 0, max = 7) int bit,
      @ForAll @IntRange(min = 0, max = 2) int cut) {
    byte[] envelope = REAL.get(which).clone();
    envelope[position % envelope.length] ^= (byte) (1 << bit);
    if (cut > 0) {
      envelope = java.util.Arrays.copyOf(envelope, (position % envelope.length) + cut - 1);
    }
    assertOnlyTypedOutcomes(envelope);
  }

  private static void assertOnlyTypedOutcomes(byte[] envelope) {
    try {
      Unsealed opened = BOB.sealer.unseal(envelope);
      assertThat(opened.plaintext()).isNotNull();
    } catch (InvalidEnvelopeException
        | DuplicateMessageException
        | ExpiredCertificateException
        | SafetyNumberChangedException e) {
      assertThat(e.code()).isNotBlank();
    }
  }
}
