package org.nubo.crypto.ristretto;

/**
 * Constant-time fixed-base multiplication {@code k·G} by the ristretto255 generator.
 *
 * <p>A table holds {@code j·16^(2i)·G} for {@code i < 32}, {@code 1 ≤ j ≤ 8}, as {@link
 * AffineNiels} (256 entries, about 30 KiB). With the signed base-16 digits {@code e} of {@code k}
 * (see {@link ScalarMul}), {@code k·G = 16·Σ_{i odd} e[i]·16^(i−1)·G + Σ_{i even} e[i]·16^i·G}: 64
 * mixed additions of table entries and only 4 doublings. Every lookup reads the whole row and keeps
 * the entry with masks. The table is public data, built once on first use (a few milliseconds).
 */
final class BaseTable {
  private static final int ROWS = 32;

  private BaseTable() {}

  /** Lazily built on first use; the JVM's class initialisation makes that thread-safe. */
  private static final class Holder {
    static final AffineNiels[][] TABLE = build();
  }

  private static AffineNiels[][] build() {
    Scratch s = new Scratch();
    AffineNiels[][] table = new AffineNiels[ROWS][8];
    EdPoint base = new EdPoint();
    base.set(RistrettoPoint.generator().point);
    EdPoint multiple = new EdPoint();
    CachedPoint cachedBase = new CachedPoint();
    int[] tmp = new int[10];
    for (int i = 0; i < ROWS; i++) {
      cachedBase.set(base);
      multiple.set(base);
      for (int j = 0; j < 8; j++) {
        table[i][j] = new AffineNiels();
        table[i][j].setVartime(multiple, tmp);
        EdPoint.add(multiple, cachedBase, multiple, false, s);
      }
      for (int d = 0; d < 8; d++) {
        EdPoint.dbl(base, base, d == 7, s); // base ← 256·base
      }
    }
    return table;
  }

  /** Builds the table now rather than on the first multiplication. */
  static void warmUp() {
    if (Holder.TABLE.length != ROWS) {
      throw new IllegalStateException();
    }
  }

  /** {@code out = k·G} in constant time. */
  static void multiply(byte[] scalar, EdPoint out, Scratch s) {
    int[] e = ScalarMul.signedRadix16(scalar);
    AffineNiels[][] table = Holder.TABLE;
    AffineNiels selected = new AffineNiels();
    out.setIdentity();
    for (int i = 1; i < ScalarMul.DIGITS; i += 2) {
      select(table[i / 2], e[i], selected);
      EdPoint.addAffine(out, selected, out, s);
    }
    EdPoint.dbl(out, out, false, s);
    EdPoint.dbl(out, out, false, s);
    EdPoint.dbl(out, out, false, s);
    EdPoint.dbl(out, out, true, s);
    for (int i = 0; i < ScalarMul.DIGITS; i += 2) {
      select(table[i / 2], e[i], selected);
      EdPoint.addAffine(out, selected, out, s);
    }
  }

  private static void select(AffineNiels[] row, int digit, AffineNiels out) {
    int negative = digit >>> 31;
    int magnitude = (digit ^ -negative) + negative;
    out.setIdentity();
    for (int j = 0; j < row.length; j++) {
      out.cmov(Field25519.isZeroWord(magnitude ^ (j + 1)), row[j]);
    }
    out.cnegate(negative);
  }
}
