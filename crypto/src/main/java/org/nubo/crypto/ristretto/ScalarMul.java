package org.nubo.crypto.ristretto;

/**
 * Constant-time variable-base scalar multiplication {@code k·P} for a secret {@code k}.
 *
 * <p>{@code k} is rewritten as 64 signed base-16 digits {@code k = Σ e[i]·16^i} with {@code −8 ≤
 * e[i] ≤ 8}; with a table of {@code P, 2P, …, 8P} the product is then Horner's rule: four doublings
 * and one table addition per digit. The lookup reads every table entry and keeps the right one with
 * masks, and a negative digit negates the looked-up point with masks too, so neither the memory
 * access pattern nor the sequence of operations depends on {@code k}.
 */
final class ScalarMul {
  static final int DIGITS = 64;

  private ScalarMul() {}

  /**
   * The signed base-16 digits of a 32-byte little-endian scalar below 2^255, least significant
   * first, in constant time.
   *
   * @throws IllegalArgumentException if the top bit of {@code scalar} is set
   */
  static int[] signedRadix16(byte[] scalar) {
    if (scalar.length != 32 || scalar[31] < 0) {
      throw new IllegalArgumentException("a scalar is 32 little-endian bytes below 2^255");
    }
    int[] e = new int[DIGITS];
    for (int i = 0; i < 32; i++) {
      e[2 * i] = scalar[i] & 15;
      e[2 * i + 1] = (scalar[i] >>> 4) & 15;
    }
    // Digits in [0, 15] become [−8, 7] by borrowing 16 from the next digit when ≥ 8; the top digit
    // (at most 7 for a scalar below 2^255) absorbs the last carry and stays ≤ 8.
    int carry = 0;
    for (int i = 0; i < DIGITS - 1; i++) {
      e[i] += carry;
      carry = (e[i] + 8) >> 4;
      e[i] -= carry << 4;
    }
    e[DIGITS - 1] += carry;
    return e;
  }

  /** {@code out = k·p} in constant time ({@code out} may be {@code p}). */
  static void multiply(EdPoint p, byte[] scalar, EdPoint out, Scratch s) {
    int[] digits = signedRadix16(scalar);
    CachedPoint[] table = new CachedPoint[8];
    EdPoint multiple = new EdPoint();
    multiple.set(p);
    table[0] = new CachedPoint();
    table[0].set(p);
    for (int j = 1; j < 8; j++) {
      EdPoint.add(multiple, table[0], multiple, false, s);
      table[j] = new CachedPoint();
      table[j].set(multiple);
    }
    CachedPoint selected = new CachedPoint();
    EdPoint acc = multiple; // reused as the accumulator
    acc.setIdentity();
    for (int i = DIGITS - 1; i >= 0; i--) {
      if (i != DIGITS - 1) {
        EdPoint.dbl(acc, acc, false, s);
        EdPoint.dbl(acc, acc, false, s);
        EdPoint.dbl(acc, acc, false, s);
        EdPoint.dbl(acc, acc, true, s);
      }
      select(table, digits[i], selected);
      EdPoint.add(acc, selected, acc, false, s);
    }
    out.set(acc);
  }

  /** {@code out = digit·P} from {@code table[j] = (j+1)·P}, touching every entry. */
  private static void select(CachedPoint[] table, int digit, CachedPoint out) {
    int negative = digit >>> 31;
    int magnitude = (digit ^ -negative) + negative;
    out.setIdentity();
    for (int j = 0; j < table.length; j++) {
      out.cmov(Field25519.isZeroWord(magnitude ^ (j + 1)), table[j]);
    }
    out.cnegate(negative);
  }
}
