/**
 * The Nubo device SDK: build one {@link org.nubo.client.NuboClient}, register a number, send and
 * receive messages with SMS fallback, and ask whether a contact is reachable. Everything is off
 * until the user turns messaging on; while it is off the SDK opens no network connection.
 */
@NullMarked
package org.nubo.client;

import org.jspecify.annotations.NullMarked;
