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

  /** The driver thread's CPU time at the end of the previous batch (-1: none yet). */
  private transient long lastEndCpuNanos = -1;

  private transient long lastBatchId = -1;

  @Override
  public void call(Dataset<OutputRow> rows, Long batchId) {
    long startedNanos = System.nanoTime();
    long startCpu = threadCpuNanos();
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
    long endCpu = threadCpuNanos();
    LOG.info(summary.logLine() + driverCpu(startCpu, endCpu, batchId));
    lastEndCpuNanos = endCpu;
    lastBatchId = batchId;
    if (status != null) {
      status.batchFinished(summary);
    }
  }

  /**
   * "; driver cpu 2.1 ms in the batch, 5.3 ms before it": the CPU time of the query's stream
   * execution thread (this function runs on it) while it handed the batch to the executors, and
   * between the end of the previous batch and this one (offsets, planning, WAL and commit; only
   * when the previous batch was the one before this). Empty when the JVM does not measure thread
   * CPU. The executors' work is on other threads and is not in it.
   */
  private String driverCpu(long startCpu, long endCpu, long batchId) {
    if (startCpu < 0 || endCpu < 0) {
      return "";
    }
    String before =
        lastEndCpuNanos >= 0 && lastBatchId == batchId - 1
            ? String.format(
                java.util.Locale.ROOT, ", %.1f ms before it", (startCpu - lastEndCpuNanos) / 1e6)
            : "";
    return String.format(
        java.util.Locale.ROOT,
        "; driver cpu %.1f ms in the batch%s",
        (endCpu - startCpu) / 1e6,
        before);
  }

  private static long threadCpuNanos() {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
  }

  private synchronized BatchTally.Accumulator accumulator(Dataset<OutputRow> rows) {
    if (tally == null) {
      tally = new BatchTally.Accumulator();
      rows.sparkSession().sparkContext().register(tally, "processor batch tally");
    }
    return tally;
  }
}
