package org.nubo.crypto.signal;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.nubo.protocol.AccountToken;
import org.signal.libsignal.metadata.InvalidMetadataMessageException;
import org.signal.libsignal.metadata.InvalidMetadataVersionException;
import org.signal.libsignal.metadata.ProtocolDuplicateMessageException;
import org.signal.libsignal.metadata.ProtocolInvalidKeyException;
import org.signal.libsignal.metadata.ProtocolInvalidKeyIdException;
import org.signal.libsignal.metadata.ProtocolInvalidMessageException;
import org.signal.libsignal.metadata.ProtocolInvalidVersionException;
import org.signal.libsignal.metadata.ProtocolLegacyMessageException;
import org.signal.libsignal.metadata.ProtocolNoSessionException;
import org.signal.libsignal.metadata.ProtocolUntrustedIdentityException;
import org.signal.libsignal.metadata.SealedSessionCipher;
import org.signal.libsignal.metadata.SelfSendException;
import org.signal.libsignal.metadata.certificate.CertificateValidator;
import org.signal.libsignal.metadata.certificate.InvalidCertificateException;
import org.signal.libsignal.metadata.certificate.SenderCertificate;
import org.signal.libsignal.protocol.InvalidKeyException;
import org.signal.libsignal.protocol.SignalProtocolAddress;
import org.signal.libsignal.protocol.UntrustedIdentityException;
import org.signal.libsignal.protocol.ecc.ECPublicKey;

/**
 * Sealed sender for a {@link SignalDevice}: {@link #seal} encrypts a message to a contact and wraps
 * it with this device's sender certificate, so the server sees the recipient but not the sender;
 * {@link #unseal} opens an envelope, accepting only sender certificates signed under a pinned root
 * (several, during a root rotation) and not expired. Plaintexts are padded to a multiple of 160
 * bytes before encryption.
 *
 * <p>Every failure to unseal is one of {@link InvalidEnvelopeException}, {@link
 * DuplicateMessageException}, {@link ExpiredCertificateException} or {@link
 * SafetyNumberChangedException}; a store failure is a {@link SignalStorageException}.
 */
public final class Sealer {
  private final SignalDevice device;
  private final List<ECPublicKey> roots;

  /**
   * A sealer for {@code device}, trusting sender certificates under {@code trustRoots} (each the
   * 33-byte public key {@link CertificateAuthority#rootPublicKey()} gives).
   */
  public Sealer(SignalDevice device, List<byte[]> trustRoots) throws SignalKeyException {
    if (trustRoots.isEmpty()) {
      throw new IllegalArgumentException("at least one trust root");
    }
    List<ECPublicKey> keys = new ArrayList<>();
    for (byte[] root : trustRoots) {
      keys.add(Keys.ecPublic(root, "sealed-sender trust root"));
    }
    this.device = device;
    this.roots = List.copyOf(keys);
  }

  /**
   * Encrypts {@code plaintext} for {@code recipient}, sealed with {@code senderCertificate} (this
   * device's, from {@code GET /v1/certificate/sender}).
   *
   * @throws SessionMissingException no session yet: fetch a bundle and {@link
   *     SignalDevice#startSession}
   * @throws SafetyNumberChangedException the recipient's key changed and was not accepted
   * @throws IllegalArgumentException {@code senderCertificate} does not parse
   */
  public byte[] seal(AccountToken recipient, byte[] senderCertificate, byte[] plaintext)
      throws SessionMissingException, SafetyNumberChangedException {
    SenderCertificate certificate;
    try {
      certificate = new SenderCertificate(senderCertificate);
    } catch (InvalidCertificateException | RuntimeException e) {
      throw new IllegalArgumentException("the sender certificate does not parse", e);
    }
    synchronized (device) {
      PersistentSignalStore store = device.store();
      PeerState peer = store.peer(recipient);
      if (peer.trust == TrustState.CHANGED_UNACKNOWLEDGED) {
        throw new SafetyNumberChangedException(recipient, null);
      }
      if (peer.sessions.isEmpty()) {
        throw new SessionMissingException();
      }
      SignalProtocolAddress address =
          new SignalProtocolAddress(recipient.text(), peer.sessions.firstKey());
      try {
        return cipher(store).encrypt(address, certificate, Padding.pad(plaintext));
      } catch (UntrustedIdentityException e) {
        throw new SafetyNumberChangedException(recipient, e);
      } catch (InvalidKeyException e) {
        throw new SignalStorageException("the session with this contact is unusable", e);
      }
    }
  }

  /**
   * Opens {@code envelope}: checks the sender certificate against the pinned roots at the device's
   * clock, decrypts, and removes the padding. The ratchet state is written before this returns.
   */
  public Unsealed unseal(byte[] envelope)
      throws InvalidEnvelopeException,
          DuplicateMessageException,
          ExpiredCertificateException,
          SafetyNumberChangedException {
    synchronized (device) {
      PersistentSignalStore store = device.store();
      Validator validator = new Validator(roots);
      SealedSessionCipher.DecryptionResult result;
      try {
        result = cipher(store).decrypt(validator, envelope, device.clock().millis());
      } catch (InvalidMetadataMessageException e) {
        if (validator.expired) {
          throw new ExpiredCertificateException(e);
        }
        throw invalid(validator.refusal == null ? "malformed" : validator.refusal, e);
      } catch (ProtocolDuplicateMessageException e) {
        throw new DuplicateMessageException(e);
      } catch (ProtocolUntrustedIdentityException e) {
        throw new SafetyNumberChangedException(PersistentSignalStore.token(e.getSender()), e);
      } catch (InvalidMetadataVersionException
          | ProtocolInvalidVersionException
          | ProtocolLegacyMessageException e) {
        throw invalid("unsupported_version", e);
      } catch (ProtocolNoSessionException e) {
        throw invalid("no_session", e);
      } catch (ProtocolInvalidKeyIdException e) {
        throw invalid("unknown_prekey", e);
      } catch (ProtocolInvalidMessageException | ProtocolInvalidKeyException e) {
        throw invalid("malformed", e);
      } catch (SelfSendException e) {
        throw invalid("self_send", e);
      } catch (RuntimeException e) {
        SignalStorageException storage = storageCause(e);
        if (storage != null) {
          throw storage;
        }
        throw invalid("malformed", e);
      }
      AccountToken sender = PersistentSignalStore.token(result.getSenderUuid());
      byte[] plaintext =
          Padding.unpad(result.getPaddedMessage()).orElseThrow(() -> invalid("bad_padding", null));
      return new Unsealed(sender, result.getDeviceId(), plaintext, store.takeReplaced(sender));
    }
  }

  private SealedSessionCipher cipher(PersistentSignalStore store) {
    // The e164 is never known; the UUID only feeds libsignal's self-send check, which compares it
    // with certificate senders: account tokens, never UUIDs.
    return new SealedSessionCipher(store, store.local().localUuid, null, SignalDevice.DEVICE_ID);
  }

  private static InvalidEnvelopeException invalid(String code, @Nullable Throwable cause) {
    return new InvalidEnvelopeException(code, "the envelope does not open: " + code, cause);
  }

  /** A store failure surfaces as itself; anything else from libsignal is a bad envelope. */
  private static @Nullable SignalStorageException storageCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SignalStorageException storage) {
        return storage;
      }
    }
    return null;
  }

  /**
   * libsignal's validator, remembering why it refused: expired (the certificate would be valid at
   * its own expiry) or untrusted. It also refuses senders that are not account tokens, which no
   * Nubo server issues, before any store sees them.
   */
  private static final class Validator extends CertificateValidator {
    boolean expired;
    @Nullable String refusal;

    Validator(List<ECPublicKey> roots) {
      super(roots);
    }

    @Override
    public void validate(SenderCertificate certificate, long validationTime)
        throws InvalidCertificateException {
      try {
        super.validate(certificate, validationTime);
      } catch (InvalidCertificateException e) {
        expired = validationTime > certificate.getExpiration() && validAtExpiry(certificate);
        refusal = "untrusted_certificate";
        throw e;
      }
      try {
        PersistentSignalStore.token(certificate.getSenderUuid());
      } catch (IllegalArgumentException e) {
        refusal = "bad_sender";
        throw new InvalidCertificateException("the sender is not an account token");
      }
      int deviceId = certificate.getSenderDeviceId();
      if (deviceId < 1 || deviceId > CertificateAuthority.MAX_DEVICE_ID) {
        refusal = "bad_sender";
        throw new InvalidCertificateException("the sender device id is out of range");
      }
    }

    private boolean validAtExpiry(SenderCertificate certificate) {
      try {
        super.validate(certificate, certificate.getExpiration());
        return true;
      } catch (InvalidCertificateException e) {
        return false;
      }
    }
  }
}
