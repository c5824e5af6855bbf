/**
 * Proving a phone number with a one-time SMS code. The number lives in memory for the session only;
 * the code is kept as an HMAC, checked at most five times, and used once.
 */
@NullMarked
package org.nubo.core.verification;

import org.jspecify.annotations.NullMarked;
