package io.marketlab.processor;

import java.time.Clock;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code foreachBatch} function, on the driver: one Spark job per micro-batch in which each
 * executor writes the rows it computed ({@link PartitionWriter}), then one row in {@code
 * processor_batches} from the accumulated counts. The driver's work per batch does not depend on
 * the batch's size: it sees counts, never rows.
 */
final class BatchWriter implements VoidFunction2<Dataset<OutputRow>, Long> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(BatchWriter.class);

  /** Set by Spark on the thread that runs a streaming query's batches (StreamExecution). */
  static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  private final ProcessorStore store;
  private final boolean tradeRows;
  private final transient ProcessorStatus status;
  private final transient Clock clock;
  private transient BatchTally.Accumulator tally;

  public BatchWriter(ProcessorStore store, ProcessorStatus status, Clock clock) {
    this(store, true, status, clock);
  }

  /**
   * @param tradeRows false when a real-time query writes trade rows and dead letters: then this one
   *     writes late flags, late trades, candles and symbols only
   */
  public BatchWriter(ProcessorStore store, boolean tradeRows, ProcessorStatus status, Clock clock) {
    this.store = store;
    this.tradeRows = tradeRows;
    this.status = status;
    this.clock = clock;
  }

  /** Whether this query writes trade rows (else a real-time query does). */
  boolean writesTradeRows() {
    return tradeRows;
  }

  @Override
  public void call(Dataset<OutputRow> rows, Long batchId) {
    long startedNanos = System.nanoTime();
    BatchTally.Accumulator sum = accumulator(rows);
    sum.reset();
    rows.foreachPartition(new PartitionWriter(store, sum, tradeRows));
    BatchTally t = sum.value();
    String queryId = rows.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
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
            (System.nanoTime() - startedNanos) / 1_000_000,
            clock.millis());
    store.recordBatch(queryId == null ? "unbound" : queryId, summary);
    LOG.info(summary.logLine());
    if (status != null) {
      status.batchFinished(summary);
    }
  }

  private synchronized BatchTally.Accumulator accumulator(Dataset<OutputRow> rows) {
    if (tally == null) {
      tally = new BatchTally.Accumulator();
      rows.sparkSession().sparkContext().register(tally, "processor batch tally");
    }
    return tally;
  }
}
