package org.nubo.crypto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Makes self-signed certificates with the JDK's keytool; test code only, never on a phone. Shared
 * with the client's tests through this module's test-jar.
 */
public final class TestCertificates {
  /** The password of every key store made here. */
  public static final String PASSWORD = "changeit";

  private TestCertificates() {}

  /** The certificate of a fresh self-signed P-256 key named {@code alias}. */
  public static X509Certificate selfSigned(Path dir, String alias) throws Exception {
    return (X509Certificate) keyStore(dir, alias).getCertificate(alias);
  }

  /** A PKCS12 key store in {@code dir} holding one fresh self-signed P-256 key, {@code alias}. */
  public static KeyStore keyStore(Path dir, String alias) throws Exception {
    Path store = dir.resolve(alias + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process process =
        new ProcessBuilder(
                List.of(
                    keytool,
                    "-genkeypair",
                    "-alias",
                    alias,
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=" + alias,
                    "-validity",
                    "30",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    PASSWORD))
            .redirectErrorStream(true)
            .start();
    process.getInputStream().readAllBytes();
    if (process.waitFor() != 0) {
      throw new IOException("keytool failed");
    }
    return load(store);
  }

  private static KeyStore load(Path store) throws IOException, GeneralSecurityException {
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, PASSWORD.toCharArray());
    }
    return keyStore;
  }
}
