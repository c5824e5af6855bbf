package org.nubo.server.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.nubo.crypto.KeyPin;
import org.nubo.server.KeyFiles;

/**
 * The server's TLS key and certificate, in a PKCS#12 file in the data folder. On first start a
 * P-256 key and a self-signed certificate are generated; devices trust the server by pinning the
 * key ({@link #pin()}), not through a certificate authority, so the certificate's names and dates
 * matter little. An operator may replace the file with a CA-issued one; the pin changes with the
 * key.
 */
public final class ServerIdentity {
  private static final String ALIAS = "nubo";
  private static final String STORE = "server.p12";
  private static final String PASSWORD = "server.p12.password";

  private final KeyStore keyStore;
  private final String password;
  private final KeyPin pin;

  private ServerIdentity(KeyStore keyStore, String password, KeyPin pin) {
    this.keyStore = keyStore;
    this.password = password;
    this.pin = pin;
  }

  /** Loads {@code dir/server.p12}, generating it on first use. */
  public static ServerIdentity loadOrCreate(Path dir, SecureRandom random) {
    Path store = dir.resolve(STORE);
    Path passwordFile = dir.resolve(PASSWORD);
    try {
      KeyFiles.createPrivateDirectories(dir);
      if (!Files.exists(store)) {
        generate(store, passwordFile, random);
      }
    } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException(
          "cannot create the TLS identity in " + dir + ": " + e.getMessage(), e);
    }
    return load(dir);
  }

  /**
   * Loads {@code dir/server.p12} if the server has made one (it does at its first start with TLS),
   * without creating anything.
   */
  public static Optional<ServerIdentity> loadIfPresent(Path dir) {
    return Files.exists(dir.resolve(STORE)) ? Optional.of(load(dir)) : Optional.empty();
  }

  private static ServerIdentity load(Path dir) {
    Path store = dir.resolve(STORE);
    Path passwordFile = dir.resolve(PASSWORD);
    try {
      String password = Files.readString(passwordFile, StandardCharsets.US_ASCII).trim();
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        keyStore.load(in, password.toCharArray());
      }
      X509Certificate certificate = (X509Certificate) keyStore.getCertificate(ALIAS);
      if (certificate == null) {
        throw new IllegalStateException(store + " has no entry named '" + ALIAS + "'");
      }
      return new ServerIdentity(keyStore, password, KeyPin.of(certificate.getPublicKey()));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot load the TLS identity in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** The pin devices check: {@code sha256/<base64 of the SubjectPublicKeyInfo hash>}. */
  public KeyPin pin() {
    return pin;
  }

  public KeyStore keyStore() {
    return keyStore;
  }

  public String password() {
    return password;
  }

  private static void generate(Path store, Path passwordFile, SecureRandom random)
      throws GeneralSecurityException, IOException, OperatorCreationException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"), random);
    KeyPair keys = generator.generateKeyPair();
    Instant now = Instant.now();
    X500Name name = new X500Name("CN=Nubo server");
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
            name,
            new BigInteger(64, random),
            Date.from(now.minus(Duration.ofDays(1))),
            Date.from(now.plus(Duration.ofDays(3650))),
            name,
            keys.getPublic());
    builder.addExtension(
        Extension.subjectAlternativeName,
        false,
        new GeneralNames(
            new GeneralName[] {
              new GeneralName(GeneralName.dNSName, "localhost"),
              new GeneralName(GeneralName.iPAddress, "127.0.0.1")
            }));
    ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
    X509Certificate certificate =
        new JcaX509CertificateConverter().getCertificate(builder.build(signer));

    byte[] secret = new byte[24];
    random.nextBytes(secret);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    keyStore.load(null, null);
    keyStore.setKeyEntry(
        ALIAS, keys.getPrivate(), password.toCharArray(), new X509Certificate[] {certificate});
    ByteArrayOutputStream stored = new ByteArrayOutputStream();
    keyStore.store(stored, password.toCharArray());
    // The password first: a store without its password is useless, the other way round not.
    // A password left by a start that died before writing its store belongs to no store.
    Files.deleteIfExists(passwordFile);
    KeyFiles.writeNew(passwordFile, password.getBytes(StandardCharsets.US_ASCII));
    KeyFiles.writeNew(store, stored.toByteArray());
  }
}
