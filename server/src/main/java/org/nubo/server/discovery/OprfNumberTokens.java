package org.nubo.server.discovery;

import java.nio.charset.StandardCharsets;
import org.nubo.core.accounts.NumberTokens;
import org.nubo.crypto.oprf.OprfServerKey;
import org.nubo.protocol.AccountToken;

/**
 * Account tokens as the OPRF output of the E.164 number (its ASCII bytes), computed directly with
 * the server's key at registration, when the server holds the number anyway to send the code. A
 * phone that blinds the same number gets the same token through the oblivious protocol.
 */
public final class OprfNumberTokens implements NumberTokens {
  private final OprfServerKey key;

  public OprfNumberTokens(OprfServerKey key) {
    this.key = key;
  }

  @Override
  public AccountToken tokenOf(String e164) {
    return AccountToken.fromOprfOutput(
        key.evaluateDirect(e164.getBytes(StandardCharsets.US_ASCII)));
  }
}
