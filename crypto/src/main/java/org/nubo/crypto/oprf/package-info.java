/**
 * RFC 9497 verifiable oblivious pseudorandom function (VOPRF), ciphersuite ristretto255-SHA512.
 *
 * <p>The phone holds an input (a phone number) and the server a private key; together they compute
 * a 64-byte pseudorandom output from both, and the server learns nothing about the input. The phone
 * checks a proof that the server used the key whose public half the phone pinned, so the server
 * cannot key some users differently to recognise them later.
 *
 * <ul>
 *   <li>{@link org.nubo.crypto.oprf.OprfClient}: the phone's half (Blind, Finalize with
 *       VerifyProof). It runs on Android.
 *   <li>{@link org.nubo.crypto.oprf.OprfServerKey}: the server's half (DeriveKeyPair, BlindEvaluate
 *       with GenerateProof, and the direct Evaluate).
 * </ul>
 *
 * <p>Every failure is an unchecked {@link org.nubo.crypto.oprf.OprfException}; a proof that does
 * not verify is the subclass {@link org.nubo.crypto.oprf.OprfProofException}.
 */
@NullMarked
package org.nubo.crypto.oprf;

import org.jspecify.annotations.NullMarked;
