/**
 * The Signal key directory and sealed-sender credentials: devices upload identity and prekeys,
 * senders fetch bundles (popping one-time prekeys), devices get short-lived sender certificates,
 * and accounts register the delivery key that lets contacts reach them without naming themselves.
 * Cryptographic checks and certificate signing are ports ({@link KeyChecks}, {@link
 * CertificateIssuer}) that the server fills with libsignal, so this package knows no crypto
 * library.
 */
@NullMarked
package org.nubo.core.keys;

import org.jspecify.annotations.NullMarked;
