package org.nubo.client;

/**
 * The user's switches, persisted. Everything is off until the user turns it on.
 *
 * @param messaging whether Cloud Messaging is on (this device is registered and may connect)
 * @param number this phone's own number, E.164, or the empty string while messaging is off
 */
public record Settings(boolean messaging, String number) {}
