package org.nubo.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The directory filter: which account tokens are registered, as an 8-bit binary fuse filter (Graf
 * and Lemire, "Binary Fuse Filters: Fast and Smaller Than Xor Filters", 2022; the construction of
 * their reference C library, arity 3). About 9 bits per registered account and a false-positive
 * rate of 1/256: a token that is not registered is reported as registered with probability
 * 0.39&nbsp;%, a registered one is always reported. See docs/decisions/0005 for the choice.
 *
 * <p>A token enters the filter as its {@link #keyOf key}: its first 8 bytes, little-endian. Tokens
 * are uniformly random (an OPRF output), so 8 bytes are as good as the whole for a filter, and a
 * delta naming keys names no whole token: nobody can address an account from a key.
 *
 * <p>Encoding (little-endian): {@code u64 seed, u32 segmentLength, u32 segmentCount, u32 size,
 * u8[(segmentCount + 2) * segmentLength] fingerprints}. Immutable and thread-safe. It runs on the
 * phone (Java 17, Android API 26) and on the server, which builds it.
 */
public final class DirectoryFilter {
  /** The fixed header before the fingerprints. */
  public static final int HEADER_BYTES = 8 + 4 + 4 + 4;

  /** Fingerprints a decoded filter may hold at most (enough for about 100 million accounts). */
  public static final int MAX_FINGERPRINTS = 1 << 27;

  private static final int ARITY = 3;
  private static final int MAX_SEGMENT_LENGTH = 1 << 18;
  private static final int MAX_ITERATIONS = 100;

  private final long seed;
  private final int segmentLength;
  private final int segmentLengthMask;
  private final int segmentCount;
  private final int segmentCountLength;
  private final int size;
  private final byte[] fingerprints;

  private DirectoryFilter(
      long seed, int segmentLength, int segmentCount, int size, byte[] fingerprints) {
    this.seed = seed;
    this.segmentLength = segmentLength;
    this.segmentLengthMask = segmentLength - 1;
    this.segmentCount = segmentCount;
    this.segmentCountLength = segmentCount * segmentLength;
    this.size = size;
    this.fingerprints = fingerprints;
  }

  /** The filter key of a 32-byte account token: its first 8 bytes, little-endian. */
  public static long keyOf(byte[] token) {
    if (token.length != WireLimits.TOKEN_BYTES) {
      throw new ProtocolException(
          "bad_token", "an account token is " + WireLimits.TOKEN_BYTES + " bytes");
    }
    return ByteBuffer.wrap(token, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** The filter key of an account token. */
  public static long keyOf(AccountToken token) {
    return keyOf(token.bytes());
  }

  /** A filter of nothing. */
  public static DirectoryFilter empty() {
    return build(new long[0]);
  }

  /**
   * Builds the filter of {@code keys} (duplicates are allowed and counted once). The array is
   * reordered. Needs about 25 bytes of working memory per key.
   */
  public static DirectoryFilter build(long[] keys) {
    int n = keys.length;
    int segmentLength = n == 0 ? 4 : segmentLength(n);
    if (segmentLength > MAX_SEGMENT_LENGTH) {
      segmentLength = MAX_SEGMENT_LENGTH;
    }
    long capacity = n <= 1 ? 0 : Math.round(n * sizeFactor(n));
    long initSegmentCount =
        Math.max(0, (capacity + segmentLength - 1) / segmentLength - (ARITY - 1));
    long arrayLength = (initSegmentCount + ARITY - 1) * segmentLength;
    long segmentCount = (arrayLength + segmentLength - 1) / segmentLength;
    segmentCount = segmentCount <= ARITY - 1 ? 1 : segmentCount - (ARITY - 1);
    arrayLength = (segmentCount + ARITY - 1) * segmentLength;
    if (arrayLength > MAX_FINGERPRINTS) {
      throw new IllegalArgumentException("too many keys for one filter: " + n);
    }
    DirectoryFilter shape =
        new DirectoryFilter(0, segmentLength, (int) segmentCount, n, new byte[(int) arrayLength]);
    return shape.populate(keys);
  }

  /** Whether {@code key} may be registered: always true for a registered one. */
  public boolean mayContain(long key) {
    if (size == 0) {
      return false;
    }
    long hash = mix(key + seed);
    int f = fingerprint(hash);
    long hi = mulhi(hash, segmentCountLength);
    int h0 = (int) hi;
    int h1 = h0 + segmentLength;
    int h2 = h1 + segmentLength;
    h1 ^= (int) (hash >>> 18) & segmentLengthMask;
    h2 ^= (int) hash & segmentLengthMask;
    f ^= fingerprints[h0] ^ fingerprints[h1] ^ fingerprints[h2];
    return (f & 0xff) == 0;
  }

  /** Whether the account {@code token} may be registered. */
  public boolean mayContain(AccountToken token) {
    return mayContain(keyOf(token));
  }

  /** Keys it was built from (after removing duplicates). */
  public int size() {
    return size;
  }

  /** The encoded length in bytes. */
  public int encodedLength() {
    return HEADER_BYTES + fingerprints.length;
  }

  /** The wire form (see the class comment). */
  public byte[] encode() {
    ByteBuffer out = ByteBuffer.allocate(encodedLength()).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(seed).putInt(segmentLength).putInt(segmentCount).putInt(size).put(fingerprints);
    return out.array();
  }

  /**
   * Reads a filter from its wire form, checking every field against the shape the builder makes.
   *
   * @throws ProtocolException ({@code bad_filter}) if the bytes are not a filter
   */
  public static DirectoryFilter decode(byte[] bytes) {
    return decode(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), bytes.length);
  }

  /** Reads a filter of {@code length} bytes from {@code in}'s position (little-endian). */
  static DirectoryFilter decode(ByteBuffer in, int length) {
    if (length < HEADER_BYTES || in.remaining() < length) {
      throw bad("a filter needs a " + HEADER_BYTES + "-byte header");
    }
    long seed = in.getLong();
    int segmentLength = in.getInt();
    int segmentCount = in.getInt();
    int size = in.getInt();
    if (segmentLength < 4
        || segmentLength > MAX_SEGMENT_LENGTH
        || Integer.bitCount(segmentLength) != 1) {
      throw bad("the segment length is not a power of two between 4 and " + MAX_SEGMENT_LENGTH);
    }
    long arrayLength = ((long) segmentCount + ARITY - 1) * segmentLength;
    if (segmentCount < 1 || arrayLength > MAX_FINGERPRINTS) {
      throw bad("the segment count is out of range");
    }
    if (length - HEADER_BYTES != arrayLength) {
      throw bad(
          "the filter holds " + (length - HEADER_BYTES) + " fingerprints, not " + arrayLength);
    }
    if (size < 0 || size > arrayLength) {
      throw bad("the key count is out of range");
    }
    byte[] fingerprints = new byte[(int) arrayLength];
    in.get(fingerprints);
    return new DirectoryFilter(seed, segmentLength, segmentCount, size, fingerprints);
  }

  private static ProtocolException bad(String message) {
    return new ProtocolException("bad_filter", "not a directory filter: " + message);
  }

  @Override
  public String toString() {
    return "DirectoryFilter[size=" + size + ", bytes=" + encodedLength() + "]";
  }

  // ---- construction (the reference library's binary_fuse8_populate) ---------------------------

  private DirectoryFilter populate(long[] keys) {
    int n = keys.length;
    if (n == 0) {
      return this;
    }
    int capacity = fingerprints.length;
    long[] reverseOrder = new long[n + 1];
    int[] alone = new int[capacity];
    byte[] t2count = new byte[capacity];
    byte[] reverseH = new byte[n];
    long[] t2hash = new long[capacity];
    int blockBits = 1;
    while ((1 << blockBits) < segmentCount) {
      blockBits++;
    }
    int block = 1 << blockBits;
    int[] startPos = new int[block];
    int[] h012 = new int[5];
    long[] rng = {0x726b2b9d438b9d4dL};
    long currentSeed = splitmix(rng);
    int size = n;
    reverseOrder[size] = 1;
    for (int loop = 0; ; loop++) {
      if (loop + 1 > MAX_ITERATIONS) {
        throw new IllegalStateException("the directory filter could not be built");
      }
      for (int i = 0; i < block; i++) {
        startPos[i] = (int) (((long) i * size) >>> blockBits);
      }
      int maskBlock = block - 1;
      for (int i = 0; i < size; i++) {
        long hash = mix(keys[i] + currentSeed);
        int segmentIndex = (int) (hash >>> (64 - blockBits));
        while (reverseOrder[startPos[segmentIndex]] != 0) {
          segmentIndex = (segmentIndex + 1) & maskBlock;
        }
        reverseOrder[startPos[segmentIndex]] = hash;
        startPos[segmentIndex]++;
      }
      boolean error = false;
      int duplicates = 0;
      for (int i = 0; i < size; i++) {
        long hash = reverseOrder[i];
        int h0 = hash(0, hash);
        int h1 = hash(1, hash);
        int h2 = hash(2, hash);
        t2count[h0] = (byte) (t2count[h0] + 4);
        t2hash[h0] ^= hash;
        t2count[h1] = (byte) (t2count[h1] + 4);
        t2count[h1] ^= 1;
        t2hash[h1] ^= hash;
        t2count[h2] = (byte) (t2count[h2] + 4);
        t2hash[h2] ^= hash;
        t2count[h2] ^= 2;
        if ((t2hash[h0] & t2hash[h1] & t2hash[h2]) == 0) {
          if ((t2hash[h0] == 0 && t2count[h0] == 8)
              || (t2hash[h1] == 0 && t2count[h1] == 8)
              || (t2hash[h2] == 0 && t2count[h2] == 8)) {
            duplicates++;
            t2count[h0] = (byte) (t2count[h0] - 4);
            t2hash[h0] ^= hash;
            t2count[h1] = (byte) (t2count[h1] - 4);
            t2count[h1] ^= 1;
            t2hash[h1] ^= hash;
            t2count[h2] = (byte) (t2count[h2] - 4);
            t2count[h2] ^= 2;
            t2hash[h2] ^= hash;
          }
        }
        error |= (t2count[h0] & 0xff) < 4 || (t2count[h1] & 0xff) < 4 || (t2count[h2] & 0xff) < 4;
      }
      if (!error) {
        int queueSize = 0;
        for (int i = 0; i < capacity; i++) {
          alone[queueSize] = i;
          queueSize += ((t2count[i] & 0xff) >> 2) == 1 ? 1 : 0;
        }
        int stackSize = 0;
        while (queueSize > 0) {
          queueSize--;
          int index = alone[queueSize];
          if (((t2count[index] & 0xff) >> 2) == 1) {
            long hash = t2hash[index];
            h012[1] = hash(1, hash);
            h012[2] = hash(2, hash);
            h012[3] = hash(0, hash);
            h012[4] = h012[1];
            int found = t2count[index] & 3;
            reverseH[stackSize] = (byte) found;
            reverseOrder[stackSize] = hash;
            stackSize++;
            int other1 = h012[found + 1];
            alone[queueSize] = other1;
            queueSize += ((t2count[other1] & 0xff) >> 2) == 2 ? 1 : 0;
            t2count[other1] = (byte) (t2count[other1] - 4);
            t2count[other1] ^= (byte) mod3(found + 1);
            t2hash[other1] ^= hash;
            int other2 = h012[found + 2];
            alone[queueSize] = other2;
            queueSize += ((t2count[other2] & 0xff) >> 2) == 2 ? 1 : 0;
            t2count[other2] = (byte) (t2count[other2] - 4);
            t2count[other2] ^= (byte) mod3(found + 2);
            t2hash[other2] ^= hash;
          }
        }
        if (stackSize + duplicates == size) {
          size = stackSize;
          break;
        }
        if (duplicates > 0) {
          size = sortAndRemoveDuplicates(keys, size);
        }
      }
      Arrays.fill(reverseOrder, 0, size, 0L);
      reverseOrder[size] = 1;
      Arrays.fill(t2count, (byte) 0);
      Arrays.fill(t2hash, 0L);
      currentSeed = splitmix(rng);
    }
    DirectoryFilter built =
        new DirectoryFilter(currentSeed, segmentLength, segmentCount, size, fingerprints);
    for (int i = size - 1; i >= 0; i--) {
      long hash = reverseOrder[i];
      int found = reverseH[i];
      h012[0] = built.hash(0, hash);
      h012[1] = built.hash(1, hash);
      h012[2] = built.hash(2, hash);
      h012[3] = h012[0];
      h012[4] = h012[1];
      fingerprints[h012[found]] =
          (byte)
              (fingerprint(hash) ^ fingerprints[h012[found + 1]] ^ fingerprints[h012[found + 2]]);
    }
    return built;
  }

  private int hash(int index, long hash) {
    long h = mulhi(hash, segmentCountLength);
    h += (long) index * segmentLength;
    long hh = hash & ((1L << 36) - 1);
    h ^= (hh >>> (36 - 18 * index)) & segmentLengthMask;
    return (int) h;
  }

  private static int sortAndRemoveDuplicates(long[] keys, int length) {
    Arrays.sort(keys, 0, length);
    int j = 1;
    for (int i = 1; i < length; i++) {
      if (keys[i] != keys[i - 1]) {
        keys[j++] = keys[i];
      }
    }
    return length == 0 ? 0 : j;
  }

  private static int segmentLength(int size) {
    return 1 << (int) Math.floor(Math.log(size) / Math.log(3.33) + 2.25);
  }

  private static double sizeFactor(int size) {
    return Math.max(1.125, 0.875 + 0.25 * Math.log(1_000_000.0) / Math.log(size));
  }

  private static int mod3(int x) {
    return x > 2 ? x - 3 : x;
  }

  private static int fingerprint(long hash) {
    return (int) (hash ^ (hash >>> 32)) & 0xff;
  }

  /** The high 64 bits of the unsigned product {@code a * b}, for {@code 0 <= b < 2^32}. */
  private static long mulhi(long a, int b) {
    long bb = b & 0xffffffffL;
    long high = (a >>> 32) * bb;
    long low = (a & 0xffffffffL) * bb;
    return (high + (low >>> 32)) >>> 32;
  }

  /** murmur64's finaliser, as the reference library mixes a key with the seed. */
  private static long mix(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static long splitmix(long[] state) {
    long z = (state[0] += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
