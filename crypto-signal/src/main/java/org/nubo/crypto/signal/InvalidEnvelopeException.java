package org.nubo.crypto.signal;

import org.jspecify.annotations.Nullable;

/**
 * An envelope that does not open: malformed, for another device, signed under a root this device
 * does not pin, or a message for a session or prekey it does not have. Drop it and do not Ack; the
 * sender falls back to SMS.
 */
public final class InvalidEnvelopeException extends SignalSessionException {
  private static final long serialVersionUID = 1L;

  InvalidEnvelopeException(String code, String message, @Nullable Throwable cause) {
    super(code, message, cause);
  }
}
