package org.nubo.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Searches files byte by byte for secrets that must never be there: every common way of writing
 * each phone number, each message text and each device secret, in UTF-8 and in UTF-16.
 */
final class PrivacyScan {
  private final Set<String> needles = new LinkedHashSet<>();

  /** Adds every common format of an E.164 number in the North American or UK plan. */
  PrivacyScan number(String e164) {
    String digits = e164.substring(1);
    needles.add(e164);
    needles.add(digits);
    if (digits.startsWith("1") && digits.length() == 11) {
      String n = digits.substring(1);
      needles.add(n);
      needles.add("(" + n.substring(0, 3) + ") " + n.substring(3, 6) + "-" + n.substring(6));
      needles.add(n.substring(0, 3) + "-" + n.substring(3, 6) + "-" + n.substring(6));
      needles.add(n.substring(0, 3) + " " + n.substring(3, 6) + " " + n.substring(6));
      needles.add("+1 " + n.substring(0, 3) + " " + n.substring(3, 6) + " " + n.substring(6));
    }
    if (digits.startsWith("44")) {
      String national = "0" + digits.substring(2);
      needles.add(national);
      needles.add(national.substring(0, 5) + " " + national.substring(5));
      needles.add("+44 " + digits.substring(2, 6) + " " + digits.substring(6));
    }
    return this;
  }

  PrivacyScan text(String secret) {
    needles.add(secret);
    return this;
  }

  /** What was searched for, to show in a failure. */
  Set<String> needles() {
    return Set.copyOf(needles);
  }

  /** Every "file: needle" hit under the given roots (files and folders). */
  List<String> findIn(List<Path> roots) throws IOException {
    List<String> hits = new ArrayList<>();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          byte[] content = Files.readAllBytes(file);
          for (String needle : needles) {
            if (contains(content, needle.getBytes(StandardCharsets.UTF_8))
                || contains(content, needle.getBytes(StandardCharsets.UTF_16LE))
                || contains(content, needle.getBytes(StandardCharsets.UTF_16BE))) {
              hits.add(file + ": " + needle);
            }
          }
        }
      }
    }
    return hits;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
