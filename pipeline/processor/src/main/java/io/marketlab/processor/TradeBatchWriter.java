package io.marketlab.processor;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The {@code foreachBatch} function: brings one decoded micro-batch to the driver and hands it to
 * {@link BatchProcessor}. A batch is bounded by maxOffsetsPerTrigger, and per-symbol lateness needs
 * the symbol's trades in offset order in one place, which the driver is.
 */
public final class TradeBatchWriter implements VoidFunction2<Dataset<Row>, Long> {

  private static final long serialVersionUID = 1L;

  /** Set by Spark on the thread that runs a streaming query's batches (StreamExecution). */
  static final String QUERY_ID_PROPERTY = "sql.streaming.queryId";

  private final transient BatchProcessor processor;

  public TradeBatchWriter(BatchProcessor processor) {
    this.processor = processor;
  }

  @Override
  public void call(Dataset<Row> decoded, Long batchId) {
    // One pass over the batch: Kafka is read once, then split on the driver.
    Split split = split(decoded.collectAsList());
    String queryId = decoded.sparkSession().sparkContext().getLocalProperty(QUERY_ID_PROPERTY);
    processor.process(queryId == null ? "unbound" : queryId, batchId, split.trades(),
        split.deadLetters());
  }

  /** Rows of {@link Transforms#decode} as trades and dead letters. */
  public record Split(List<TradeRow> trades, List<DeadLetter> deadLetters) {}

  public static Split split(List<Row> decodedRows) {
    List<TradeRow> trades = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    for (Row row : decodedRows) {
      String reason = row.getAs(Transforms.REASON);
      if (reason == null) {
        trades.add(toTrade(row));
      } else {
        int ts = row.fieldIndex("kafka_ts_ms");
        deadLetters.add(new DeadLetter(row.getAs("topic"), row.<Integer>getAs("kafka_partition"),
            row.<Long>getAs("kafka_offset"), row.isNullAt(ts) ? 0 : row.getLong(ts),
            row.getAs("raw"), reason));
      }
    }
    return new Split(trades, deadLetters);
  }

  /** A decoded row that is a trade, as a record. */
  public static TradeRow toTrade(Row row) {
    List<String> conditions = row.isNullAt(row.fieldIndex("conditions"))
        ? List.of() : row.getList(row.fieldIndex("conditions"));
    return new TradeRow(
        row.getAs("symbol"),
        row.<Double>getAs("price"),
        row.<Double>getAs("volume"),
        row.<Long>getAs("trade_ts_ms"),
        conditions,
        row.<Long>getAs("received_at_us"),
        row.getAs("ingest_id"),
        row.<Long>getAs("frame_seq"),
        row.<Integer>getAs("index_in_frame"),
        row.<Integer>getAs("kafka_partition"),
        row.<Long>getAs("kafka_offset"),
        row.isNullAt(row.fieldIndex("kafka_ts_ms")) ? 0 : row.<Long>getAs("kafka_ts_ms"),
        false);
  }
}
