package org.nubo.crypto.signal;

/** How many unused one-time prekeys a device holds (the last-resort Kyber key not counted). */
public record PreKeyCounts(int oneTime, int oneTimeKyber) {}
