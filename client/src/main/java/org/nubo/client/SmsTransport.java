package org.nubo.client;

/**
 * Port: the phone's own carrier SMS. An Android app gives one backed by {@code SmsManager}; the
 * simulator gives one that talks SMPP to the carrier simulator. Texts that arrive by SMS are handed
 * to the SDK with {@link NuboClient#onSmsReceived(String, String)}.
 */
public interface SmsTransport {
  /**
   * Sends {@code text} to {@code e164Number} as an ordinary SMS.
   *
   * @throws SmsFailedException if the carrier refused it or could not be reached
   */
  void send(String e164Number, String text);
}
