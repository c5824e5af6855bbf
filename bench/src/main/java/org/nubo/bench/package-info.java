/**
 * Nubo's load generator: starts the real server (or a spike server) as a separate process, drives
 * it over loopback WebSockets, and reads its CPU and memory from /proc. Run by hand; see
 * docs/BENCHMARKS.md for the commands and the figures they produced.
 */
@NullMarked
package org.nubo.bench;

import org.jspecify.annotations.NullMarked;
