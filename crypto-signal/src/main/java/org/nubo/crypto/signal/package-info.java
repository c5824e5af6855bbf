/**
 * The Signal protocol for Nubo, over libsignal: key checks and sender certificates for the server,
 * sessions, sealed sender and safety numbers for the device. The only package that imports {@code
 * org.signal.libsignal}; its API speaks {@code byte[]} and Nubo records (see decision 0004).
 */
@NullMarked
package org.nubo.crypto.signal;

import org.jspecify.annotations.NullMarked;
