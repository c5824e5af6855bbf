package org.nubo.core.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.nubo.core.InvalidRequest;
import org.nubo.core.Unauthenticated;
import org.nubo.protocol.AccountToken;

/** Enrols devices once a number is proven, authenticates them, and turns messaging off. */
public final class Accounts {
  private static final int SECRET_BYTES = 32;

  private final AccountStore store;
  private final Clock clock;
  private final List<MessagingListener> listeners = new CopyOnWriteArrayList<>();

  public Accounts(AccountStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public void addListener(MessagingListener listener) {
    listeners.add(listener);
  }

  /**
   * Checks the form of a device id and secret without touching storage, so that a caller can refuse
   * a malformed registration before it spends the verification code.
   *
   * @throws InvalidRequest ({@code invalid_device_id} or {@code invalid_device_secret})
   */
  public void checkCredentialForm(String deviceId, String deviceSecret) {
    checkDeviceId(deviceId);
    decodeSecret(deviceSecret);
  }

  /**
   * Enrols a device for the proven {@code account}.
   *
   * @param deviceId the device's random install id: a UUID
   * @param deviceSecret the device's random secret, base64url of 32 bytes
   */
  public DevicePrincipal enrol(AccountToken account, String deviceId, String deviceSecret) {
    String id = checkDeviceId(deviceId);
    byte[] secret = decodeSecret(deviceSecret);
    if (store.findDevice(id).filter(d -> !d.account().equals(account)).isPresent()) {
      throw new InvalidRequest("device_id_taken", "this device id belongs to another account");
    }
    boolean hadMessaging = store.messagingEnabled(account);
    store.enrol(new Device(id, account, sha256(secret), clock.instant()));
    if (hadMessaging) {
      // The number moved to a new install: connections of the replaced devices must go.
      listeners.forEach(l -> l.messagingDisabled(account));
    }
    return new DevicePrincipal(account, id);
  }

  /**
   * Checks a device credential.
   *
   * @throws Unauthenticated for an unknown device or a wrong secret alike
   */
  public DevicePrincipal authenticate(String deviceId, String deviceSecret) {
    Optional<Device> device = store.findDevice(deviceId);
    byte[] presented;
    try {
      presented = sha256(Base64.getUrlDecoder().decode(deviceSecret));
    } catch (IllegalArgumentException e) {
      throw badCredentials();
    }
    byte[] expected = device.map(Device::secretHash).orElseGet(() -> new byte[32]);
    if (device.isEmpty() || !MessageDigest.isEqual(expected, presented)) {
      throw badCredentials();
    }
    return new DevicePrincipal(device.get().account(), device.get().deviceId());
  }

  /**
   * Parses an HTTP {@code Authorization: Basic} value and authenticates it.
   *
   * @throws Unauthenticated if the header is absent, malformed or wrong
   */
  public DevicePrincipal authenticateBasic(String authorization) {
    if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      throw badCredentials();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(6).trim()),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw badCredentials();
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw badCredentials();
    }
    return authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
  }

  /** Whether this device is still enrolled for its account (messaging off removes it). */
  public boolean isEnrolled(DevicePrincipal device) {
    return store
        .findDevice(device.deviceId())
        .filter(d -> d.account().equals(device.account()))
        .isPresent();
  }

  public boolean messagingEnabled(AccountToken account) {
    return store.messagingEnabled(account);
  }

  /** Turns messaging off for the caller's account, effective at once for every connection. */
  public void disableMessaging(DevicePrincipal caller) {
    store.disableMessaging(caller.account());
    List<Exception> failures = new ArrayList<>();
    for (MessagingListener listener : listeners) {
      try {
        listener.messagingDisabled(caller.account());
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      IllegalStateException e = new IllegalStateException("a messaging listener failed");
      failures.forEach(e::addSuppressed);
      throw e;
    }
  }

  private static String checkDeviceId(String deviceId) {
    try {
      UUID uuid = UUID.fromString(deviceId);
      String canonical = uuid.toString();
      if (!canonical.equals(deviceId.toLowerCase(java.util.Locale.ROOT))) {
        throw new IllegalArgumentException("not canonical");
      }
      return canonical;
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest("invalid_device_id", "deviceId must be a random UUID");
    }
  }

  private static byte[] decodeSecret(String secret) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(secret);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest("invalid_device_secret", "deviceSecret must be base64url");
    }
    if (raw.length != SECRET_BYTES) {
      throw new InvalidRequest(
          "invalid_device_secret", "deviceSecret must be " + SECRET_BYTES + " random bytes");
    }
    return raw;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static Unauthenticated badCredentials() {
    return new Unauthenticated("bad_credentials", "the device credential is not valid");
  }
}
