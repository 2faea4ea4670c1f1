package io.marketlab.dashboard;

import java.time.Instant;

/**
 * One row of the processor's {@code gaps} table (docs/CONTRACTS.md, Gaps): for this symbol the
 * ingest received nothing between two trades, so trades may be missing.
 *
 * @param from trade time of the symbol's last trade before the loss; null for an ingest start
 * @param to trade time of its first trade after the loss; null when the ingest closed first
 * @param fromReceivedAtMicros ingest receipt time of {@code from} (µs; the start for an ingest
 *     start)
 * @param toReceivedAtMicros receipt time of {@code to} (µs; when the ingest closed, if it did)
 */
public record GapRow(
    String symbol,
    String reason,
    String ingestId,
    Instant from,
    Instant to,
    long fromReceivedAtMicros,
    long toReceivedAtMicros) {

  /** The earlier end of the span in trade time, a missing end standing for the other. */
  public Instant low() {
    if (from == null || to == null) {
      return from == null ? to : from;
    }
    return from.isBefore(to) ? from : to;
  }

  /** The later end of the span in trade time, a missing end standing for the other. */
  public Instant high() {
    if (from == null || to == null) {
      return from == null ? to : from;
    }
    return from.isAfter(to) ? from : to;
  }

  /** True when the closed span [low, high] meets {@code [start, end)}. */
  boolean meets(Instant start, Instant end) {
    Instant low = low();
    Instant high = high();
    return low != null && low.isBefore(end) && !high.isBefore(start);
  }

  /** The text before the first colon of the reason: {@code ingest-start} or {@code reconnect}. */
  public String category() {
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }
}
