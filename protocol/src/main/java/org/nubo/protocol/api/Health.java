package org.nubo.protocol.api;

/** {@code GET /health}. */
public record Health(String status, String version) {}
