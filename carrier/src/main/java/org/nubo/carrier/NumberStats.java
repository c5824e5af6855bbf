package org.nubo.carrier;

/**
 * What one party did through the carrier: a phone number, or a gateway's sender id.
 *
 * @param address the E.164 number, or the sender id such as "Nubo"
 * @param sent SMS this party submitted and the carrier accepted
 * @param received SMS delivered to this party's phone
 */
public record NumberStats(String address, long sent, long received) {}
