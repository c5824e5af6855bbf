package org.nubo.crypto.ristretto;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point with Z = 1 prepared for addition: (y + x, y − x, 2d·x·y), fully reduced. The fixed-base
 * table holds these; an addition with one costs 7 multiplications instead of 9.
 */
final class AffineNiels {
  final int[] yPlusX = X25519Field.create();
  final int[] yMinusX = X25519Field.create();
  final int[] xy2d = X25519Field.create();

  /** A new identity (1, 1, 0). */
  AffineNiels() {
    setIdentity();
  }

  void setIdentity() {
    X25519Field.one(yPlusX);
    X25519Field.one(yMinusX);
    X25519Field.zero(xy2d);
  }

  /** Sets this to {@code p} divided out by its Z (variable time: for public table entries). */
  void setVartime(EdPoint p, int[] tmp) {
    int[] zInv = X25519Field.create();
    int[] x = X25519Field.create();
    int[] y = X25519Field.create();
    X25519Field.invVar(p.z, zInv);
    X25519Field.mul(p.x, zInv, x);
    X25519Field.mul(p.y, zInv, y);
    X25519Field.add(y, x, yPlusX);
    X25519Field.sub(y, x, yMinusX);
    X25519Field.mul(x, y, tmp);
    X25519Field.mul(tmp, Field25519.D2, xy2d);
    X25519Field.carry(yPlusX);
    Field25519.canonical(yPlusX);
    X25519Field.carry(yMinusX);
    Field25519.canonical(yMinusX);
    Field25519.canonical(xy2d);
  }

  /**
   * Sets this to {@code p}, whose Z is one and whose T is therefore x·y (a freshly decoded point),
   * without reducing: an operand of additions only.
   */
  void setFromAffine(EdPoint p) {
    X25519Field.add(p.y, p.x, yPlusX);
    X25519Field.sub(p.y, p.x, yMinusX);
    X25519Field.mul(p.t, Field25519.D2, xy2d);
  }

  /**
   * Sets this to {@code p} with X, Y and T multiplied by {@code zInverse}, the inverse of its Z,
   * without reducing: an operand of additions only.
   */
  void setFromProjective(EdPoint p, int[] zInverse, int[] x, int[] y) {
    X25519Field.mul(p.x, zInverse, x);
    X25519Field.mul(p.y, zInverse, y);
    X25519Field.add(y, x, yPlusX);
    X25519Field.sub(y, x, yMinusX);
    X25519Field.mul(p.t, zInverse, xy2d);
    X25519Field.mul(xy2d, Field25519.D2, xy2d);
  }

  void cmov(int mask, AffineNiels q) {
    X25519Field.cmov(mask, q.yPlusX, 0, yPlusX, 0);
    X25519Field.cmov(mask, q.yMinusX, 0, yMinusX, 0);
    X25519Field.cmov(mask, q.xy2d, 0, xy2d, 0);
  }

  void cnegate(int negate) {
    X25519Field.cswap(negate, yPlusX, yMinusX);
    X25519Field.cnegate(negate, xy2d);
  }
}
