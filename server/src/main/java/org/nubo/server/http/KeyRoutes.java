package org.nubo.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.nubo.core.Unauthenticated;
import org.nubo.core.accounts.Accounts;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.keys.Bundle;
import org.nubo.core.keys.DeliveryKeys;
import org.nubo.core.keys.DeviceKeys;
import org.nubo.core.keys.KeyDirectory;
import org.nubo.core.keys.KeyStatus;
import org.nubo.core.keys.PreKey;
import org.nubo.core.keys.SenderCertificates;
import org.nubo.core.keys.SignedPreKey;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.api.ApiError;
import org.nubo.protocol.api.DeliveryKey;
import org.nubo.protocol.api.KeyUpload;
import org.nubo.protocol.api.PreKeyBundle;
import org.nubo.protocol.api.SenderCertificate;

/**
 * The Signal key routes of docs/openapi.yaml: key upload and status, bundle fetch (with a device
 * credential or a delivery token), sender certificates and the delivery key. Mounted next to {@link
 * ControlPlane}'s routes.
 */
public final class KeyRoutes {
  private final ObjectMapper json;
  private final Accounts accounts;
  private final KeyDirectory directory;
  private final SenderCertificates certificates;
  private final DeliveryKeys deliveryKeys;

  public KeyRoutes(
      ObjectMapper json,
      Accounts accounts,
      KeyDirectory directory,
      SenderCertificates certificates,
      DeliveryKeys deliveryKeys) {
    this.json = json;
    this.accounts = accounts;
    this.directory = directory;
    this.certificates = certificates;
    this.deliveryKeys = deliveryKeys;
  }

  /** Mounts every key route; {@code /v1/keys/status} before the {@code {accountToken}} template. */
  public Router routing(Router router) {
    return router
        .add("PUT", "/v1/keys", this::upload)
        .add("GET", "/v1/keys/status", this::status)
        .add("GET", "/v1/keys/{accountToken}", this::bundle)
        .add("GET", "/v1/certificate/sender", this::certificate)
        .add("PUT", "/v1/delivery-key", this::deliveryKey)
        // Reached only by requests that are not WebSocket upgrades.
        .add(
            "GET",
            "/v1/websocket/sealed",
            r ->
                new ApiResponse(
                    426,
                    new ApiError(
                        "upgrade_required",
                        "this route is the sealed-sender WebSocket; connect with a WebSocket"
                            + " client and no credential")));
  }

  private ApiResponse upload(ApiRequest request) throws IOException {
    DevicePrincipal caller = Requests.authenticate(accounts, request);
    KeyUpload body = Requests.read(json, request, KeyUpload.class);
    directory.upload(
        caller,
        new DeviceKeys(
            body.registrationId(),
            key(body.identityKey(), "identityKey"),
            signed(body.signedPreKey(), "signedPreKey"),
            signed(body.lastResortKyberPreKey(), "lastResortKyberPreKey"),
            body.preKeys().stream()
                .map(k -> new PreKey(k.keyId(), key(k.publicKey(), "preKeys")))
                .toList(),
            body.kyberPreKeys().stream().map(k -> signed(k, "kyberPreKeys")).toList()));
    return ApiResponse.noContent();
  }

  private ApiResponse status(ApiRequest request) {
    DevicePrincipal caller = Requests.authenticate(accounts, request);
    KeyStatus status = directory.status(caller);
    return ApiResponse.ok(
        new org.nubo.protocol.api.KeyStatus(
            status.remaining().preKeys(),
            status.remaining().kyberPreKeys(),
            status.signedPreKeyId(),
            directory.signedPreKeyAge(status).toSeconds()));
  }

  private ApiResponse bundle(ApiRequest request) {
    AccountToken target = AccountToken.parse(request.param("accountToken"));
    Bundle bundle;
    if (request.authorization().isPresent()) {
      bundle =
          directory.fetch(Requests.authenticate(accounts, request), target, request.clientKey());
    } else {
      String token =
          request
              .deliveryToken()
              .orElseThrow(
                  () ->
                      new Unauthenticated(
                          "bad_credentials",
                          "this route needs a device credential or a "
                              + HttpFront.DELIVERY_TOKEN
                              + " header"));
      bundle =
          directory.fetch(
              Requests.base64(token, "bad_delivery_token", HttpFront.DELIVERY_TOKEN),
              target,
              request.clientKey());
    }
    return ApiResponse.ok(
        new PreKeyBundle(
            Requests.base64(bundle.identityKey()),
            bundle.registrationId(),
            bundle.deviceNumber(),
            json(bundle.signedPreKey()),
            bundle
                .preKey()
                .map(k -> new KeyUpload.PreKey(k.keyId(), Requests.base64(k.publicKey())))
                .orElse(null),
            json(bundle.kyberPreKey())));
  }

  private ApiResponse certificate(ApiRequest request) {
    SenderCertificates.Issued issued = certificates.issue(Requests.authenticate(accounts, request));
    return ApiResponse.ok(
        new SenderCertificate(
            Requests.base64(issued.certificate()), issued.expiresAt().toEpochMilli()));
  }

  private ApiResponse deliveryKey(ApiRequest request) throws IOException {
    DevicePrincipal caller = Requests.authenticate(accounts, request);
    DeliveryKey body = Requests.read(json, request, DeliveryKey.class);
    deliveryKeys.register(
        caller, Requests.base64(body.deliveryKey(), "bad_delivery_key", "deliveryKey"));
    return ApiResponse.noContent();
  }

  private static byte[] key(String value, String field) {
    return Requests.base64(value, "bad_key", field);
  }

  private static SignedPreKey signed(KeyUpload.SignedPreKey key, String field) {
    return new SignedPreKey(
        key.keyId(),
        key(key.publicKey(), field),
        Requests.base64(key.signature(), "bad_signature", field));
  }

  private static KeyUpload.SignedPreKey json(SignedPreKey key) {
    return new KeyUpload.SignedPreKey(
        key.keyId(), Requests.base64(key.publicKey()), Requests.base64(key.signature()));
  }
}
