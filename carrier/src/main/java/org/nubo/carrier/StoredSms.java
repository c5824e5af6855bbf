package org.nubo.carrier;

/** An SMS the carrier has accepted and not yet handed to the recipient's phone. */
record StoredSms(String from, String to, String text, int segments) {}
