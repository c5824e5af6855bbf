package org.nubo.carrier;

/**
 * An SMS that reached a simulated phone.
 *
 * @param fromNumber the sender's E.164 number, or an alphanumeric sender id such as "Nubo"
 * @param text the text, decoded from its SMPP coding
 */
public record ReceivedSms(String fromNumber, String text) {}
