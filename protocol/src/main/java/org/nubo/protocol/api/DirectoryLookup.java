package org.nubo.protocol.api;

import java.util.List;

/** {@code POST /v1/directory/lookup}: which of these E.164 numbers are Nubo users? */
public record DirectoryLookup(List<String> numbers) {
  public DirectoryLookup {
    numbers = List.copyOf(numbers);
  }
}
