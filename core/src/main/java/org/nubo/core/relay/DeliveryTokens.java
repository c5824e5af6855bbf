package org.nubo.core.relay;

import org.nubo.protocol.AccountToken;

/** Port: whether a sealed sender's delivery token is the recipient's (in constant time). */
@FunctionalInterface
public interface DeliveryTokens {
  boolean matches(AccountToken recipient, byte[] token);
}
