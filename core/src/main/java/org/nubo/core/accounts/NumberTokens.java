package org.nubo.core.accounts;

import org.nubo.protocol.AccountToken;

/**
 * Port: turns a normalised phone number into the account token that names it. The server's
 * implementation is the direct Evaluate of its RFC 9497 OPRF key (the first 32 bytes of the
 * output), so a phone that blinds the number gets the same token without the server seeing it.
 */
public interface NumberTokens {
  /** The token of an E.164 number, as produced by {@link PhoneNumbers#normalize(String)}. */
  AccountToken tokenOf(String e164);
}
