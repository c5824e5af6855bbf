package org.nubo.core.verification;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.nubo.core.NotFound;
import org.nubo.core.RateLimited;
import org.nubo.core.SessionGone;
import org.nubo.core.Unavailable;
import org.nubo.core.WrongCode;
import org.nubo.core.accounts.NumberTokens;
import org.nubo.core.accounts.PhoneNumbers;
import org.nubo.core.limits.RateLimiter;
import org.nubo.protocol.AccountToken;

/**
 * Proves that a device holds a phone number: a 6-digit code goes out by SMS and comes back.
 *
 * <p>Data layout: one in-memory entry per session, keyed by a random 128-bit id. The entry holds
 * the number (needed to resend the code; dropped with the session), its account token, an HMAC of
 * the current code under a key that exists only in this process, and counters. Nothing is ever
 * written to disk. A session lives while its code is valid or a resend may still be asked for.
 * Invariants: a code is valid for {@link #CODE_LIFETIME}, checked at most {@link #MAX_CHECKS}
 * times, and used once; resends are spaced {@link #RESEND_SPACING}.
 */
public final class Verifications {
  public static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
  public static final int MAX_CHECKS = 5;

  /** Spacing before the 1st, 2nd, 3rd and later resends. */
  public static final List<Duration> RESEND_SPACING =
      List.of(
          Duration.ofMinutes(1),
          Duration.ofMinutes(2),
          Duration.ofMinutes(5),
          Duration.ofMinutes(10));

  private static final int MAX_SESSIONS = 100_000;

  private final SmsGateway sms;
  private final NumberTokens tokens;
  private final RateLimiter perNumber;
  private final RateLimiter perIp;
  private final Clock clock;
  private final SecureRandom random;
  private final SecretKeySpec codeKey;
  private final ConcurrentMap<String, Session> sessions = new ConcurrentHashMap<>();

  public Verifications(
      SmsGateway sms,
      NumberTokens tokens,
      RateLimiter perNumber,
      RateLimiter perIp,
      Clock clock,
      SecureRandom random) {
    this.sms = sms;
    this.tokens = tokens;
    this.perNumber = perNumber;
    this.perIp = perIp;
    this.clock = clock;
    this.random = random;
    byte[] key = new byte[32];
    random.nextBytes(key);
    this.codeKey = new SecretKeySpec(key, "HmacSHA256");
  }

  /**
   * Starts a session and sends the first code.
   *
   * @param number what the user typed, in international form
   * @param clientKey an opaque key for the caller's network address (never the address itself)
   */
  public VerificationView start(String number, String clientKey) {
    String e164 = PhoneNumbers.normalize(number);
    AccountToken token = tokens.tokenOf(e164);
    perIp.acquire(clientKey);
    perNumber.acquire(token.text());
    if (sessions.size() >= MAX_SESSIONS) {
      sweep();
      if (sessions.size() >= MAX_SESSIONS) {
        throw new Unavailable("busy", "too many verifications in progress; try again shortly");
      }
    }
    String id = randomId();
    Instant now = clock.instant();
    Session session = new Session(id, e164, token, now.plus(CODE_LIFETIME));
    sessions.put(id, session);
    try {
      sendCode(session, now);
    } catch (RuntimeException e) {
      sessions.remove(id);
      throw e;
    }
    return view(session, now);
  }

  /** Sends a fresh code, if the spacing since the last one allows. */
  public VerificationView resend(String sessionId) {
    Session session = live(sessionId);
    Instant now = clock.instant();
    synchronized (session) {
      Instant allowedAt = session.nextResendAt();
      if (now.isBefore(allowedAt)) {
        throw new RateLimited("verification_resend", Duration.between(now, allowedAt));
      }
      sendCode(session, now);
      session.expiresAt = now.plus(CODE_LIFETIME);
      return view(session, now);
    }
  }

  /**
   * Checks a code. On success the session ends and the proven number's account token is returned;
   * the number itself is forgotten.
   *
   * @throws WrongCode when the code does not match and tries remain
   * @throws SessionGone when the session expired, was used, or this was the last try
   */
  public AccountToken verify(String sessionId, String code) {
    Session session = live(sessionId);
    synchronized (session) {
      if (session.used || !clock.instant().isBefore(session.expiresAt)) {
        throw gone();
      }
      session.checks++;
      if (MessageDigest.isEqual(session.codeMac, mac(session.id, code))) {
        session.used = true;
        sessions.remove(sessionId);
        return session.token;
      }
      if (session.checks >= MAX_CHECKS) {
        sessions.remove(sessionId);
        throw new SessionGone("session_gone", "too many wrong codes; start a new verification");
      }
      int left = MAX_CHECKS - session.checks;
      throw new WrongCode(
          "wrong_code",
          "that code is not right; " + left + (left == 1 ? " try" : " tries") + " left");
    }
  }

  /** Drops expired sessions; call periodically. */
  public void sweep() {
    Instant now = clock.instant();
    sessions.values().removeIf(s -> !now.isBefore(s.endsAt()));
  }

  /** Sessions in progress (for metrics and tests). */
  public int sessionsInProgress() {
    return sessions.size();
  }

  private Session live(String sessionId) {
    Session session = sessions.get(sessionId);
    if (session == null) {
      throw new NotFound("unknown_session", "no such verification session; start a new one");
    }
    if (!clock.instant().isBefore(session.endsAt())) {
      sessions.remove(sessionId);
      throw gone();
    }
    return session;
  }

  /**
   * Sends a fresh code and only then makes it the session's code: if the SMS cannot be sent, the
   * code sent before (and its remaining tries) stays valid.
   */
  private void sendCode(Session session, Instant now) {
    String code = String.format(java.util.Locale.ROOT, "%06d", random.nextInt(1_000_000));
    byte[] codeMac = mac(session.id, code);
    try {
      sms.send(
          session.number,
          "Your Nubo code is " + code + ". It expires in 10 minutes. Never share it.");
    } catch (SmsGatewayException e) {
      throw new Unavailable(
          "sms_unavailable", "the code could not be sent by SMS; try again shortly");
    }
    session.codeMac = codeMac;
    // Tries are counted per session, not per code: a resend must not buy five more guesses.
    session.sends++;
    session.lastSentAt = now;
  }

  private VerificationView view(Session session, Instant now) {
    Duration nextResend = Duration.between(now, session.nextResendAt());
    return new VerificationView(
        session.id,
        nextResend.isNegative() ? Duration.ZERO : nextResend,
        Duration.between(now, session.expiresAt));
  }

  private byte[] mac(String sessionId, String code) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(codeKey);
      mac.update(sessionId.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) 0);
      return mac.doFinal(code.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  private String randomId() {
    byte[] id = new byte[16];
    random.nextBytes(id);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
  }

  private static SessionGone gone() {
    return new SessionGone(
        "session_gone", "this verification expired or was used; start a new one");
  }

  private static final class Session {
    final String id;
    final String number;
    final AccountToken token;
    Instant expiresAt;
    byte[] codeMac = new byte[0];
    int checks;
    int sends;
    Instant lastSentAt = Instant.EPOCH;
    boolean used;

    Session(String id, String number, AccountToken token, Instant expiresAt) {
      this.id = id;
      this.number = number;
      this.token = token;
      this.expiresAt = expiresAt;
    }

    /**
     * When the session is forgotten: the code's expiry, or, if later, ten minutes after the next
     * resend becomes allowed (so the slowest resend step can still be asked for).
     */
    Instant endsAt() {
      Instant resendWindowEnd = nextResendAt().plus(CODE_LIFETIME);
      return resendWindowEnd.isAfter(expiresAt) ? resendWindowEnd : expiresAt;
    }

    Instant nextResendAt() {
      int index = Math.min(Math.max(sends - 1, 0), RESEND_SPACING.size() - 1);
      return lastSentAt.plus(RESEND_SPACING.get(index));
    }
  }
}
