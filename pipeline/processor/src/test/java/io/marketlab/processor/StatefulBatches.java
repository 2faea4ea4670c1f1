package io.marketlab.processor;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The stateful query without Spark, for fast tests of what a micro-batch does: rows grouped by key
 * as {@code groupByKey} does, each symbol's {@link SymbolState} through {@link
 * SymbolStateFunction#step} (via its bytes, as Spark's state store keeps it), the output through
 * {@link PartitionWriter#write}, one row in processor_batches. Like Spark's checkpoint, it keeps
 * the state as of every batch: batch N starts from the state after batch N − 1, and a batch that
 * fails leaves no new state behind, so it can run again.
 */
final class StatefulBatches {

  private final InMemoryStore store;
  private final long delayMs;
  private final Clock clock;

  /** State version N: every symbol's state before batch N. */
  private final Map<Long, Map<String, byte[]>> versions = new HashMap<>();

  /** Whether this query writes trade rows (else a real-time query does: see tradeRowsElsewhere). */
  private final boolean tradeRows;

  StatefulBatches(InMemoryStore store, long delayMs, Clock clock) {
    this(store, delayMs, clock, true);
  }

  StatefulBatches(InMemoryStore store, long delayMs, Clock clock, boolean tradeRows) {
    this.store = store;
    this.delayMs = delayMs;
    this.clock = clock;
    this.tradeRows = tradeRows;
  }

  BatchSummary process(
      String queryId, long batchId, List<TradeRow> trades, List<DeadLetter> deadLetters) {
    Map<String, byte[]> before = versions.getOrDefault(batchId, Map.of());
    Map<String, byte[]> after = new HashMap<>(before);
    Map<String, List<TradeRow>> bySymbol = new LinkedHashMap<>();
    for (TradeRow trade : trades) {
      bySymbol.computeIfAbsent(trade.symbol(), s -> new ArrayList<>()).add(trade);
    }
    List<OutputRow> output = new ArrayList<>();
    for (DeadLetter letter : deadLetters) {
      output.add(OutputRow.deadLetter(letter));
    }
    for (Map.Entry<String, List<TradeRow>> entry : bySymbol.entrySet()) {
      byte[] bytes = before.get(entry.getKey());
      SymbolState state =
          bytes == null
              ? SymbolState.empty(entry.getKey())
              : SymbolState.fromBytes(entry.getKey(), bytes);
      SymbolStateFunction.step(state, entry.getValue(), "trades", delayMs, tradeRows, output);
      after.put(entry.getKey(), state.toBytes());
    }
    long started = System.nanoTime();
    BatchTally t = PartitionWriter.write(output.iterator(), store, tradeRows);
    BatchSummary summary =
        new BatchSummary(
            batchId,
            t.records,
            t.trades,
            t.priceUpdates,
            t.lateTrades,
            t.deadLetters,
            t.candlesWritten,
            t.candlesFinalized,
            t.offsetsText(),
            (System.nanoTime() - started) / 1_000_000,
            clock.millis());
    store.recordBatch(summary);
    versions.put(batchId + 1, after);
    return summary;
  }
}
