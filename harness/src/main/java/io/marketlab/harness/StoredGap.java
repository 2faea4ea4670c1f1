package io.marketlab.harness;

/**
 * One row of {@code gaps} (docs/CONTRACTS.md, Gaps).
 *
 * @param fromMs trade time of the last trade before the loss; null for an ingest start
 * @param toMs trade time of the first trade after; null when the ingest closed first
 */
public record StoredGap(
    String symbol,
    String reason,
    String ingestId,
    Long fromMs,
    Long toMs,
    long fromReceivedAtMicros,
    long toReceivedAtMicros) {

  /** The text before the first colon of the reason: {@code ingest-start} or {@code reconnect}. */
  public String category() {
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }
}
