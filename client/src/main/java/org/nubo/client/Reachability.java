package org.nubo.client;

/** Whether a contact can be reached over IP right now. */
public enum Reachability {
  /** An online Nubo user: a message goes over IP. */
  BLUE,
  /** Offline, not a Nubo user, or unknown: a message will most likely go by SMS. */
  GRAY
}
