package org.nubo.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * What {@code GET /v1/directory/filter} answers: either a whole {@link DirectoryFilter} plus the
 * changes made since it was built, or only the changes since the version the phone already has.
 * Applying it brings the phone to {@link #version()}.
 *
 * <p>Wire form (little-endian): {@code "NDF1", u8 kind (1 full, 2 delta), u64 version, u64 base}
 * (the version the changes start after), then for a full update {@code u32 length, filter}, then
 * {@code u32 n, n × u64 added keys, u32 m, m × u64 removed keys}. A key is {@link
 * DirectoryFilter#keyOf}: 8 bytes of a token, never a whole token. Within one update a key is
 * either added or removed, not both.
 */
public final class DirectoryUpdate {
  /** {@code "NDF1"}. */
  private static final int MAGIC = 0x3146444e;

  private static final byte FULL = 1;
  private static final byte DELTA = 2;
  private static final int FIXED_BYTES = 4 + 1 + 8 + 8;

  private final long version;
  private final long base;
  private final @Nullable DirectoryFilter filter;
  private final long[] added;
  private final long[] removed;

  private DirectoryUpdate(
      long version, long base, @Nullable DirectoryFilter filter, long[] added, long[] removed) {
    if (version < base || base < 0) {
      throw new ProtocolException("bad_directory_update", "an update never goes backwards");
    }
    this.version = version;
    this.base = base;
    this.filter = filter;
    this.added = added;
    this.removed = removed;
  }

  /** A whole filter built at version {@code base}, and what changed up to {@code version}. */
  public static DirectoryUpdate full(
      long version, long base, DirectoryFilter filter, long[] added, long[] removed) {
    return new DirectoryUpdate(version, base, filter, added.clone(), removed.clone());
  }

  /** What changed after {@code base} up to {@code version}. */
  public static DirectoryUpdate delta(long version, long base, long[] added, long[] removed) {
    return new DirectoryUpdate(version, base, null, added.clone(), removed.clone());
  }

  /** The version the phone has after applying this. */
  public long version() {
    return version;
  }

  /** The version the changes start after (the filter's, for a full update). */
  public long base() {
    return base;
  }

  /** Whether this replaces the phone's filter. */
  public boolean isFull() {
    return filter != null;
  }

  /** The new filter of a full update. */
  public DirectoryFilter filter() {
    DirectoryFilter f = filter;
    if (f == null) {
      throw new IllegalStateException("a delta has no filter");
    }
    return f;
  }

  public long[] added() {
    return added.clone();
  }

  public long[] removed() {
    return removed.clone();
  }

  public byte[] encode() {
    DirectoryFilter f = filter;
    int length =
        FIXED_BYTES
            + (f == null ? 0 : 4 + f.encodedLength())
            + 4
            + 8 * added.length
            + 4
            + 8 * removed.length;
    ByteBuffer out = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    out.putInt(MAGIC).put(f == null ? DELTA : FULL).putLong(version).putLong(base);
    if (f != null) {
      out.putInt(f.encodedLength()).put(f.encode());
    }
    out.putInt(added.length);
    for (long key : added) {
      out.putLong(key);
    }
    out.putInt(removed.length);
    for (long key : removed) {
      out.putLong(key);
    }
    return out.array();
  }

  /**
   * Reads an update, refusing anything malformed: wrong magic or kind, lengths that do not match
   * what follows, trailing bytes, a key both added and removed.
   *
   * @throws ProtocolException ({@code bad_directory_update} or {@code bad_filter})
   */
  public static DirectoryUpdate decode(byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    try {
      if (bytes.length < FIXED_BYTES || in.getInt() != MAGIC) {
        throw bad("it does not start with NDF1");
      }
      byte kind = in.get();
      if (kind != FULL && kind != DELTA) {
        throw bad("unknown kind " + kind);
      }
      long version = in.getLong();
      long base = in.getLong();
      if (base < 0 || version < base) {
        throw bad("its versions go backwards");
      }
      DirectoryFilter filter = null;
      if (kind == FULL) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
          throw bad("the filter length exceeds the update");
        }
        filter = DirectoryFilter.decode(in, length);
      }
      long[] added = keys(in);
      long[] removed = keys(in);
      if (in.hasRemaining()) {
        throw bad("trailing bytes");
      }
      long[] sortedAdded = added.clone();
      Arrays.sort(sortedAdded);
      for (long key : removed) {
        if (Arrays.binarySearch(sortedAdded, key) >= 0) {
          throw bad("a key is both added and removed");
        }
      }
      return new DirectoryUpdate(version, base, filter, added, removed);
    } catch (BufferUnderflowException e) {
      throw bad("it is truncated");
    }
  }

  private static long[] keys(ByteBuffer in) {
    int count = in.getInt();
    if (count < 0 || (long) count * 8 > in.remaining()) {
      throw bad("a key count exceeds the update");
    }
    long[] keys = new long[count];
    for (int i = 0; i < count; i++) {
      keys[i] = in.getLong();
    }
    return keys;
  }

  private static ProtocolException bad(String why) {
    return new ProtocolException("bad_directory_update", "not a directory update: " + why);
  }
}
