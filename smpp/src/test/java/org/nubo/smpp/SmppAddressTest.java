package org.nubo.smpp;

import static org.assertj.core.api.Assertions.assertThat;

import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.TypeOfNumber;
import org.junit.jupiter.api.Test;

class SmppAddressTest {
  @Test
  void numbersTravelWithoutThePlusAndComeBackWithIt() {
    assertThat(SmppAddress.toSmpp("+14155550101")).isEqualTo("14155550101");
    assertThat(SmppAddress.fromSmpp((byte) 1, "14155550101")).isEqualTo("+14155550101");
    assertThat(SmppAddress.fromSmpp((byte) 5, "Nubo")).isEqualTo("Nubo");
  }

  @Test
  void aSenderIdTravelsAsItIsMarkedAlphanumeric() {
    assertThat(SmppAddress.toSmpp("Nubo")).isEqualTo("Nubo");
    assertThat(SmppAddress.tonOf("Nubo")).isEqualTo(TypeOfNumber.ALPHANUMERIC);
    assertThat(SmppAddress.npiOf("Nubo")).isEqualTo(NumberingPlanIndicator.UNKNOWN);
    assertThat(SmppAddress.tonOf("+14155550101")).isEqualTo(TypeOfNumber.INTERNATIONAL);
    assertThat(SmppAddress.npiOf("+14155550101")).isEqualTo(NumberingPlanIndicator.ISDN);
  }

  @Test
  void anE164NumberHasAPlusAndSixToFifteenDigits() {
    assertThat(SmppAddress.isE164("+123456")).isTrue();
    assertThat(SmppAddress.isE164("+123456789012345")).isTrue();
    assertThat(SmppAddress.isE164("+12345")).isFalse();
    assertThat(SmppAddress.isE164("+1234567890123456")).isFalse();
    assertThat(SmppAddress.isE164("+04155550101")).isFalse();
    assertThat(SmppAddress.isE164("14155550101")).isFalse();
  }
}
