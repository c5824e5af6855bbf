package org.nubo.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;
import org.nubo.crypto.signal.SignalStateStore;

/**
 * Keeps each document (the SDK writes JSON) as one file {@code <name>.json} in a directory. A write
 * goes to a temporary file in the same directory, is forced to disk, then renamed over the old
 * file, so readers and crashes see the old or the new document, never a torn one. The Signal
 * documents the SDK keeps here are bytes, not JSON; it is also a {@link SignalStateStore}, so tools
 * can hand it to crypto-signal directly.
 */
public final class FileClientStore implements ClientStore, SignalStateStore {
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,64}");

  private final Path directory;

  /** Uses {@code directory}, creating it if needed. */
  public FileClientStore(Path directory) {
    try {
      this.directory = Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the SDK's directory", e);
    }
  }

  @Override
  public Optional<byte[]> read(String name) {
    try {
      return Optional.of(Files.readAllBytes(file(name)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }

  @Override
  public void write(String name, byte[] document) {
    Path target = file(name);
    Path temp = directory.resolve(name + ".json.tmp");
    try {
      try (FileChannel channel =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(document);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name, e);
    }
  }

  @Override
  public void delete(String name) {
    try {
      Files.deleteIfExists(file(name));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + name, e);
    }
  }

  private Path file(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a document name is 1-64 of [a-z0-9-]");
    }
    return directory.resolve(name + ".json");
  }
}
