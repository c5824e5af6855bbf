package org.nubo.core.keys;

/** A bundle taken from the store, with the owner's device and what it has left afterwards. */
public record TakenBundle(Bundle bundle, String deviceId, KeyCounts remaining) {}
