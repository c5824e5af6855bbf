package org.nubo.client;

import java.util.List;
import java.util.Map;
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

  /** The registered numbers among {@code numbers}, each with its account token (base64url). */
  Map<String, String> lookup(StoredState.Account account, List<String> numbers);

  ServerInfo config();
}
