package org.nubo.protocol.api;

import java.util.List;

/** The registered numbers among those asked about, each with its account token (base64url). */
public record DirectoryEntries(List<Entry> entries) {
  public DirectoryEntries {
    entries = List.copyOf(entries);
  }

  /** One registered number. */
  public record Entry(String number, String token) {}
}
