package org.nubo.core.relay;

import org.nubo.core.Conflict;
import org.nubo.core.RateLimited;
import org.nubo.core.limits.RateLimiter;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.wire.SealedSend;

/**
 * Admission for sealed-sender envelopes, which arrive on a socket that names no one. An envelope
 * with the recipient's delivery token is offered; one without (first contact) only while the
 * recipient's "stranger" bucket has room. A wrong token, or a full stranger bucket, fails exactly
 * like an unknown recipient, so the sender falls back to SMS and learns nothing more. Every
 * envelope also takes a token from its address's bucket.
 *
 * <p>An admitted envelope that names the registration id its session was made with, when the
 * recipient's device on file has another (it was reinstalled, with a new identity), is refused as
 * {@code stale_keys}: the sender fetches the new bundle and its user sees the safety number change,
 * instead of the recipient silently failing to decrypt. Only an admitted sender learns this, and
 * the bundle it may fetch anyway would tell it the same.
 */
public final class SealedRelay {
  private final Relay relay;
  private final DeliveryTokens tokens;
  private final RateLimiter perIp;
  private final RateLimiter strangersPerRecipient;
  private final Registrations registrations;

  /** Whether a session made with a registration id still reaches the account's device. */
  @FunctionalInterface
  public interface Registrations {
    boolean isCurrent(AccountToken account, int registrationId);
  }

  public SealedRelay(
      Relay relay,
      DeliveryTokens tokens,
      RateLimiter perIp,
      RateLimiter strangersPerRecipient,
      Registrations registrations) {
    this.relay = relay;
    this.registrations = registrations;
    this.tokens = tokens;
    this.perIp = perIp;
    this.strangersPerRecipient = strangersPerRecipient;
  }

  /**
   * Offers a sealed envelope; the Outcome goes to {@code sender}.
   *
   * @param clientKey an opaque keyed hash of the sender's address
   * @throws org.nubo.core.NotFound for an unknown recipient, a wrong token or too many strangers
   * @throws Conflict {@code replayed} for a second envelope with the same recipient and message id;
   *     {@code stale_keys} when the session it names was made with a device since replaced
   * @throws RateLimited when the address sends too much
   */
  public void send(FrameSink sender, String clientKey, SealedSend send) {
    perIp.acquire(clientKey);
    AccountToken recipient = AccountToken.of(send.getRecipient().toByteArray());
    if (send.getDeliveryToken().isEmpty()) {
      try {
        strangersPerRecipient.acquire(recipient.text());
      } catch (RateLimited full) {
        throw Relay.unknownRecipient();
      }
    } else if (!tokens.matches(recipient, send.getDeliveryToken().toByteArray())) {
      throw Relay.unknownRecipient();
    }
    int registrationId = send.getRecipientRegistrationId();
    if (registrationId != 0 && !registrations.isCurrent(recipient, registrationId)) {
      throw new Conflict(
          "stale_keys",
          "the recipient has a new install with new keys: fetch its bundle again; this envelope"
              + " was not offered");
    }
    relay.sendSealed(sender, recipient, send.getMessageId(), send.getPayload());
  }
}
