package org.nubo.core.relay;

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
 */
public final class SealedRelay {
  private final Relay relay;
  private final DeliveryTokens tokens;
  private final RateLimiter perIp;
  private final RateLimiter strangersPerRecipient;

  public SealedRelay(
      Relay relay, DeliveryTokens tokens, RateLimiter perIp, RateLimiter strangersPerRecipient) {
    this.relay = relay;
    this.tokens = tokens;
    this.perIp = perIp;
    this.strangersPerRecipient = strangersPerRecipient;
  }

  /**
   * Offers a sealed envelope; the Outcome goes to {@code sender}.
   *
   * @param clientKey an opaque keyed hash of the sender's address
   * @throws org.nubo.core.NotFound for an unknown recipient, a wrong token or too many strangers
   * @throws org.nubo.core.Conflict for a second envelope with the same recipient and message id
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
    relay.sendSealed(sender, recipient, send.getMessageId(), send.getPayload());
  }
}
