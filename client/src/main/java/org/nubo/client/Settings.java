package org.nubo.client;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * The user's switches, persisted. Everything is off until the user turns it on.
 *
 * <p>SMS fallback is the one switch that starts on once messaging is on, because it is what an SMS
 * user already has: a message that cannot go over IP goes the way it always went. A fallback SMS
 * travels in clear through the carrier, so the user can refuse it for everyone or for chosen
 * conversations; such a message then ends {@link OutgoingMessage.State#FAILED} with {@link
 * OutgoingMessage.Failure#SMS_FALLBACK_OFF} and waits for the user to decide ({@link
 * NuboClient#retryAsSms(long)}).
 *
 * @param messaging whether Cloud Messaging is on (this device is registered and may connect)
 * @param number this phone's own number, E.164, or the empty string while messaging is off
 * @param smsFallback whether a message that cannot go over IP may go as a carrier SMS
 * @param noSmsFallback numbers (E.164) whose conversations never fall back to SMS
 * @param presence who may see this phone as reachable over IP: {@link PresenceSharing#CONTACTS}
 *     unless the user chose otherwise
 */
public record Settings(
    boolean messaging,
    String number,
    boolean smsFallback,
    Set<String> noSmsFallback,
    PresenceSharing presence) {

  public Settings {
    noSmsFallback = Collections.unmodifiableSet(new TreeSet<>(noSmsFallback));
  }

  /** Whether a message to {@code e164} that cannot go over IP may go as an SMS. */
  public boolean smsFallbackTo(String e164) {
    return smsFallback && !noSmsFallback.contains(e164);
  }
}
