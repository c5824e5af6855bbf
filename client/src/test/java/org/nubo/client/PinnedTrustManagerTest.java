package org.nubo.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nubo.client.internal.PinnedTrustManager;
import org.nubo.crypto.KeyPin;
import org.nubo.crypto.TestCertificates;

class PinnedTrustManagerTest {
  private static final char[] PASSWORD = TestCertificates.PASSWORD.toCharArray();

  private static KeyStore selfSigned(Path dir, String alias) throws Exception {
    return TestCertificates.keyStore(dir, alias);
  }

  private static X509Certificate certificate(KeyStore store, String alias) throws Exception {
    return (X509Certificate) store.getCertificate(alias);
  }

  @Test
  void aChainWhoseLeafCarriesThePinnedKeyIsTrusted(@TempDir Path dir) throws Exception {
    X509Certificate server = certificate(selfSigned(dir, "server"), "server");
    PinnedTrustManager trust = new PinnedTrustManager(KeyPin.of(server.getPublicKey()));

    trust.checkServerTrusted(new X509Certificate[] {server}, "ECDHE_ECDSA");
  }

  @Test
  void anyOtherKeyIsRefusedEvenWithTheSameName(@TempDir Path dir) throws Exception {
    X509Certificate server = certificate(selfSigned(dir, "server"), "server");
    X509Certificate impostor = certificate(selfSigned(dir, "impostor"), "impostor");
    PinnedTrustManager trust = new PinnedTrustManager(KeyPin.of(server.getPublicKey()));

    assertThatThrownBy(
            () -> trust.checkServerTrusted(new X509Certificate[] {impostor}, "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
    assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[0], "ECDHE_ECDSA"))
        .isInstanceOf(CertificateException.class);
  }

  @Test
  void aTlsHandshakeSucceedsOnlyWithThePinnedServer(@TempDir Path dir) throws Exception {
    KeyStore serverKeys = selfSigned(dir, "server");
    X509Certificate other = certificate(selfSigned(dir, "other"), "other");

    assertThat(handshake(serverKeys, KeyPin.of(certificate(serverKeys, "server").getPublicKey())))
        .isTrue();
    assertThat(handshake(serverKeys, KeyPin.of(other.getPublicKey()))).isFalse();
  }

  private static boolean handshake(KeyStore serverKeys, KeyPin pin) throws Exception {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(serverKeys, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (SSLServerSocket listener =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Future<?> accepted =
          pool.submit(
              () -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                  socket.startHandshake();
                } catch (IOException e) {
                  // the client refused us: expected in the negative case
                }
                return null;
              });
      try (SSLSocket client =
          (SSLSocket)
              new PinnedTrustManager(pin)
                  .socketFactory()
                  .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        client.startHandshake();
        return true;
      } catch (SSLException e) {
        return false;
      } finally {
        accepted.get(10, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
