package io.marketlab.processor;

import java.io.Serializable;

/**
 * Where the processor writes. It travels to the executors with the tasks, so an implementation
 * holds settings, not connections ({@link CassandraStore} looks its session up in the executor
 * JVM's pool). Every write is an idempotent upsert keyed by identity: writing the same batch twice
 * leaves the same rows.
 */
interface ProcessorStore extends Serializable {

  /** A writer for one task's rows, on the executor that runs it. */
  RowWriter open();

  /**
   * A writer that sends each row as it comes, batching only rows that come while their partition
   * has requests in flight, and retries failed writes on its own: for the real-time query, whose
   * task runs for a whole checkpoint interval.
   */
  RowWriter openRealTime();

  /** Records one finished batch in {@code processor_batches}, on the driver. */
  void recordBatch(String queryId, BatchSummary summary);

  /**
   * Writes the rows of one task. Calls may return before the row is stored; {@link #finish} waits
   * for all of them.
   */
  interface RowWriter {

    /** Upserts a trade into trades, stamping {@code stored_at}; {@code topic} it was read from. */
    void trade(TradeRow trade, String topic);

    /**
     * Upserts a trade as the real-time query reads it (not judged late: {@code is_late} false), at
     * a write time derived from its Kafka timestamp, so that {@link #lateFlag} wins whichever of
     * the two queries writes first.
     */
    void realTimeTrade(TradeRow trade, String topic);

    /** Sets {@code is_late} of a trade the real-time query writes, just after that row's time. */
    void lateFlag(TradeRow trade);

    void lateTrade(LateTrade late);

    void deadLetter(DeadLetter letter);

    void candle(Candle candle);

    /**
     * A candle written before whose window the watermark has now passed: only {@code is_final}
     * changes, so {@code updated_at} stays the time of its last change (what candle latency
     * measures).
     */
    default void finalCandle(Candle candle) {
      candle(candle);
    }

    /** The latest trade time of a symbol, for the dashboard's symbol list. */
    void symbol(String symbol, long latestTradeMs);

    /** Upserts an hour's figures into hourly. */
    void hourly(HourlyRow row);

    /** Upserts an anomaly of {@code symbol} into anomalies (and tells whoever listens). */
    void anomaly(String symbol, Analytics.Anomaly anomaly);

    /**
     * Waits until every row is written. A row the store refuses for what it holds (a value the
     * schema cannot take) is written to dead_letters instead, with the reason.
     *
     * @return how many rows were refused and dead-lettered
     */
    long finish();

    /** Gives up on what is not written yet (the task failed; Spark runs it again). */
    default void abandon() {}
  }
}
