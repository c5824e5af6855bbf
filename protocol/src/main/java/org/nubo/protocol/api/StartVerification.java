package org.nubo.protocol.api;

/** {@code POST /v1/verification/sessions}: send a one-time code to this number. */
public record StartVerification(String number) {}
