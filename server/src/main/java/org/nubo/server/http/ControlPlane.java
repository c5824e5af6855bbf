package org.nubo.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.nubo.core.accounts.Accounts;
import org.nubo.core.accounts.DevicePrincipal;
import org.nubo.core.limits.RateLimiter;
import org.nubo.core.verification.VerificationView;
import org.nubo.core.verification.Verifications;
import org.nubo.protocol.AccountToken;
import org.nubo.protocol.api.AccountInfo;
import org.nubo.protocol.api.ApiError;
import org.nubo.protocol.api.Health;
import org.nubo.protocol.api.Register;
import org.nubo.protocol.api.Registration;
import org.nubo.protocol.api.ServerInfo;
import org.nubo.protocol.api.StartVerification;
import org.nubo.protocol.api.VerificationSession;

/** The REST routes of docs/openapi.yaml, each a few lines that call the core. */
public final class ControlPlane {
  private final ObjectMapper json;
  private final Verifications verifications;
  private final Accounts accounts;
  private final RateLimiter registrationPerIp;
  private final ServerInfo info;

  public ControlPlane(
      ObjectMapper json,
      Verifications verifications,
      Accounts accounts,
      RateLimiter registrationPerIp,
      ServerInfo info) {
    this.json = json;
    this.verifications = verifications;
    this.accounts = accounts;
    this.registrationPerIp = registrationPerIp;
    this.info = info;
  }

  /** Mounts every route. */
  public Router routing(Router router) {
    return router
        .add("GET", "/health", r -> ApiResponse.ok(new Health("ok", info.version())))
        .add("GET", "/v1/config", r -> ApiResponse.ok(info))
        .add("POST", "/v1/verification/sessions", this::startVerification)
        .add("POST", "/v1/verification/sessions/{id}/resend", this::resend)
        .add("POST", "/v1/registration", this::register)
        .add("GET", "/v1/account", this::account)
        .add("DELETE", "/v1/messaging", this::disableMessaging)
        // Reached only by requests that are not WebSocket upgrades; upgrades never get here.
        .add(
            "GET",
            "/v1/websocket",
            r ->
                new ApiResponse(
                    426,
                    new ApiError(
                        "upgrade_required",
                        "this route is the data-plane WebSocket; connect with a WebSocket client")));
  }

  private ApiResponse startVerification(ApiRequest request) throws IOException {
    StartVerification body = read(request, StartVerification.class);
    return ApiResponse.created(view(verifications.start(body.number(), request.clientKey())));
  }

  private ApiResponse resend(ApiRequest request) {
    return ApiResponse.ok(view(verifications.resend(request.param("id"))));
  }

  private ApiResponse register(ApiRequest request) throws IOException {
    Register body = read(request, Register.class);
    registrationPerIp.acquire(request.clientKey());
    // A malformed device id or secret must not use up the session's one valid code.
    accounts.checkCredentialForm(body.deviceId(), body.deviceSecret());
    AccountToken account = verifications.verify(body.sessionId(), body.code());
    DevicePrincipal device = accounts.enrol(account, body.deviceId(), body.deviceSecret());
    return ApiResponse.ok(new Registration(account.text(), device.deviceId()));
  }

  private ApiResponse account(ApiRequest request) {
    DevicePrincipal caller = authenticate(request);
    return ApiResponse.ok(
        new AccountInfo(
            caller.account().text(),
            caller.deviceId(),
            accounts.messagingEnabled(caller.account())));
  }

  private ApiResponse disableMessaging(ApiRequest request) {
    accounts.disableMessaging(authenticate(request));
    return ApiResponse.noContent();
  }

  /**
   * The calling device, from {@code Authorization: Basic}.
   *
   * @throws Unauthenticated if the header is absent or wrong
   */
  public DevicePrincipal authenticate(ApiRequest request) {
    return Requests.authenticate(accounts, request);
  }

  private <T> T read(ApiRequest request, Class<T> type) throws IOException {
    return Requests.read(json, request, type);
  }

  private static VerificationSession view(VerificationView view) {
    return new VerificationSession(
        view.sessionId(), view.nextResendIn().toSeconds(), view.expiresIn().toSeconds());
  }
}
