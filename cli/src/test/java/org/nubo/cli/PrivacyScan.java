package org.nubo.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Searches files byte by byte for secrets that must never be there: every common way of writing
 * each phone number, each message text and each device secret, in UTF-8 and in UTF-16; and, for the
 * numbers, their unsalted hashes (MD5, SHA-1, SHA-256, SHA-512 of each written form), as raw bytes,
 * hex and base64, because a plain hash of a phone number names it as surely as the number.
 */
final class PrivacyScan {
  private static final List<String> HASHES = List.of("MD5", "SHA-1", "SHA-256", "SHA-512");

  private final Set<String> needles = new LinkedHashSet<>();
  private final Map<String, byte[]> binaryNeedles = new LinkedHashMap<>();

  /** Adds every common format of an E.164 number in the North American or UK plan. */
  PrivacyScan number(String e164) {
    String digits = e164.substring(1);
    Set<String> forms = new LinkedHashSet<>();
    forms.add(e164);
    forms.add(digits);
    if (digits.startsWith("1") && digits.length() == 11) {
      String n = digits.substring(1);
      forms.add(n);
      forms.add("(" + n.substring(0, 3) + ") " + n.substring(3, 6) + "-" + n.substring(6));
      forms.add(n.substring(0, 3) + "-" + n.substring(3, 6) + "-" + n.substring(6));
      forms.add(n.substring(0, 3) + " " + n.substring(3, 6) + " " + n.substring(6));
      forms.add("+1 " + n.substring(0, 3) + " " + n.substring(3, 6) + " " + n.substring(6));
    }
    if (digits.startsWith("44")) {
      String national = "0" + digits.substring(2);
      forms.add(national);
      forms.add(national.substring(0, 5) + " " + national.substring(5));
      forms.add("+44 " + digits.substring(2, 6) + " " + digits.substring(6));
    }
    // Only this number's written forms are hashed, never earlier needles (hashes of hashes).
    needles.addAll(forms);
    forms.forEach(this::hashesOf);
    return this;
  }

  private void hashesOf(String form) {
    for (String algorithm : HASHES) {
      byte[] digest;
      try {
        digest = MessageDigest.getInstance(algorithm).digest(form.getBytes(StandardCharsets.UTF_8));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
      String label = algorithm + "(" + form + ")";
      binaryNeedles.put(label + " raw", digest);
      HexFormat hex = HexFormat.of();
      needles.add(hex.formatHex(digest));
      needles.add(hex.withUpperCase().formatHex(digest));
      needles.add(Base64.getEncoder().encodeToString(digest));
      needles.add(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
    }
  }

  PrivacyScan text(String secret) {
    needles.add(secret);
    return this;
  }

  /** What was searched for, to show in a failure. */
  Set<String> needles() {
    Set<String> all = new LinkedHashSet<>(needles);
    all.addAll(binaryNeedles.keySet());
    return Set.copyOf(all);
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
          binaryNeedles.forEach(
              (label, bytes) -> {
                if (contains(content, bytes)) {
                  hits.add(file + ": " + label);
                }
              });
        }
      }
    }
    return hits;
  }

  /** An account token (base64url) as raw bytes would be written in text: base64url and hex. */
  static List<String> tokenForms(String base64url) {
    byte[] raw = java.util.Base64.getUrlDecoder().decode(base64url);
    return List.of(
        base64url,
        java.util.Base64.getEncoder().encodeToString(raw),
        java.util.HexFormat.of().formatHex(raw),
        java.util.HexFormat.of().withUpperCase().formatHex(raw));
  }

  /**
   * Every "table.column" of the SQLite database {@code db}, outside {@code allowed} tables, whose
   * values contain one of the account tokens (base64url) as raw bytes or in a text form.
   */
  static List<String> tablesHolding(Path db, List<String> tokens, Set<String> allowed)
      throws java.sql.SQLException {
    List<byte[]> needles = new ArrayList<>();
    for (String token : tokens) {
      needles.add(java.util.Base64.getUrlDecoder().decode(token));
      for (String form : tokenForms(token)) {
        needles.add(form.getBytes(StandardCharsets.UTF_8));
      }
    }
    List<String> hits = new ArrayList<>();
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro");
        java.sql.Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (java.sql.ResultSet rows =
          statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      if (tables.isEmpty()) {
        throw new IllegalStateException("no tables in " + db);
      }
      for (String table : tables) {
        if (allowed.contains(table)) {
          continue;
        }
        try (java.sql.ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int c = 1; c <= columns; c++) {
              byte[] value = rows.getBytes(c);
              for (byte[] needle : needles) {
                if (value != null && contains(value, needle)) {
                  hits.add(table + "." + rows.getMetaData().getColumnName(c));
                }
              }
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
