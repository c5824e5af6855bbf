package org.nubo.crypto.signal;

/**
 * A sealed envelope whose sender certificate, though signed under a pinned root, had expired at the
 * time of unsealing. Drop it; the sender's SDK refreshes its certificate.
 */
public final class ExpiredCertificateException extends SignalSessionException {
  private static final long serialVersionUID = 1L;

  ExpiredCertificateException(Throwable cause) {
    super("expired_certificate", "the sender certificate has expired", cause);
  }
}
