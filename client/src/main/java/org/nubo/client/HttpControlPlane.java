package org.nubo.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.jspecify.annotations.Nullable;
import org.nubo.protocol.api.ApiError;
import org.nubo.protocol.api.DeliveryKey;
import org.nubo.protocol.api.KeyStatus;
import org.nubo.protocol.api.KeyUpload;
import org.nubo.protocol.api.OprfEvaluate;
import org.nubo.protocol.api.OprfEvaluated;
import org.nubo.protocol.api.PreKeyBundle;
import org.nubo.protocol.api.Register;
import org.nubo.protocol.api.Registration;
import org.nubo.protocol.api.SenderCertificate;
import org.nubo.protocol.api.ServerInfo;
import org.nubo.protocol.api.StartVerification;
import org.nubo.protocol.api.VerificationSession;

/**
 * The control plane and the key routes over HTTPS with JSON bodies (records of {@code
 * org.nubo.protocol.api}).
 */
final class HttpControlPlane implements ControlPlane, KeyPlane {
  /** The header that stands in for a credential on the bundle route (decision 0004). */
  static final String DELIVERY_TOKEN = "Nubo-Delivery-Token";

  private static final MediaType JSON = MediaType.get("application/json");

  private final OkHttpClient http;
  private final HttpUrl base;
  private final ObjectMapper json;

  HttpControlPlane(OkHttpClient http, HttpUrl base, ObjectMapper json) {
    this.http = http;
    this.base = base;
    this.json = json;
  }

  static String authorization(StoredState.Account account) {
    return Credentials.basic(account.deviceId(), account.deviceSecret());
  }

  @Override
  public VerificationSession startVerification(String number) {
    return call(
        post("v1/verification/sessions", new StartVerification(number)).build(),
        VerificationSession.class);
  }

  @Override
  public Registration register(Register register) {
    return call(post("v1/registration", register).build(), Registration.class);
  }

  @Override
  public void disableMessaging(StoredState.Account account) {
    execute(
        new Request.Builder()
            .url(url("v1/messaging"))
            .delete()
            .header("Authorization", authorization(account))
            .build());
  }

  @Override
  public OprfEvaluated evaluate(StoredState.Account account, OprfEvaluate blinded) {
    return call(
        post("v1/directory/evaluate", blinded)
            .header("Authorization", authorization(account))
            .build(),
        OprfEvaluated.class);
  }

  @Override
  public @Nullable FilterDownload filter(
      StoredState.Account account, long since, @Nullable String etag) {
    HttpUrl.Builder url = url("v1/directory/filter").newBuilder();
    if (since >= 0) {
      url.addQueryParameter("since", Long.toString(since));
    }
    Request.Builder request =
        new Request.Builder()
            .url(url.build())
            .get()
            .header("Authorization", authorization(account));
    if (etag != null) {
      request.header("If-None-Match", etag);
    }
    try (Response response = http.newCall(request.build()).execute()) {
      ResponseBody body = response.body();
      byte[] bytes = body == null ? new byte[0] : body.bytes();
      if (response.code() == 304) {
        return null;
      }
      if (!response.isSuccessful()) {
        throw error(response, bytes);
      }
      String tag = response.header("ETag");
      return new FilterDownload(tag == null ? "" : tag, bytes);
    } catch (IOException e) {
      throw new NetworkException("the Nubo server could not be reached", e);
    }
  }

  @Override
  public ServerInfo config() {
    return call(new Request.Builder().url(url("v1/config")).get().build(), ServerInfo.class);
  }

  @Override
  public void uploadKeys(StoredState.Account account, KeyUpload keys) {
    execute(put("v1/keys", keys).header("Authorization", authorization(account)).build());
  }

  @Override
  public KeyStatus keyStatus(StoredState.Account account) {
    return call(authorizedGet("v1/keys/status", account), KeyStatus.class);
  }

  @Override
  public PreKeyBundle fetchBundle(
      StoredState.Account account, String token, Optional<String> deliveryToken) {
    Request.Builder request = new Request.Builder().url(url("v1/keys/" + token)).get();
    if (deliveryToken.isPresent()) {
      request.header(DELIVERY_TOKEN, deliveryToken.get());
    } else {
      request.header("Authorization", authorization(account));
    }
    return call(request.build(), PreKeyBundle.class);
  }

  @Override
  public SenderCertificate senderCertificate(StoredState.Account account) {
    return call(authorizedGet("v1/certificate/sender", account), SenderCertificate.class);
  }

  @Override
  public void registerDeliveryKey(StoredState.Account account, String deliveryKey) {
    execute(
        put("v1/delivery-key", new DeliveryKey(deliveryKey))
            .header("Authorization", authorization(account))
            .build());
  }

  private Request authorizedGet(String path, StoredState.Account account) {
    return new Request.Builder()
        .url(url(path))
        .get()
        .header("Authorization", authorization(account))
        .build();
  }

  private HttpUrl url(String path) {
    HttpUrl url = base.resolve(path);
    if (url == null) {
      throw new IllegalStateException("cannot resolve " + path);
    }
    return url;
  }

  private Request.Builder post(String path, Object body) {
    return new Request.Builder().url(url(path)).post(body(body));
  }

  private Request.Builder put(String path, Object body) {
    return new Request.Builder().url(url(path)).put(body(body));
  }

  private RequestBody body(Object body) {
    try {
      return RequestBody.create(json.writeValueAsBytes(body), JSON);
    } catch (IOException e) {
      throw new IllegalStateException("cannot encode a request body", e);
    }
  }

  private <T> T call(Request request, Class<T> type) {
    byte[] bytes = execute(request);
    try {
      return json.readValue(bytes, type);
    } catch (IOException e) {
      throw new NetworkException("the server's answer could not be read", e);
    }
  }

  private byte[] execute(Request request) {
    try (Response response = http.newCall(request).execute()) {
      ResponseBody body = response.body();
      byte[] bytes = body == null ? new byte[0] : body.bytes();
      if (!response.isSuccessful()) {
        throw error(response, bytes);
      }
      return bytes;
    } catch (IOException e) {
      throw new NetworkException("the Nubo server could not be reached", e);
    }
  }

  private ServerException error(Response response, byte[] bytes) {
    String code = "http_" + response.code();
    String message = "the server answered " + response.code();
    try {
      ApiError error = json.readValue(bytes, ApiError.class);
      code = error.code();
      message = error.message();
    } catch (IOException | RuntimeException e) {
      // Not our server's error body (a proxy's HTML page, say): keep the status-derived code.
    }
    return new ServerException(
        response.code(), code, message, retryAfter(response.header("Retry-After")));
  }

  private static Duration retryAfter(@Nullable String header) {
    if (header == null) {
      return Duration.ZERO;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
    } catch (NumberFormatException e) {
      return Duration.ZERO;
    }
  }
}
