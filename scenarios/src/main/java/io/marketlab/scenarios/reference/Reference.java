package io.marketlab.scenarios.reference;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the pipeline must store for one session, as the reference computed it.
 *
 * @param late the late trades, in arrival order, each with the watermark it was behind
 * @param expectedDeadLetters the dead letters the ingest must write, in frame order
 * @param latestTradeMs per symbol, the latest trade time at the end of the session
 * @param watermarkDelayMs the lateness bound the reference judged with
 * @param gaps the gaps the ingest must record, per symbol in arrival order
 */
public record Reference(
    List<ReferenceTrade> trades,
    List<ReferenceCandle> candles,
    long malformedFrames,
    long unknownFrames,
    long rejectedTrades,
    long lateTrades,
    List<ReferenceLateTrade> late,
    List<ReferenceDeadLetter> expectedDeadLetters,
    Map<String, Long> latestTradeMs,
    long watermarkDelayMs,
    List<ReferenceGap> gaps) {

  /** The candles a gap touches (docs/CONTRACTS.md, Gaps): these must be stored incomplete. */
  public Set<ReferenceCandle.Key> incompleteCandles() {
    Set<ReferenceCandle.Key> keys = new java.util.TreeSet<>();
    for (ReferenceCandle candle : candles) {
      for (ReferenceGap gap : gaps) {
        if (gap.symbol().equals(candle.symbol())
            && gap.touches(candle.windowStartMs(), candle.resolution().millis())) {
          keys.add(candle.key());
          break;
        }
      }
    }
    return keys;
  }

  public Map<String, Long> tradesPerSymbol() {
    Map<String, Long> counts = new HashMap<>();
    for (ReferenceTrade trade : trades) {
      counts.merge(trade.symbol(), 1L, Long::sum);
    }
    return counts;
  }

  /**
   * Dead letters the ingest must write, one per frame: malformed and unknown frames, and frames
   * with rejected trades.
   */
  public long deadLetters() {
    return malformedFrames + unknownFrames + rejectedFrames();
  }

  /** Trade frames with at least one rejected trade (each one dead letter). */
  public long rejectedFrames() {
    long count = 0;
    for (ReferenceDeadLetter letter : expectedDeadLetters) {
      if (letter.category().equals(ReferenceDeadLetter.REJECTED)) {
        count++;
      }
    }
    return count;
  }

  /** The arrival numbers of the late trades ({@link ReferenceTrade#arrival()}). */
  public Set<Long> lateArrivals() {
    Set<Long> arrivals = new HashSet<>();
    for (ReferenceLateTrade trade : late) {
      arrivals.add(trade.trade().arrival());
    }
    return arrivals;
  }

  /**
   * Whether {@code candle} is final once the whole session is processed: its window ends at or
   * before its symbol's watermark (latest trade time − delay). No later trade could change it: it
   * would be late.
   */
  public boolean isFinal(ReferenceCandle candle) {
    Long latest = latestTradeMs.get(candle.symbol());
    return latest != null
        && candle.windowStartMs() + candle.resolution().millis() <= latest - watermarkDelayMs;
  }
}
