package org.nubo.core.accounts;

import org.nubo.protocol.AccountToken;

/** Told when an account stops using messaging, so live connections can be closed at once. */
@FunctionalInterface
public interface MessagingListener {
  void messagingDisabled(AccountToken account);
}
