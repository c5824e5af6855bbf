package org.nubo.protocol.api;

/**
 * {@code PUT /v1/delivery-key}: the 16-byte key (base64url) senders must present as {@code
 * Nubo-Delivery-Token} to fetch this account's keys, or in a SealedSend. The server keeps only its
 * SHA-256.
 */
public record DeliveryKey(String deliveryKey) {}
