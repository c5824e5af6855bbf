/**
 * Accounts and devices: registration's end state, device credentials, and turning messaging off.
 * Accounts are keyed by a PRF of the phone number; the number itself is never stored.
 */
@NullMarked
package org.nubo.core.accounts;

import org.jspecify.annotations.NullMarked;
