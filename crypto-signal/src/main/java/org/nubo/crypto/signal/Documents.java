package org.nubo.crypto.signal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The binary layout of the state documents: a version byte, then fields in a fixed order; byte
 * strings carry an int length. Each document type has its own version, checked on read.
 */
final class Documents {
  /** Refuses a length no document of ours can have, before allocating it. */
  private static final int MAX_BYTES = 1 << 20;

  private Documents() {}

  static final class Writer {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DataOutputStream out = new DataOutputStream(bytes);

    Writer(int version) {
      writeByte(version);
    }

    Writer writeByte(int value) {
      return run(() -> out.writeByte(value));
    }

    Writer writeInt(int value) {
      return run(() -> out.writeInt(value));
    }

    Writer writeLong(long value) {
      return run(() -> out.writeLong(value));
    }

    Writer writeBytes(byte[] value) {
      return run(
          () -> {
            out.writeInt(value.length);
            out.write(value);
          });
    }

    Writer writeRecords(Map<Integer, byte[]> records) {
      writeInt(records.size());
      records.forEach(
          (id, record) -> {
            writeInt(id);
            writeBytes(record);
          });
      return this;
    }

    byte[] toByteArray() {
      return bytes.toByteArray();
    }

    private interface Write {
      void run() throws IOException;
    }

    private Writer run(Write io) {
      try {
        io.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
      }
      return this;
    }
  }

  static final class Reader {
    private final String name;
    private final DataInputStream in;

    Reader(String name, byte[] document, int version) {
      this.name = name;
      this.in = new DataInputStream(new ByteArrayInputStream(document));
      int found = readByte();
      if (found != version) {
        throw new SignalStorageException(name + " has version " + found + ", not " + version);
      }
    }

    int readByte() {
      return read(in::readUnsignedByte);
    }

    int readInt() {
      return read(in::readInt);
    }

    long readLong() {
      return read(in::readLong);
    }

    byte[] readBytes() {
      int length = readInt();
      if (length < 0 || length > MAX_BYTES) {
        throw new SignalStorageException(name + " is corrupt");
      }
      byte[] value = new byte[length];
      read(
          () -> {
            in.readFully(value);
            return value;
          });
      return value;
    }

    /** Records by id, in id order. */
    @SuppressWarnings("NonApiType") // callers keep the order
    TreeMap<Integer, byte[]> readRecords() {
      int count = readInt();
      TreeMap<Integer, byte[]> records = new TreeMap<>();
      for (int i = 0; i < count; i++) {
        records.put(readInt(), readBytes());
      }
      return records;
    }

    /** The document must end here. */
    void end() {
      if (read(in::available) != 0) {
        throw new SignalStorageException(name + " has trailing bytes");
      }
    }

    private interface Read<T> {
      T run() throws IOException;
    }

    private <T> T read(Read<T> io) {
      try {
        return io.run();
      } catch (IOException e) {
        throw new SignalStorageException(name + " is truncated", e);
      }
    }
  }
}
