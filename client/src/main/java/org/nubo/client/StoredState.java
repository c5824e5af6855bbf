package org.nubo.client;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nubo.protocol.api.ServerInfo;

/**
 * The one JSON document the SDK persists ({@code state}), rewritten whole on every change so that a
 * crash can never leave, say, a message marked shown without its dedupe key. Sizes are bounded (see
 * {@link Engine}), which keeps each rewrite small.
 *
 * @param account present exactly while messaging is on
 * @param held envelopes delivered over IP but not yet settled: hold, never show
 * @param seen dedupe keys {@code "<sender E.164>|<message id>"} of what was shown, oldest first
 * @param smsFallbackOff the user turned SMS fallback off for everyone (absent in old documents, so
 *     the stored sense is "off", and a missing value means fallback stays on)
 * @param noSmsFallback numbers whose conversations never fall back to SMS
 * @param sealed the end-to-end state that is not in the Signal documents (absent in old documents)
 * @param presence who may see this phone as reachable (absent in old documents: {@link
 *     PresenceSharing#CONTACTS})
 */
record StoredState(
    @Nullable Account account,
    @Nullable PendingSession session,
    @Nullable ServerInfo config,
    List<Contact> contacts,
    List<OutboxEntry> outbox,
    List<InboxMessage> inbox,
    List<HeldEnvelope> held,
    List<String> seen,
    boolean smsFallbackOff,
    @Nullable List<String> noSmsFallback,
    @Nullable Sealed sealed,
    @Nullable PresenceSharing presence) {

  /** This device's registration. */
  record Account(String number, String deviceId, String deviceSecret, String accountToken) {}

  /** A verification in progress. */
  record PendingSession(String sessionId, String number) {}

  /** An outgoing message and the time after which it falls back to SMS. */
  record OutboxEntry(OutgoingMessage message, long deadlineMillis) {}

  /**
   * What {@link E2e} keeps here rather than in its Signal documents.
   *
   * @param certificate this device's sender certificate (base64url), null before the first
   * @param keysUploaded whether the first key upload and delivery key registration succeeded
   * @param deliveryTokens contact's account token to its delivery token (base64url), learnt from
   *     the profile key in its messages
   */
  record Sealed(
      @Nullable String certificate,
      long certificateExpiresAtMillis,
      boolean keysUploaded,
      @Nullable Map<String, String> deliveryTokens) {}

  /** A delivered envelope waiting for its Settle. */
  record HeldEnvelope(
      long deliveryId,
      long messageId,
      String sender,
      String text,
      long sentAtMillis,
      long receivedAtMillis) {}
}
