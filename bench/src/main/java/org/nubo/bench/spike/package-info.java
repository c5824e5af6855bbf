/**
 * The Jetty 12 versus Helidon 4 versus Netty 4.2 spike
 * (docs/decisions/0002-http-websocket-library.md): the same minimal relay on each, so the load
 * generator measures what the library costs per message and per idle WebSocket, with none of the
 * real server's work around it.
 */
@NullMarked
package org.nubo.bench.spike;

import org.jspecify.annotations.NullMarked;
