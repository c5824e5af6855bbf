package org.nubo.core.accounts;

import org.nubo.protocol.AccountToken;

/** An authenticated device: who is calling, as transports hand it to the core. */
public record DevicePrincipal(AccountToken account, String deviceId) {}
