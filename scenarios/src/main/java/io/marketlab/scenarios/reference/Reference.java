package io.marketlab.scenarios.reference;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the pipeline must store for one session, as the reference computed it. */
public record Reference(
    List<ReferenceTrade> trades,
    List<ReferenceCandle> candles,
    long malformedFrames,
    long unknownFrames,
    long rejectedTrades,
    long lateTrades) {

  public Map<String, Long> tradesPerSymbol() {
    Map<String, Long> counts = new HashMap<>();
    for (ReferenceTrade trade : trades) {
      counts.merge(trade.symbol(), 1L, Long::sum);
    }
    return counts;
  }

  /** Dead letters the ingest must write: malformed and unknown frames, and rejected trades. */
  public long deadLetters() {
    return malformedFrames + unknownFrames + rejectedTrades;
  }
}
