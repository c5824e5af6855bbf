package org.nubo.crypto.ristretto;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point prepared as the second operand of an addition: (Y + X, Y − X, Z, 2d·T). Preparing costs
 * one multiplication and saves it in every addition that reuses the point; negating it is a swap
 * and a sign change, cheap enough to do in constant time on a table lookup.
 */
final class CachedPoint {
  final int[] yPlusX = X25519Field.create();
  final int[] yMinusX = X25519Field.create();
  final int[] z = X25519Field.create();
  final int[] t2d = X25519Field.create();

  /** A new cached identity (1, 1, 1, 0). */
  CachedPoint() {
    setIdentity();
  }

  void setIdentity() {
    X25519Field.one(yPlusX);
    X25519Field.one(yMinusX);
    X25519Field.one(z);
    X25519Field.zero(t2d);
  }

  /** Sets this to the cached form of {@code p}. */
  void set(EdPoint p) {
    X25519Field.add(p.y, p.x, yPlusX);
    X25519Field.sub(p.y, p.x, yMinusX);
    X25519Field.copy(p.z, 0, z, 0);
    X25519Field.mul(p.t, Field25519.D2, t2d);
  }

  /** This replaced by {@code q} when {@code mask} is −1 (0 leaves it). Constant time. */
  void cmov(int mask, CachedPoint q) {
    X25519Field.cmov(mask, q.yPlusX, 0, yPlusX, 0);
    X25519Field.cmov(mask, q.yMinusX, 0, yMinusX, 0);
    X25519Field.cmov(mask, q.z, 0, z, 0);
    X25519Field.cmov(mask, q.t2d, 0, t2d, 0);
  }

  /** Negates the point when {@code negate} is 1 (0 leaves it). Constant time. */
  void cnegate(int negate) {
    X25519Field.cswap(negate, yPlusX, yMinusX);
    X25519Field.cnegate(negate, t2d);
  }
}
