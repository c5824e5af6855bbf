package org.nubo.core.discovery;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nubo.core.CoreException;
import org.nubo.core.InvalidRequest;
import org.nubo.core.accounts.AccountStore;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.accounts.NumberTokens;
import org.nubo.core.accounts.PhoneNumbers;
import org.nubo.core.limits.RateLimiter;
import org.nubo.protocol.AccountToken;

/**
 * Answers "which of these numbers use Nubo messaging?" with their tokens. The server sees the
 * numbers in this call (a later release blinds them with an OPRF) but keeps none of them: they live
 * in this method's locals only.
 */
public final class Directory {
  /** The most numbers one lookup may carry. */
  public static final int MAX_NUMBERS = 500;

  private final NumberTokens tokens;
  private final AccountStore store;
  private final RateLimiter perAccount;

  public Directory(NumberTokens tokens, AccountStore store, RateLimiter perAccount) {
    this.tokens = tokens;
    this.store = store;
    this.perAccount = perAccount;
  }

  /** A number the caller asked about that is a Nubo user, with its token. */
  public record Entry(String number, AccountToken token) {}

  /** The registered numbers among {@code numbers}, in the order asked; invalid ones are skipped. */
  public List<Entry> lookup(DevicePrincipal caller, List<String> numbers) {
    if (numbers.size() > MAX_NUMBERS) {
      throw new InvalidRequest(
          "too_many_numbers", "a lookup carries at most " + MAX_NUMBERS + " numbers");
    }
    perAccount.acquire(caller.account().text());
    Map<AccountToken, String> asked = new LinkedHashMap<>();
    for (String number : numbers) {
      try {
        String e164 = PhoneNumbers.normalize(number);
        asked.putIfAbsent(tokens.tokenOf(e164), number);
      } catch (CoreException invalid) {
        // Not a number: it cannot be a user either.
      }
    }
    Set<AccountToken> reachable = store.reachableAmong(asked.keySet());
    List<Entry> entries = new ArrayList<>();
    asked.forEach(
        (token, number) -> {
          if (reachable.contains(token)) {
            entries.add(new Entry(number, token));
          }
        });
    return entries;
  }
}
