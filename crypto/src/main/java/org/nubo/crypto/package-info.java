/**
 * Cryptographic building blocks used on both sides: random device secrets and TLS key pins.
 * Algorithms come from the platform's JCA providers, available on Android too.
 */
@NullMarked
package org.nubo.crypto;

import org.jspecify.annotations.NullMarked;
