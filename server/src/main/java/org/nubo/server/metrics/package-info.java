/** Prometheus metrics: counts and latencies only, never who or what. */
@NullMarked
package org.nubo.server.metrics;

import org.jspecify.annotations.NullMarked;
