package org.nubo.core.keys;

/** One-time prekeys a device has left on the server (the last-resort Kyber key not counted). */
public record KeyCounts(int preKeys, int kyberPreKeys) {
  /** Whether either kind is below {@code threshold}. */
  public boolean below(int threshold) {
    return preKeys < threshold || kyberPreKeys < threshold;
  }
}
