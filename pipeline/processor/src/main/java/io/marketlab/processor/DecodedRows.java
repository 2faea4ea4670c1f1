package io.marketlab.processor;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Rows of {@link Transforms#decode} as records: a trade, or a dead letter when it has a reason. */
final class DecodedRows {

  private DecodedRows() {}

  /** The decoded rows as trades and dead letters, in the order given. */
  public record Split(List<TradeRow> trades, List<DeadLetter> deadLetters) {}

  public static Split split(List<Row> decodedRows) {
    List<TradeRow> trades = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    for (Row row : decodedRows) {
      if (isDeadLetter(row)) {
        deadLetters.add(toDeadLetter(row));
      } else {
        trades.add(toTrade(row));
      }
    }
    return new Split(trades, deadLetters);
  }

  public static boolean isDeadLetter(Row row) {
    return !row.isNullAt(row.fieldIndex(Transforms.REASON));
  }

  /** A decoded row that is a trade, as a record (not yet judged late). */
  public static TradeRow toTrade(Row row) {
    int conditions = row.fieldIndex("conditions");
    int kafkaTs = row.fieldIndex("kafka_ts_ms");
    return new TradeRow(
        row.getAs("symbol"),
        row.<Double>getAs("price"),
        row.<Double>getAs("volume"),
        row.<Long>getAs("trade_ts_ms"),
        row.isNullAt(conditions) ? List.of() : row.getList(conditions),
        row.<Long>getAs("received_at_us"),
        row.getAs("ingest_id"),
        row.<Long>getAs("frame_seq"),
        row.<Integer>getAs("index_in_frame"),
        row.<Integer>getAs("kafka_partition"),
        row.<Long>getAs("kafka_offset"),
        row.isNullAt(kafkaTs) ? 0 : row.getLong(kafkaTs),
        false);
  }

  /** A decoded row that has a reason, with its raw value. */
  public static DeadLetter toDeadLetter(Row row) {
    int kafkaTs = row.fieldIndex("kafka_ts_ms");
    return new DeadLetter(
        row.getAs("topic"),
        row.<Integer>getAs("kafka_partition"),
        row.<Long>getAs("kafka_offset"),
        row.isNullAt(kafkaTs) ? 0 : row.getLong(kafkaTs),
        row.getAs("raw"),
        row.getAs(Transforms.REASON));
  }
}
