package org.nubo.carrier;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneNumbersTest {
  @Test
  void logsNameANumberOnlyRedacted() {
    assertThat(PhoneNumbers.redact("+14155550101")).isEqualTo("+1***01");
  }
}
