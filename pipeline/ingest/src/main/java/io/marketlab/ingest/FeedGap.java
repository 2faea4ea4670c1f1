package io.marketlab.ingest;

import java.util.Objects;

/**
 * A stretch of one symbol's feed the ingest did not receive (docs/CONTRACTS.md, Gaps). Trade times
 * are the exchange's (ms), receipt times the ingest's wall clock (µs): in a replay the first are
 * historical and the second are now.
 *
 * @param reason {@code <category>: <detail>}, category {@link #INGEST_START} or {@link #RECONNECT}
 * @param fromTradeMs the symbol's last trade received before the loss; null for an ingest start
 * @param toTradeMs the symbol's first trade received after the loss; null when the ingest closed
 *     before one came
 * @param fromReceivedAtMicros receipt of the {@code from} trade, or when the ingest started
 * @param toReceivedAtMicros receipt of the {@code to} trade, or when the ingest closed
 */
public record FeedGap(
    String symbol,
    String reason,
    String ingestId,
    Long fromTradeMs,
    Long toTradeMs,
    long fromReceivedAtMicros,
    long toReceivedAtMicros) {

  public static final String INGEST_START = "ingest-start";
  public static final String RECONNECT = "reconnect";

  public FeedGap {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(ingestId, "ingestId");
  }

  /** The text before the first colon of the reason. */
  public String category() {
    int colon = reason.indexOf(':');
    return colon < 0 ? reason : reason.substring(0, colon);
  }
}
