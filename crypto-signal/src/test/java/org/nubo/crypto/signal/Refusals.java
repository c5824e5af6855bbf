package org.nubo.crypto.signal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Assertions on {@link SignalKeyException}s, shared by the server-half tests. */
final class Refusals {
  private Refusals() {}

  interface Check {
    void run() throws Exception;
  }

  /** {@code check} is refused with {@code code} and a message. */
  static void assertCode(Check check, String code) {
    SignalKeyException refused = catchThrowableOfType(SignalKeyException.class, check::run);

    assertThat(refused).as("refused").isNotNull();
    assertThat(refused.code()).isEqualTo(code);
    assertThat(refused.getMessage()).isNotBlank();
  }
}
