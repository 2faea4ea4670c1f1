package io.marketlab.processor;

import io.marketlab.layout.Resolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A recorder with the same keys as the Cassandra tables (upserts replace by primary key), for unit
 * tests only. {@link #failAfterWrites} simulates a kill -9 in the middle of a batch.
 */
final class InMemoryStore implements ProcessorStore {

  final Map<String, TradeRow> trades = new TreeMap<>();
  final Map<String, Long> storedAt = new TreeMap<>();
  final Map<String, LateTrade> lateTrades = new TreeMap<>();
  final Map<String, DeadLetter> deadLetters = new TreeMap<>();
  final Map<String, Candle> candles = new TreeMap<>();
  final Map<String, SymbolState> states = new TreeMap<>();
  final Map<String, Long> symbols = new TreeMap<>();
  final List<BatchSummary> batches = new ArrayList<>();
  private int writesLeft = Integer.MAX_VALUE;
  int writeCount;

  /** The next write calls after {@code count} more throw, as if the process died there. */
  void failAfterWrites(int count) {
    writesLeft = count;
  }

  void heal() {
    writesLeft = Integer.MAX_VALUE;
  }

  private void write() {
    writeCount++;
    if (writesLeft-- <= 0) {
      throw new IllegalStateException("simulated crash");
    }
  }

  static String tradeKey(TradeRow t) {
    return String.format("%s|%020d|%s|%020d|%010d", t.symbol(), t.tradeTsMs(), t.ingestId(),
        t.frameSeq(), t.indexInFrame());
  }

  static String candleKey(String symbol, Resolution resolution, long windowStartMs) {
    return String.format("%s|%s|%020d", symbol, resolution.label(), windowStartMs);
  }

  @Override
  public void writeTrades(List<TradeRow> rows, long storedAtMicros) {
    // Row by row: a crash can leave half a batch behind, as in Cassandra.
    for (TradeRow row : rows) {
      write();
      trades.put(tradeKey(row), row);
      storedAt.put(tradeKey(row), storedAtMicros);
    }
  }

  @Override
  public void writeLateTrades(List<LateTrade> rows, long recordedAtMicros) {
    for (LateTrade row : rows) {
      write();
      lateTrades.put(tradeKey(row.trade()), row);
    }
  }

  @Override
  public void writeDeadLetters(List<DeadLetter> rows, long seenAtMicros) {
    for (DeadLetter row : rows) {
      write();
      deadLetters.put(row.topic() + "|" + row.kafkaPartition() + "|" + row.kafkaOffset(), row);
    }
  }

  @Override
  public Optional<SymbolState> symbolStateBefore(String queryId, String symbol, long batchId) {
    SymbolState best = null;
    for (Map.Entry<String, SymbolState> entry : states.entrySet()) {
      SymbolState state = entry.getValue();
      if (entry.getKey().startsWith(queryId + "|" + symbol + "|") && state.batchId() < batchId
          && (best == null || state.batchId() > best.batchId())) {
        best = state;
      }
    }
    return Optional.ofNullable(best);
  }

  @Override
  public void writeSymbolState(String queryId, SymbolState state, Optional<SymbolState> previous) {
    write();
    states.put(queryId + "|" + state.symbol() + "|" + state.batchId(), state);
    previous.ifPresent(p -> states.entrySet().removeIf(e ->
        e.getKey().startsWith(queryId + "|" + state.symbol() + "|") && e.getValue().batchId() < p.batchId()));
  }

  @Override
  public List<TradeRow> tradesBetween(String symbol, long fromMs, long toMs) {
    List<TradeRow> found = new ArrayList<>();
    for (TradeRow row : trades.values()) {
      if (row.symbol().equals(symbol) && row.tradeTsMs() >= fromMs && row.tradeTsMs() < toMs) {
        found.add(row);
      }
    }
    return found;
  }

  @Override
  public List<Candle> candlesBetween(String symbol, Resolution resolution, long fromMs, long toMs) {
    List<Candle> found = new ArrayList<>();
    for (Candle candle : candles.values()) {
      if (candle.symbol().equals(symbol) && candle.resolution() == resolution
          && candle.windowStartMs() >= fromMs && candle.windowStartMs() < toMs) {
        found.add(candle);
      }
    }
    return found;
  }

  @Override
  public void writeCandles(List<Candle> rows, long updatedAtMicros) {
    for (Candle row : rows) {
      write();
      candles.put(candleKey(row.symbol(), row.resolution(), row.windowStartMs()), row);
    }
  }

  @Override
  public void writeSymbols(Map<String, Long> latestTradeMsBySymbol) {
    write();
    symbols.putAll(latestTradeMsBySymbol);
  }

  @Override
  public void recordBatch(String queryId, BatchSummary summary) {
    write();
    batches.add(summary);
  }

  @Override
  public void close() {}
}
