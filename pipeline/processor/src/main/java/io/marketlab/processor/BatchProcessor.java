package io.marketlab.processor;

import io.marketlab.layout.Resolution;
import io.marketlab.processor.ProcessorStore.SymbolState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to one micro-batch, in plain Java, so that restarts and replays can be reasoned
 * about (and tested) without Spark:
 *
 * <ol>
 *   <li>lateness, per symbol in arrival (Kafka offset) order: a trade is late when its time is more
 *       than the watermark delay behind the latest trade time of its symbol seen before it. The state
 *       a batch starts from is read as "the state after the latest batch before this one", so a
 *       re-executed batch classifies every trade exactly as the first execution did;
 *   <li>every trade is upserted into trades (late ones flagged and also recorded in late_trades),
 *       every undecodable record into dead_letters;
 *   <li>each 1s window touched by a counting trade is recomputed from the stored trades of that
 *       window, each touched 1m window from its stored 1s candles, each 1h window from its 1m
 *       candles: candles are a function of the trades table, never of what the process remembers;
 *   <li>candles whose window end the watermark passed during this batch are marked final.
 * </ol>
 *
 * Every step is an idempotent upsert, so a batch cut short by kill -9 and executed again by Spark
 * (same offsets, from the checkpoint) ends with the same rows.
 */
public final class BatchProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(BatchProcessor.class);
  private static final Comparator<TradeRow> KAFKA_ORDER =
      Comparator.comparingInt(TradeRow::kafkaPartition).thenComparingLong(TradeRow::kafkaOffset);

  private final ProcessorStore store;
  private final long watermarkDelayMs;
  private final Clock clock;

  public BatchProcessor(ProcessorStore store, long watermarkDelayMs, Clock clock) {
    if (watermarkDelayMs < 0) {
      throw new IllegalArgumentException("watermark delay must be >= 0 ms, got " + watermarkDelayMs);
    }
    this.store = store;
    this.watermarkDelayMs = watermarkDelayMs;
    this.clock = clock;
  }

  /**
   * Processes one batch; {@code trades} and {@code deadLetters} in any order.
   *
   * @param queryId the streaming query's id (stable across restarts of the same checkpoint)
   */
  public BatchSummary process(
      String queryId, long batchId, List<TradeRow> trades, List<DeadLetter> deadLetters) {
    long startedNanos = System.nanoTime();
    Map<String, List<TradeRow>> bySymbol = groupInArrivalOrder(trades);

    List<TradeRow> classified = new ArrayList<>();
    List<LateTrade> late = new ArrayList<>();
    Map<String, Optional<SymbolState>> before = new TreeMap<>();
    Map<String, SymbolState> after = new TreeMap<>();
    for (Map.Entry<String, List<TradeRow>> entry : bySymbol.entrySet()) {
      String symbol = entry.getKey();
      Optional<SymbolState> previous = store.symbolStateBefore(queryId, symbol, batchId);
      Long latest = previous.map(SymbolState::latestTradeMs).orElse(null);
      for (TradeRow trade : entry.getValue()) {
        boolean isLate = latest != null && trade.tradeTsMs() < latest - watermarkDelayMs;
        TradeRow row = trade.withLate(isLate);
        classified.add(row);
        if (isLate) {
          late.add(new LateTrade(row, latest - watermarkDelayMs));
        }
        if (latest == null || trade.tradeTsMs() > latest) {
          latest = trade.tradeTsMs();
        }
      }
      before.put(symbol, previous);
      after.put(symbol, new SymbolState(symbol, batchId, latest));
    }

    long nowMicros = nowMicros();
    store.writeTrades(classified, nowMicros);
    store.writeLateTrades(late, nowMicros);
    store.writeDeadLetters(deadLetters, nowMicros);

    List<Candle> written = writeCandles(classified, after);
    long finalized = finalizeCandles(before, after, written);

    Map<String, Long> latestBySymbol = new TreeMap<>();
    for (SymbolState state : after.values()) {
      store.writeSymbolState(queryId, state, before.get(state.symbol()));
      latestBySymbol.put(state.symbol(), state.latestTradeMs());
    }
    if (!latestBySymbol.isEmpty()) {
      store.writeSymbols(latestBySymbol);
    }

    long priceUpdates = 0;
    for (TradeRow row : classified) {
      priceUpdates += row.isPriceUpdate() ? 1 : 0;
    }
    BatchSummary summary = new BatchSummary(batchId, trades.size() + deadLetters.size(),
        classified.size(), priceUpdates, late.size(), deadLetters.size(), written.size(), finalized,
        offsets(trades, deadLetters), (System.nanoTime() - startedNanos) / 1_000_000,
        clock.millis());
    store.recordBatch(queryId, summary);
    LOG.info(summary.logLine());
    return summary;
  }

  /**
   * Symbol → trades in Kafka order. One symbol lives in one partition (key = symbol), so offset
   * order is its arrival order. A trade seen twice in one batch (same identity) is kept once.
   */
  private static Map<String, List<TradeRow>> groupInArrivalOrder(List<TradeRow> trades) {
    List<TradeRow> sorted = new ArrayList<>(trades);
    sorted.sort(KAFKA_ORDER);
    Set<TradeRow.TradeIdentity> seen = new HashSet<>();
    Map<String, List<TradeRow>> bySymbol = new LinkedHashMap<>();
    for (TradeRow trade : sorted) {
      if (seen.add(trade.identity())) {
        bySymbol.computeIfAbsent(trade.symbol(), s -> new ArrayList<>()).add(trade);
      }
    }
    return bySymbol;
  }

  private List<Candle> writeCandles(List<TradeRow> classified, Map<String, SymbolState> after) {
    Map<String, TreeSet<Long>> windows = new TreeMap<>();
    for (TradeRow trade : classified) {
      if (CandleMath.countsInCandles(trade)) {
        windows.computeIfAbsent(trade.symbol(), s -> new TreeSet<>())
            .add(Resolution.SECOND.windowStart(trade.tradeTsMs()));
      }
    }
    List<Candle> all = new ArrayList<>();
    for (Resolution resolution : Resolution.values()) {
      List<Candle> level = new ArrayList<>();
      for (Map.Entry<String, TreeSet<Long>> entry : windows.entrySet()) {
        String symbol = entry.getKey();
        long watermark = after.get(symbol).latestTradeMs() - watermarkDelayMs;
        TreeSet<Long> starts = new TreeSet<>();
        for (long secondStart : entry.getValue()) {
          starts.add(resolution.windowStart(secondStart));
        }
        Map<Long, List<TradeRow>> tradesByWindow = resolution == Resolution.SECOND
            ? storedTradesByWindow(symbol, starts) : Map.of();
        for (long start : starts) {
          long end = start + resolution.widthMillis();
          Optional<Candle> candle = resolution == Resolution.SECOND
              ? CandleMath.fromTrades(symbol, resolution, start, tradesByWindow.getOrDefault(start, List.of()))
              : CandleMath.merge(symbol, resolution, start,
                  store.candlesBetween(symbol, resolution.finer(), start, end));
          candle.ifPresent(c -> level.add(c.withFinal(end <= watermark)));
        }
      }
      // Written before the next level reads them back.
      store.writeCandles(level, nowMicros());
      all.addAll(level);
    }
    return all;
  }

  /** Touched 1s windows closer than this are read with one range scan. */
  private static final long COALESCE_GAP_MS = 10_000;

  /**
   * The stored trades of the touched 1s windows, by window start. Instead of one query per window
   * (thousands per batch at full speed), touched windows are coalesced into runs and each run is
   * read with one range scan of its day's partition; trades of untouched windows inside a run are
   * read and ignored, which costs far less than the round trips it saves.
   */
  private Map<Long, List<TradeRow>> storedTradesByWindow(String symbol, TreeSet<Long> starts) {
    Map<Long, List<TradeRow>> byWindow = new TreeMap<>();
    Long runStart = null;
    long runEnd = 0;
    for (long start : starts) {
      boolean sameDay = runStart != null && Math.floorDiv(start, DAY_MS) == Math.floorDiv(runStart, DAY_MS);
      if (runStart != null && (start - runEnd > COALESCE_GAP_MS || !sameDay)) {
        readRun(symbol, runStart, runEnd, byWindow);
        runStart = null;
      }
      if (runStart == null) {
        runStart = start;
      }
      runEnd = start + Resolution.SECOND.widthMillis();
    }
    if (runStart != null) {
      readRun(symbol, runStart, runEnd, byWindow);
    }
    return byWindow;
  }

  private static final long DAY_MS = 86_400_000L;

  private void readRun(String symbol, long fromMs, long toMs, Map<Long, List<TradeRow>> byWindow) {
    for (TradeRow trade : store.tradesBetween(symbol, fromMs, toMs)) {
      byWindow.computeIfAbsent(Resolution.SECOND.windowStart(trade.tradeTsMs()), w -> new ArrayList<>()).add(trade);
    }
  }

  /**
   * Marks final the stored candles whose end the watermark passed in this batch. Only windows that
   * were still open before can change: their start is after (previous watermark − width) and at most
   * the previous latest trade time, so each range scan stays within about delay + width.
   */
  private long finalizeCandles(Map<String, Optional<SymbolState>> before,
      Map<String, SymbolState> after, List<Candle> justWritten) {
    Set<String> rewritten = new HashSet<>();
    for (Candle candle : justWritten) {
      rewritten.add(candle.symbol() + "/" + candle.resolution() + "/" + candle.windowStartMs());
    }
    List<Candle> finals = new ArrayList<>();
    for (Map.Entry<String, Optional<SymbolState>> entry : before.entrySet()) {
      if (entry.getValue().isEmpty()) {
        continue;
      }
      String symbol = entry.getKey();
      long previousLatest = entry.getValue().get().latestTradeMs();
      long previousWatermark = previousLatest - watermarkDelayMs;
      long watermark = after.get(symbol).latestTradeMs() - watermarkDelayMs;
      if (watermark <= previousWatermark) {
        continue;
      }
      for (Resolution resolution : Resolution.values()) {
        long from = previousWatermark - resolution.widthMillis() + 1;
        long to = Math.min(watermark - resolution.widthMillis(), previousLatest) + 1;
        if (from >= to) {
          continue;
        }
        for (Candle candle : store.candlesBetween(symbol, resolution, from, to)) {
          String key = symbol + "/" + resolution + "/" + candle.windowStartMs();
          if (!candle.isFinal() && candle.windowEndMs() <= watermark && !rewritten.contains(key)) {
            finals.add(candle.withFinal(true));
          }
        }
      }
    }
    store.writeCandles(finals, nowMicros());
    return finals.size();
  }

  private static String offsets(List<TradeRow> trades, List<DeadLetter> deadLetters) {
    Map<Integer, long[]> ranges = new TreeMap<>();
    for (TradeRow trade : trades) {
      widen(ranges, trade.kafkaPartition(), trade.kafkaOffset());
    }
    for (DeadLetter letter : deadLetters) {
      widen(ranges, letter.kafkaPartition(), letter.kafkaOffset());
    }
    if (ranges.isEmpty()) {
      return "none";
    }
    StringBuilder text = new StringBuilder();
    for (Map.Entry<Integer, long[]> entry : ranges.entrySet()) {
      text.append(text.length() == 0 ? "" : " ").append('p').append(entry.getKey()).append(":[")
          .append(entry.getValue()[0]).append("..").append(entry.getValue()[1]).append(']');
    }
    return text.toString();
  }

  private static void widen(Map<Integer, long[]> ranges, int partition, long offset) {
    long[] range = ranges.computeIfAbsent(partition, p -> new long[] {offset, offset});
    range[0] = Math.min(range[0], offset);
    range[1] = Math.max(range[1], offset);
  }

  private long nowMicros() {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
