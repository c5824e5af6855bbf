package org.nubo.smpp;

import java.io.IOException;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.session.SMPPSession;

/**
 * The one submit_sm Nubo sends, whether from the server's gateway or from a simulated phone: no
 * service type, no scheduling or validity period, no delivery receipt, default priority and
 * protocol id; the text coded by {@link SmsText} and the addresses by {@link SmppAddress}.
 */
public final class SmppSubmit {
  private SmppSubmit() {}

  /**
   * Submits {@code text} and returns once the carrier accepted it.
   *
   * @param source an E.164 number (sent as international) or an alphanumeric sender id
   * @param destination the recipient's E.164 number
   * @throws NegativeResponseException if the carrier refused the SMS (its command_status says why)
   * @throws ResponseTimeoutException if the carrier did not answer within the session's timer
   * @throws InvalidResponseException if the carrier's answer was not a submit_sm_resp
   * @throws PDUException if a field does not fit SMPP (e.g. an address too long)
   * @throws IOException if the link failed while sending the submit_sm
   */
  public static void send(SMPPSession session, String source, String destination, SmsText text)
      throws PDUException,
          ResponseTimeoutException,
          InvalidResponseException,
          NegativeResponseException,
          IOException {
    session.submitShortMessage(
        "",
        SmppAddress.tonOf(source),
        SmppAddress.npiOf(source),
        SmppAddress.toSmpp(source),
        TypeOfNumber.INTERNATIONAL,
        NumberingPlanIndicator.ISDN,
        SmppAddress.toSmpp(destination),
        new ESMClass(),
        (byte) 0,
        (byte) 0,
        null,
        null,
        new RegisteredDelivery(),
        (byte) 0,
        text.coding(),
        (byte) 0,
        text.shortMessage(),
        text.optionalParameters());
  }
}
