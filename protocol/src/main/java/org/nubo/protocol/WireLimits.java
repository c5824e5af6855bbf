package org.nubo.protocol;

/** Sizes both ends agree on. A frame over these limits is refused before it is parsed. */
public final class WireLimits {
  /** The largest message payload the relay accepts: 64 KiB. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  /** The largest WebSocket frame: a full payload plus room for the envelope's other fields. */
  public static final int MAX_FRAME_BYTES = MAX_PAYLOAD_BYTES + 1024;

  /** Account tokens are 32 bytes (a PRF output). */
  public static final int TOKEN_BYTES = 32;

  /** The most ids one Resolve may ask about. */
  public static final int MAX_RESOLVE_IDS = 256;

  /** A sealed sender's delivery token: 16 bytes, or none on first contact. */
  public static final int DELIVERY_TOKEN_BYTES = 16;

  /**
   * The largest SealedProbe payload: a sealed Signal message carrying a short probe (a first,
   * prekey message with its Kyber ciphertext is about 1.8 KB), with room to spare.
   */
  public static final int MAX_PROBE_PAYLOAD_BYTES = 4 * 1024;

  /** The largest ProbeAnswer payload the server relays back to a sealed prober. */
  public static final int MAX_PROBE_ANSWER_BYTES = 512;

  /** The most one-time EC prekeys one {@code PUT /v1/keys} may carry. */
  public static final int MAX_EC_PREKEYS_PER_UPLOAD = 100;

  /** The most one-time Kyber prekeys one {@code PUT /v1/keys} may carry (≈ 44 KB of JSON). */
  public static final int MAX_KYBER_PREKEYS_PER_UPLOAD = 20;

  /** Below this many one-time prekeys of either kind, the server pushes PreKeysLow. */
  public static final int PREKEYS_LOW = 10;

  private WireLimits() {}
}
