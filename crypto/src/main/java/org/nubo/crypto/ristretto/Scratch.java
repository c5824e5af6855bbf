package org.nubo.crypto.ristretto;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Temporary field elements, owned by one thread for the length of one operation, so the inner loops
 * of the scalar multiplications allocate nothing. Each group of fields belongs to one layer: {@code
 * a..h} to the point formulas ({@link EdPoint}), {@code q0..q6} to {@link Field25519#sqrtRatioM1},
 * {@code w0..w9} to the encodings ({@link Codec}); a layer never uses another's while calling it.
 */
final class Scratch {
  final int[] a = X25519Field.create();
  final int[] b = X25519Field.create();
  final int[] c = X25519Field.create();
  final int[] d = X25519Field.create();
  final int[] e = X25519Field.create();
  final int[] f = X25519Field.create();
  final int[] g = X25519Field.create();
  final int[] h = X25519Field.create();

  final int[] q0 = X25519Field.create();
  final int[] q1 = X25519Field.create();
  final int[] q2 = X25519Field.create();
  final int[] q3 = X25519Field.create();
  final int[] q4 = X25519Field.create();
  final int[] q5 = X25519Field.create();
  final int[] q6 = X25519Field.create();

  final int[] w0 = X25519Field.create();
  final int[] w1 = X25519Field.create();
  final int[] w2 = X25519Field.create();
  final int[] w3 = X25519Field.create();
  final int[] w4 = X25519Field.create();
  final int[] w5 = X25519Field.create();
  final int[] w6 = X25519Field.create();
  final int[] w7 = X25519Field.create();
  final int[] w8 = X25519Field.create();
  final int[] w9 = X25519Field.create();

  final byte[] bytes = new byte[32];
}
