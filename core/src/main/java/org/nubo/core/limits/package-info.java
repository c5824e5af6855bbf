/**
 * Named token-bucket rate limits with documented defaults, keyed by opaque hashes so no bucket key
 * is a phone number or address.
 */
@NullMarked
package org.nubo.core.limits;

import org.jspecify.annotations.NullMarked;
