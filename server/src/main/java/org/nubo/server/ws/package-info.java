/**
 * The WebSocket data plane: one authenticated socket per device carrying protobuf frames,
 * dispatched to the relay and to presence, and sealed sockets that name no one, carrying sealed
 * envelopes and sealed probes.
 */
@NullMarked
package org.nubo.server.ws;

import org.jspecify.annotations.NullMarked;
