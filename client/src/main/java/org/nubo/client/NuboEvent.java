package org.nubo.client;

/** Something the app may want to show. Events arrive in order, on the SDK's event executor. */
public sealed interface NuboEvent {
  /** A message to show: the SDK has made sure it is shown once. */
  record MessageReceived(InboxMessage message) implements NuboEvent {}

  /** An outgoing message changed state. */
  record MessageUpdated(OutgoingMessage message) implements NuboEvent {}

  /** A contact turned blue or gray. */
  record ReachabilityChanged(String number, Reachability reachability) implements NuboEvent {}

  /** The data-plane connection opened or closed. */
  record ConnectionChanged(boolean connected) implements NuboEvent {}

  /**
   * The contact's safety number changed: it reinstalled, or someone is in the middle. Messages from
   * it are still shown; messages to it go by SMS (or fail, with fallback off) until the user
   * accepts the new number with {@link NuboClient#acceptSafetyNumber}, ideally after comparing
   * {@link NuboClient#safetyNumber} with the contact.
   */
  record SafetyNumberChanged(String number) implements NuboEvent {}

  /** Messaging was turned on or off. */
  record MessagingChanged(boolean enabled) implements NuboEvent {}
}
