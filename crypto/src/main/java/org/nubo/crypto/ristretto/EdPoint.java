package org.nubo.crypto.ristretto;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A mutable point of the twisted Edwards curve −x² + y² = 1 + d·x²·y² (edwards25519) in extended
 * coordinates (X : Y : Z : T), x = X/Z, y = Y/Z, x·y = T/Z (Hisil–Wong–Carter–Dawson 2008).
 *
 * <p>The formulas are the complete ones for a = −1 (d is not a square), so they need no special
 * case for the identity or for doubling through the addition. Every method writes into a
 * caller-owned result and uses the caller's {@link Scratch}: nothing allocates.
 */
final class EdPoint {
  final int[] x = X25519Field.create();
  final int[] y = X25519Field.create();
  final int[] z = X25519Field.create();
  final int[] t = X25519Field.create();

  /** A new point set to the identity (0 : 1 : 1 : 0). */
  EdPoint() {
    setIdentity();
  }

  void setIdentity() {
    X25519Field.zero(x);
    X25519Field.one(y);
    X25519Field.one(z);
    X25519Field.zero(t);
  }

  void set(EdPoint p) {
    X25519Field.copy(p.x, 0, x, 0);
    X25519Field.copy(p.y, 0, y, 0);
    X25519Field.copy(p.z, 0, z, 0);
    X25519Field.copy(p.t, 0, t, 0);
  }

  /** This point replaced by {@code p} when {@code mask} is −1 (0 leaves it). Constant time. */
  void cmov(int mask, EdPoint p) {
    X25519Field.cmov(mask, p.x, 0, x, 0);
    X25519Field.cmov(mask, p.y, 0, y, 0);
    X25519Field.cmov(mask, p.z, 0, z, 0);
    X25519Field.cmov(mask, p.t, 0, t, 0);
  }

  /** {@code −(x, y) = (−x, y)}: negates X and T in place. */
  void negate() {
    X25519Field.negate(x, x);
    X25519Field.negate(t, t);
  }

  /**
   * {@code r = 2·p} (may alias). Formula dbl-2008-hwcd for a = −1, with every intermediate negated
   * (the signs cancel in pairs): 4 multiplications and 4 squarings, 3 if {@code withT} is false — T
   * is only read by additions, so a run of doublings computes it on the last one only.
   */
  static void dbl(EdPoint p, EdPoint r, boolean withT, Scratch s) {
    X25519Field.sqr(p.x, s.a); //                   A = X²
    X25519Field.sqr(p.y, s.b); //                   B = Y²
    X25519Field.sqr(p.z, s.c);
    X25519Field.add(s.c, s.c, s.c); //              C = 2Z²
    X25519Field.add(p.x, p.y, s.d);
    X25519Field.sqr(s.d, s.d); //                   (X + Y)²
    X25519Field.add(s.a, s.b, s.h); //              H = A + B
    X25519Field.sub(s.a, s.b, s.g); //              G = A − B
    X25519Field.sub(s.h, s.d, s.e); //              E = A + B − (X + Y)² = −2XY
    X25519Field.add(s.c, s.g, s.f); //              F = C + G
    X25519Field.carry(s.f);
    X25519Field.mul(s.e, s.f, r.x);
    X25519Field.mul(s.g, s.h, r.y);
    X25519Field.mul(s.f, s.g, r.z);
    if (withT) {
      X25519Field.mul(s.e, s.h, r.t);
    }
  }

  /**
   * {@code r = p + q} for a cached {@code q} (may alias p): add-2008-hwcd-3 for a = −1, 8
   * multiplications. With {@code subtract} it adds {@code −q} instead: −(x, y) swaps Y+X with Y−X
   * and negates 2d·T, which only moves the data (a public choice: used by the variable-time code).
   */
  static void add(EdPoint p, CachedPoint q, EdPoint r, boolean subtract, Scratch s) {
    int[] qPlus = subtract ? q.yMinusX : q.yPlusX;
    int[] qMinus = subtract ? q.yPlusX : q.yMinusX;
    X25519Field.sub(p.y, p.x, s.a);
    X25519Field.mul(s.a, qMinus, s.a); //           A = (Y1 − X1)·(Y2 − X2)
    X25519Field.add(p.y, p.x, s.b);
    X25519Field.mul(s.b, qPlus, s.b); //            B = (Y1 + X1)·(Y2 + X2)
    X25519Field.mul(p.t, q.t2d, s.c); //            C = 2d·T1·T2
    X25519Field.mul(p.z, q.z, s.d);
    X25519Field.add(s.d, s.d, s.d); //              D = 2·Z1·Z2
    finish(r, subtract, s);
  }

  /** {@code r = p + q} for a {@link AffineNiels} {@code q} (Z2 = 1): 7 multiplications. */
  static void addAffine(EdPoint p, AffineNiels q, EdPoint r, Scratch s) {
    addAffine(p, q, r, false, s);
  }

  /**
   * {@code r = p ± q} for a {@link AffineNiels} {@code q}: 7 multiplications. Subtracting swaps y +
   * x with y − x and negates 2d·x·y, as for {@link #add}: a public choice, for the variable-time
   * code only.
   */
  static void addAffine(EdPoint p, AffineNiels q, EdPoint r, boolean subtract, Scratch s) {
    int[] qPlus = subtract ? q.yMinusX : q.yPlusX;
    int[] qMinus = subtract ? q.yPlusX : q.yMinusX;
    X25519Field.sub(p.y, p.x, s.a);
    X25519Field.mul(s.a, qMinus, s.a);
    X25519Field.add(p.y, p.x, s.b);
    X25519Field.mul(s.b, qPlus, s.b);
    X25519Field.mul(p.t, q.xy2d, s.c);
    X25519Field.add(p.z, p.z, s.d);
    finish(r, subtract, s);
  }

  /** The common tail: E = B − A, F = D − C, G = D + C, H = B + A, then (EF, GH, FG, EH). */
  private static void finish(EdPoint r, boolean negateC, Scratch s) {
    X25519Field.sub(s.b, s.a, s.e);
    X25519Field.add(s.b, s.a, s.h);
    if (negateC) {
      X25519Field.add(s.d, s.c, s.f);
      X25519Field.sub(s.d, s.c, s.g);
      X25519Field.carry(s.f);
    } else {
      X25519Field.sub(s.d, s.c, s.f);
      X25519Field.add(s.d, s.c, s.g);
      X25519Field.carry(s.g);
    }
    X25519Field.mul(s.e, s.f, r.x);
    X25519Field.mul(s.g, s.h, r.y);
    X25519Field.mul(s.f, s.g, r.z);
    X25519Field.mul(s.e, s.h, r.t);
  }
}
