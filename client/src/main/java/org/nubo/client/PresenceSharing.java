package org.nubo.client;

/**
 * Who may see that this phone is reachable over IP (decision 0006). The phone decides when a sealed
 * probe arrives, after checking who asks; a refusal is silence, which the asker cannot tell from
 * this phone being offline.
 */
public enum PresenceSharing {
  /** Anyone who knows this number and asks. */
  EVERYONE,
  /** Only people whose numbers are in this phone's contacts (the default). */
  CONTACTS,
  /** Nobody: this phone always looks offline to a probe. */
  NOBODY
}
