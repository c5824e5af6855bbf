package org.nubo.crypto.signal;

import java.util.Arrays;
import java.util.Optional;

/**
 * Pads a plaintext to a multiple of {@link #BLOCK} bytes, so the length of a ciphertext tells only
 * roughly how long the text is: the plaintext, one {@code 0x80}, then zeros (libsignal leaves
 * padding to the app).
 */
final class Padding {
  static final int BLOCK = 160;
  private static final byte MARK = (byte) 0x80;

  private Padding() {}

  static byte[] pad(byte[] plaintext) {
    int length = (plaintext.length / BLOCK + 1) * BLOCK;
    byte[] padded = Arrays.copyOf(plaintext, length);
    padded[plaintext.length] = MARK;
    return padded;
  }

  /** The plaintext, or empty if {@code padded} is not what {@link #pad} makes. */
  static Optional<byte[]> unpad(byte[] padded) {
    if (padded.length == 0 || padded.length % BLOCK != 0) {
      return Optional.empty();
    }
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != MARK || padded.length - end > BLOCK) {
      return Optional.empty();
    }
    return Optional.of(Arrays.copyOf(padded, end));
  }
}
