package io.marketlab.processor;

import io.marketlab.layout.Resolution;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the processor reads and writes, so that the per-batch logic can run against Cassandra
 * ({@link CassandraSink}) or an in-memory recorder in unit tests. Every write is an idempotent
 * upsert keyed by identity: writing the same batch twice leaves the same rows.
 */
public interface ProcessorStore extends AutoCloseable {

  /** Upserts trades into {@code market.trades}, stamping {@code stored_at}. */
  void writeTrades(List<TradeRow> trades, long storedAtMicros);

  void writeLateTrades(List<LateTrade> lateTrades, long recordedAtMicros);

  void writeDeadLetters(List<DeadLetter> deadLetters, long seenAtMicros);

  /**
   * The symbol's lateness state as left by the latest batch before {@code batchId}; reading "before"
   * (not "latest") is what makes a re-executed batch see exactly what it saw the first time. The
   * state belongs to one streaming query (its id lives in the checkpoint): a new checkpoint starts
   * from a clean state instead of inheriting batch numbers of an older run.
   */
  Optional<SymbolState> symbolStateBefore(String queryId, String symbol, long batchId);

  /**
   * Records the state after a batch and forgets states older than {@code previous}: the previous one
   * must stay, a replay of this batch reads it.
   */
  void writeSymbolState(String queryId, SymbolState state, Optional<SymbolState> previous);

  /** Trades of one symbol with trade time in [fromMs, toMs), a range inside one UTC day. */
  List<TradeRow> tradesBetween(String symbol, long fromMs, long toMs);

  /** Candles of one symbol and resolution with window start in [fromMs, toMs) (any buckets). */
  List<Candle> candlesBetween(String symbol, Resolution resolution, long fromMs, long toMs);

  void writeCandles(List<Candle> candles, long updatedAtMicros);

  /** The latest trade time per symbol, for the dashboard's symbol list. */
  void writeSymbols(Map<String, Long> latestTradeMsBySymbol);

  void recordBatch(String queryId, BatchSummary summary);

  @Override
  void close();

  /**
   * Per-symbol watermark state: the latest trade time seen (arrival order), after batch {@code
   * batchId}.
   */
  record SymbolState(String symbol, long batchId, long latestTradeMs) {}
}
