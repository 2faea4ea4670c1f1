package io.marketlab.scenarios.reference;

/**
 * A gap the ingest must record, as the reference expects it: the symbol, the reason's category
 * ({@code ingest-start} or {@code reconnect}) and the trade times of its ends.
 *
 * @param fromMs the symbol's last trade before the loss; null for an ingest start
 * @param toMs its first trade after; null when the run ended before one came
 */
public record ReferenceGap(String symbol, String category, Long fromMs, Long toMs) {

  public static final String INGEST_START = "ingest-start";
  public static final String RECONNECT = "reconnect";

  /**
   * Whether a candle window {@code [start, start + width)} may lack trades because of this gap: it
   * meets the closed span between the two ends (a missing end stands for the other), since a trade
   * lost in the same millisecond as a received end belongs to that end's window.
   */
  public boolean touches(long windowStartMs, long widthMs) {
    long a = fromMs != null ? fromMs : toMs;
    long b = toMs != null ? toMs : fromMs;
    long lo = Math.min(a, b);
    long hi = Math.max(a, b);
    return windowStartMs <= hi && lo < windowStartMs + widthMs;
  }

  @Override
  public String toString() {
    return symbol
        + " "
        + category
        + " "
        + (fromMs == null ? "start" : java.time.Instant.ofEpochMilli(fromMs))
        + " .. "
        + (toMs == null ? "end" : java.time.Instant.ofEpochMilli(toMs));
  }
}
