/**
 * The WebSocket data plane: one authenticated socket per device carrying protobuf frames,
 * dispatched to the relay and to presence.
 */
@NullMarked
package org.nubo.server.ws;

import org.jspecify.annotations.NullMarked;
