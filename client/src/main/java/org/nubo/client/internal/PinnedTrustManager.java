package org.nubo.client.internal;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.nubo.crypto.KeyPin;

/**
 * Trusts a server chain if and only if its leaf certificate carries the pinned key. A Nubo server
 * has a self-signed certificate, so there is no CA to check: the pin is the whole of the trust,
 * which is also why hostname verification adds nothing in this mode.
 */
public final class PinnedTrustManager implements X509TrustManager {
  private final KeyPin pin;

  public PinnedTrustManager(KeyPin pin) {
    this.pin = pin;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    if (chain.length == 0) {
      throw new CertificateException("the server sent no certificate");
    }
    if (!pin.matches(chain[0])) {
      throw new CertificateException("the server's key does not match the pinned key");
    }
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("this trust manager only checks servers");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }

  /** A socket factory whose connections trust only this pin. */
  public SSLSocketFactory socketFactory() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {this}, new SecureRandom());
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the platform has no TLS", e);
    }
  }
}
