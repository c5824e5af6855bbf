package org.nubo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner finds what it promises to find, so an empty result from it means something. */
class PrivacyScanTest {
  private static final String NUMBER = "+14155550101";
  @TempDir Path dir;

  private List<String> hitsIn(byte[] content) throws Exception {
    Path file = dir.resolve("file.bin");
    Files.write(file, content);
    return new PrivacyScan().number(NUMBER).findIn(List.of(dir));
  }

  @Test
  void findsTheNumberInAnyCommonFormatAndInUtf16() throws Exception {
    assertThat(hitsIn("x(415) 555-0101y".getBytes(StandardCharsets.UTF_8))).isNotEmpty();
    assertThat(hitsIn("4155550101".getBytes(StandardCharsets.UTF_16LE))).isNotEmpty();
  }

  @Test
  void findsUnsaltedHashesOfTheNumberRawHexAndBase64() throws Exception {
    byte[] sha256 =
        MessageDigest.getInstance("SHA-256").digest(NUMBER.getBytes(StandardCharsets.UTF_8));
    byte[] sha1 =
        MessageDigest.getInstance("SHA-1").digest("4155550101".getBytes(StandardCharsets.UTF_8));
    byte[] framed = new byte[sha256.length + 8];
    System.arraycopy(sha256, 0, framed, 4, sha256.length);

    assertThat(hitsIn(framed)).anyMatch(h -> h.endsWith("SHA-256(" + NUMBER + ") raw"));
    assertThat(hitsIn(HexFormat.of().formatHex(sha1).getBytes(StandardCharsets.UTF_8)))
        .isNotEmpty();
    assertThat(
            hitsIn(
                java.util.Base64.getEncoder()
                    .encodeToString(sha256)
                    .getBytes(StandardCharsets.UTF_8)))
        .isNotEmpty();
  }

  @Test
  void findsNothingInUnrelatedBytes() throws Exception {
    byte[] other =
        MessageDigest.getInstance("SHA-256")
            .digest("+14155550199".getBytes(StandardCharsets.UTF_8));
    assertThat(hitsIn(other)).isEmpty();
  }
}
