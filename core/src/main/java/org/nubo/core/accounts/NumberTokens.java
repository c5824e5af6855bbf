package org.nubo.core.accounts;

import org.nubo.protocol.AccountToken;

/**
 * Port: turns a normalised phone number into the account token that names it. The implementation
 * today is a server-keyed HMAC; an RFC 9497 OPRF (where the phone blinds the number first) has the
 * same shape and replaces it without touching callers.
 */
public interface NumberTokens {
  /** The token of an E.164 number, as produced by {@link PhoneNumbers#normalize(String)}. */
  AccountToken tokenOf(String e164);
}
