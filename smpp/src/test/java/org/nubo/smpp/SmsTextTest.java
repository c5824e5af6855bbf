package org.nubo.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsTextTest {
  @Test
  void plainTextAndTheFallbackTagStayInTheDefaultAlphabet() {
    assertThat(SmsText.encode("See you at 8\n#N10123456789ABC").dataCoding())
        .isEqualTo(SmsText.DEFAULT_ALPHABET);
  }

  @Test
  void charactersThatDifferBetweenAsciiAndGsmForceUcs2() {
    for (String text : new String[] {"a@b", "$5", "under_score", "[x]", "é", "👋"}) {
      assertThat(SmsText.encode(text).dataCoding()).as(text).isEqualTo(SmsText.UCS2);
    }
  }

  @Test
  void segmentsFollowConcatenationLimits() {
    assertThat(SmsText.segments("x".repeat(160))).isEqualTo(1);
    assertThat(SmsText.segments("x".repeat(161))).isEqualTo(2);
    assertThat(SmsText.segments("x".repeat(306))).isEqualTo(2);
    assertThat(SmsText.segments("x".repeat(307))).isEqualTo(3);
    assertThat(SmsText.segments("é".repeat(70))).isEqualTo(1);
    assertThat(SmsText.segments("é".repeat(71))).isEqualTo(2);
  }

  @Test
  void aTextLongerThanOneSegmentTravelsInMessagePayload() {
    SmsText longText = SmsText.encode("x".repeat(141));

    assertThat(longText.shortMessage()).isEmpty();
    assertThat(longText.optionalParameters()).hasSize(1);
    assertThat(SmsText.encode("x".repeat(140)).optionalParameters()).isEmpty();
  }

  @Test
  void encodedBytesDecodeToTheSameText() {
    for (String text : new String[] {"See you at 8\n#N10123456789ABC", "Grüße 👋🏽 $5 [ok]", ""}) {
      SmsText coded = SmsText.encode(text);

      assertThat(SmsText.decode(coded.dataCoding(), coded.shortMessage())).as(text).isEqualTo(text);
    }
  }
}
