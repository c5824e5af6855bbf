package org.nubo.carrier;

import java.util.List;

/**
 * A snapshot of the carrier's counters, from which the demo shows how many SMS Nubo saved.
 *
 * @param submitted SMS accepted from phones and gateways
 * @param delivered SMS handed to the recipient's phone
 * @param segments billable segments of the submitted SMS (a long text costs several)
 * @param stored SMS waiting for an offline phone right now
 * @param numbers counts per party, sorted by address
 */
public record CarrierStats(
    long submitted, long delivered, long segments, int stored, List<NumberStats> numbers) {
  public CarrierStats {
    numbers = List.copyOf(numbers);
  }

  /** The counts of one party, or zeros if it never sent or received an SMS. */
  public NumberStats of(String address) {
    return numbers.stream()
        .filter(n -> n.address().equals(address))
        .findFirst()
        .orElse(new NumberStats(address, 0, 0));
  }
}
