package org.nubo.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class SmsTagTest {
  @Property
  void everyMessageIdSurvivesTheRoundTrip(@ForAll long id, @ForAll String text) {
    SmsTag.Parsed parsed = SmsTag.parse(SmsTag.append(text, id));

    assertThat(parsed.messageId()).contains(id);
    assertThat(parsed.text()).isEqualTo(text);
  }

  @Property
  void theTagUsesOnlyGsmBasicCharactersAndCostsSeventeen(@ForAll long id) {
    String tag = SmsTag.append("", id);

    assertThat(tag).hasSize(17).matches("\\n#N1[0-9A-HJKMNP-TV-Z]{13}");
  }

  @Test
  void idsWithTheTopBitsSetRoundTrip() {
    // Regression: the first digit holds 4 bits; an early parser accepted only 0 or 1 there.
    for (long id : new long[] {-1L, Long.MIN_VALUE, Long.MAX_VALUE, 0xE000_0000_0000_0000L}) {
      assertThat(SmsTag.parse(SmsTag.append("hi", id)).messageId()).contains(id);
    }
  }

  @Test
  void anSmsWithoutATagIsLeftAlone() {
    assertThat(SmsTag.parse("See you at 8"))
        .isEqualTo(new SmsTag.Parsed("See you at 8", Optional.empty()));
    assertThat(SmsTag.parse("")).isEqualTo(new SmsTag.Parsed("", Optional.empty()));
  }

  @Test
  void aMalformedTagIsTreatedAsText() {
    String[] bodies = {
      "hi\n#N10123456789ABI", // I is not Crockford base32
      "hi\n#N2000000000000A", // unknown version
      "hi\n#N1G000000000000", // first digit above 15 would overflow 64 bits
      "hi #N10123456789ABC" // not on its own line
    };
    for (String body : bodies) {
      assertThat(SmsTag.parse(body).messageId()).as(body).isEmpty();
      assertThat(SmsTag.parse(body).text()).isEqualTo(body);
    }
  }
}
