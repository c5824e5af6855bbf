/**
 * The server's features and the ports they own. Nothing here knows HTTP, WebSocket, SQL or SMPP:
 * transports call these services, and adapters implement the ports.
 */
@NullMarked
package org.nubo.core;

import org.jspecify.annotations.NullMarked;
