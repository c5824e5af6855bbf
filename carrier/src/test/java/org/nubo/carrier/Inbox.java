package org.nubo.carrier;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a simulated phone received, in order, for a test to take with a bounded wait. Shared with
 * other modules' tests through this module's test-jar.
 */
public final class Inbox implements Consumer<ReceivedSms> {
  private final BlockingQueue<ReceivedSms> received = new LinkedBlockingQueue<>();

  @Override
  public void accept(ReceivedSms sms) {
    received.add(sms);
  }

  public ReceivedSms next() {
    try {
      ReceivedSms sms = received.poll(10, TimeUnit.SECONDS);
      if (sms == null) {
        throw new AssertionError("no SMS arrived within 10 seconds");
      }
      return sms;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Fails if an SMS arrives within {@code quiet}. */
  public void expectNothing(Duration quiet) {
    try {
      ReceivedSms sms = received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
      if (sms != null) {
        fail("expected no SMS, got one from " + sms.fromNumber());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
