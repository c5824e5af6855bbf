package org.nubo.server.discovery;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.nubo.crypto.oprf.OprfException;
import org.nubo.crypto.oprf.Ristretto255;

/**
 * {@link Ristretto255} on libsodium, called through the Foreign Function and Memory API (Java 22+):
 * each call passes the Java byte arrays themselves (critical downcalls with heap access). Measured,
 * a call costs what it cost through JNA, which this replaced: the C function dominates
 * (docs/decisions/0005).
 *
 * <p>The library is the system's {@code libsodium.so.23} (or {@code libsodium}) if there is one,
 * else the copy lazysodium-java bundles for this platform, extracted to a temporary file;
 * lazysodium itself looks in the same order. No package is required at run time. The JVM must allow
 * native access ({@code --enable-native-access=ALL-UNNAMED}, which ./nubo, the tests and the bench
 * pass); otherwise loading fails and the server falls back to pure Java.
 */
// Restricted methods (native linking): this class is the one place the server calls C directly.
@SuppressWarnings("restricted")
public final class SodiumRistretto255 implements Ristretto255 {
  private static final int BYTES = 32;
  private static final byte[] IDENTITY = new byte[BYTES];
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
  private static final ValueLayout ADDRESS = ValueLayout.ADDRESS;

  private final MethodHandle scalarmult;
  private final MethodHandle scalarmultBase;
  private final MethodHandle isValidPoint;
  private final MethodHandle add;
  private final String source;

  private SodiumRistretto255(SymbolLookup library, String source) throws Throwable {
    this.source = source;
    Linker linker = Linker.nativeLinker();
    MethodHandle init =
        linker.downcallHandle(find(library, "sodium_init"), FunctionDescriptor.of(INT));
    if ((int) init.invokeExact() < 0) {
      throw new IllegalStateException("sodium_init failed");
    }
    Linker.Option heap = Linker.Option.critical(true);
    scalarmult =
        linker.downcallHandle(
            find(library, "crypto_scalarmult_ristretto255"),
            FunctionDescriptor.of(INT, ADDRESS, ADDRESS, ADDRESS),
            heap);
    scalarmultBase =
        linker.downcallHandle(
            find(library, "crypto_scalarmult_ristretto255_base"),
            FunctionDescriptor.of(INT, ADDRESS, ADDRESS),
            heap);
    isValidPoint =
        linker.downcallHandle(
            find(library, "crypto_core_ristretto255_is_valid_point"),
            FunctionDescriptor.of(INT, ADDRESS),
            heap);
    add =
        linker.downcallHandle(
            find(library, "crypto_core_ristretto255_add"),
            FunctionDescriptor.of(INT, ADDRESS, ADDRESS, ADDRESS),
            heap);
  }

  /**
   * Loads libsodium: the system's copy if there is one, else the copy lazysodium-java bundles.
   *
   * @throws IllegalStateException if no copy can be loaded on this platform or native access is not
   *     allowed
   */
  public static SodiumRistretto255 load() {
    List<String> failures = new ArrayList<>();
    // The system's copy first, as lazysodium does: distributions build it with full optimisation,
    // and here it multiplies faster than the bundled copy (docs/decisions/0005).
    for (String name : List.of("libsodium.so.23", "libsodium.so", "libsodium.dylib", "libsodium")) {
      try {
        return new SodiumRistretto255(SymbolLookup.libraryLookup(name, Arena.global()), name);
      } catch (Throwable e) {
        failures.add(name + ": " + e.getMessage());
      }
    }
    try {
      return loadBundled();
    } catch (IllegalStateException e) {
      failures.add(e.getMessage());
    }
    throw new IllegalStateException("libsodium could not be loaded: " + failures);
  }

  /**
   * Loads the copy lazysodium-java bundles for this platform, extracted to a temporary file.
   *
   * @throws IllegalStateException if it bundles none for this platform or it cannot load
   */
  static SodiumRistretto255 loadBundled() {
    String bundled = bundledResource();
    if (bundled == null) {
      throw new IllegalStateException("no bundled libsodium for this platform");
    }
    URL resource = SodiumRistretto255.class.getClassLoader().getResource(bundled);
    if (resource == null) {
      throw new IllegalStateException(bundled + ": not on the class path");
    }
    try {
      Path file = extract(resource, bundled);
      return new SodiumRistretto255(
          SymbolLookup.libraryLookup(file, Arena.global()), "bundled " + bundled);
    } catch (Throwable e) {
      throw new IllegalStateException(bundled + ": " + e, e);
    }
  }

  /** Which copy was loaded (for the log). */
  public String source() {
    return source;
  }

  /** The path lazysodium-java 5.2 bundles this platform's library under, if it bundles one. */
  static @Nullable String bundledResource() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
    boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
    if (os.contains("linux")) {
      return x64 ? "linux64/libsodium.so" : arm64 ? "arm64/libsodium.so" : null;
    }
    if (os.contains("mac")) {
      return arm64 ? "mac_arm/libsodium.dylib" : x64 ? "mac/libsodium.dylib" : null;
    }
    if (os.contains("windows")) {
      return x64 ? "windows64/libsodium.dll" : null;
    }
    return null;
  }

  private static Path extract(URL resource, String name) throws IOException {
    String fileName = name.substring(name.lastIndexOf('/') + 1);
    Path dir = Files.createTempDirectory("nubo-sodium");
    Path file = dir.resolve(fileName);
    try (InputStream in = resource.openStream()) {
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    file.toFile().deleteOnExit();
    dir.toFile().deleteOnExit();
    return file;
  }

  private static MemorySegment find(SymbolLookup library, String symbol) {
    return library
        .find(symbol)
        .orElseThrow(() -> new IllegalStateException("libsodium has no " + symbol));
  }

  @Override
  public byte[] multiply(byte[] element, byte[] scalar) {
    if (element.length != BYTES || scalar.length != BYTES) {
      throw new OprfException("an element and a scalar are 32 bytes each");
    }
    if (Arrays.equals(element, IDENTITY)) {
      throw notAnElement();
    }
    byte[] out = new byte[BYTES];
    // libsodium answers -1 if the element does not decode, or if the product is the identity
    // (out then stays all zeros); only the rare -1 costs a second decode to tell them apart.
    if (call3(scalarmult, out, scalar, element) != 0 && call1(isValidPoint, element) != 1) {
      throw notAnElement();
    }
    return out;
  }

  @Override
  public byte[] multiplyBase(byte[] scalar) {
    if (scalar.length != BYTES) {
      throw new OprfException("a scalar is 32 bytes");
    }
    byte[] out = new byte[BYTES];
    try {
      int unused =
          (int)
              scalarmultBase.invokeExact(MemorySegment.ofArray(out), MemorySegment.ofArray(scalar));
    } catch (Throwable e) {
      throw new IllegalStateException("libsodium call failed", e);
    }
    return out;
  }

  @Override
  public byte[] add(byte[] a, byte[] b) {
    if (a.length != BYTES || b.length != BYTES) {
      throw new OprfException("an element is 32 bytes");
    }
    byte[] out = new byte[BYTES];
    if (call3(add, out, a, b) != 0) {
      throw new OprfException("not a valid ristretto255 encoding");
    }
    return out;
  }

  private static int call3(MethodHandle function, byte[] out, byte[] x, byte[] y) {
    try {
      return (int)
          function.invokeExact(
              MemorySegment.ofArray(out), MemorySegment.ofArray(x), MemorySegment.ofArray(y));
    } catch (Throwable e) {
      throw new IllegalStateException("libsodium call failed", e);
    }
  }

  private static int call1(MethodHandle function, byte[] x) {
    try {
      return (int) function.invokeExact(MemorySegment.ofArray(x));
    } catch (Throwable e) {
      throw new IllegalStateException("libsodium call failed", e);
    }
  }

  private static OprfException notAnElement() {
    return new OprfException(
        "not a canonical ristretto255 encoding of an element other than the identity");
  }
}
