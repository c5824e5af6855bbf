package org.nubo.client;

import org.jspecify.annotations.Nullable;
import org.nubo.protocol.api.OprfEvaluate;
import org.nubo.protocol.api.OprfEvaluated;
import org.nubo.protocol.api.Register;
import org.nubo.protocol.api.Registration;
import org.nubo.protocol.api.ServerInfo;
import org.nubo.protocol.api.VerificationSession;

/**
 * The REST routes the SDK calls, each blocking. A seam: tests give a fake, production gives {@link
 * HttpControlPlane}. Failures are {@link ServerException} or {@link NetworkException}.
 */
interface ControlPlane {
  VerificationSession startVerification(String number);

  Registration register(Register register);

  void disableMessaging(StoredState.Account account);

  /**
   * {@code POST /v1/directory/evaluate}: blinded elements in, evaluated elements and a proof out.
   */
  OprfEvaluated evaluate(StoredState.Account account, OprfEvaluate blinded);

  /**
   * {@code GET /v1/directory/filter}: a directory update, or null if the phone is current.
   *
   * @param since the version the phone holds, or a negative number for none
   * @param etag the ETag the phone last got, or null
   */
  @Nullable FilterDownload filter(StoredState.Account account, long since, @Nullable String etag);

  ServerInfo config();

  /** A directory update's bytes and its ETag. */
  @SuppressWarnings("ArrayRecordComponent") // decoded once
  record FilterDownload(String etag, byte[] body) {}
}
