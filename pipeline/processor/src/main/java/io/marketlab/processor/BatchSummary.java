package io.marketlab.processor;

/**
 * What one micro-batch did; logged in one line and kept in {@code market.processor_batches}.
 *
 * @param offsets Kafka offsets per partition, e.g. {@code trades-0:[120..340]}
 */
record BatchSummary(
    long batchId,
    long records,
    long trades,
    long priceUpdates,
    long lateTrades,
    long deadLetters,
    long candlesWritten,
    long candlesFinalized,
    String offsets,
    long durationMillis,
    long finishedAtMs) {

  public String logLine() {
    return "batch "
        + batchId
        + ": "
        + records
        + " records, "
        + trades
        + " trades ("
        + priceUpdates
        + " price updates, "
        + lateTrades
        + " late), "
        + deadLetters
        + " dead letters, "
        + candlesWritten
        + " candles written, "
        + candlesFinalized
        + " finalized, offsets "
        + offsets
        + ", "
        + durationMillis
        + " ms";
  }
}
