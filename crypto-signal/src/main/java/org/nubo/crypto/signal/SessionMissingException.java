package org.nubo.crypto.signal;

/**
 * Sealing for a contact this device has no session with. Fetch the contact's bundle and call {@link
 * SignalDevice#startSession} first.
 */
public final class SessionMissingException extends SignalSessionException {
  private static final long serialVersionUID = 1L;

  SessionMissingException() {
    super("no_session", "no session with this contact; fetch its bundle first", null);
  }
}
