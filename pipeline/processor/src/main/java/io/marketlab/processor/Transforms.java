package io.marketlab.processor;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.avro.functions;

/**
 * The Spark side of the processor: pure {@code Dataset -> Dataset} functions over Kafka's source
 * schema (key, value, topic, partition, offset, timestamp, ...), testable on static Datasets.
 */
public final class Transforms {

  /** Columns of {@link #decode}: the trade's fields (null for a dead letter) plus these. */
  public static final String REASON = "dead_letter_reason";

  private Transforms() {}

  /**
   * Decodes Avro {@code Trade} values with {@code from_avro} in PERMISSIVE mode, where a value that
   * cannot be decoded becomes a null struct instead of failing the query (FAILFAST is from_avro's
   * default). A record is a dead letter, with a reason, when its value is null, does not decode, or
   * decodes to values no trade can have (Avro binary has no framing, so some garbage decodes).
   *
   * <p>Verified on Spark 4.1.1 (TransformsTest): a truncated value gives a struct of nulls; a value
   * that happens to parse (Avro binary has no framing) is caught by the value checks.
   *
   * <p>Output: symbol, price, volume, trade_ts_ms, conditions, received_at_us, ingest_id, frame_seq,
   * index_in_frame, topic, kafka_partition, kafka_offset, kafka_ts_ms, raw (the value bytes) and
   * {@value #REASON} (null for a good trade).
   */
  public static Dataset<Row> decode(Dataset<Row> kafka, String tradeSchemaJson) {
    Column trade = functions.from_avro(col("value"), tradeSchemaJson, Map.of("mode", "PERMISSIVE"));
    Dataset<Row> decoded = kafka.select(
        col("topic"),
        col("partition").as("kafka_partition"),
        col("offset").as("kafka_offset"),
        expr("unix_millis(timestamp)").as("kafka_ts_ms"),
        col("value").as("raw"),
        trade.as("trade"));
    // PERMISSIVE from_avro yields a struct whose fields are all null (not a null struct) for a value
    // it cannot decode; every Trade field is required, so a null symbol means "not decodable".
    Column undecodable = col("trade").isNull().or(col("trade.symbol").isNull());
    Column reason = when(col("raw").isNull(), lit("record value is null"))
        .when(undecodable,
            concat(lit("value is not an Avro Trade ("), length(col("raw")).cast("string"),
                lit(" bytes)")))
        .when(trim(col("trade.symbol")).equalTo(""),
            lit("symbol is empty"))
        .when(col("trade.ingest_id").isNull().or(trim(col("trade.ingest_id")).equalTo("")),
            lit("ingest_id is empty"))
        .when(isnan(col("trade.price")).or(col("trade.price").leq(0))
                .or(col("trade.price").equalTo(Double.POSITIVE_INFINITY)),
            concat(lit("price must be finite and > 0, got "), col("trade.price").cast("string")))
        .when(isnan(col("trade.volume")).or(col("trade.volume").lt(0))
                .or(col("trade.volume").equalTo(Double.POSITIVE_INFINITY)),
            concat(lit("volume must be finite and >= 0, got "), col("trade.volume").cast("string")))
        .when(col("trade.trade_ts_ms").leq(0),
            concat(lit("trade_ts_ms must be > 0, got "), col("trade.trade_ts_ms").cast("string")))
        .when(col("trade.frame_seq").lt(0).or(col("trade.index_in_frame").lt(0)),
            lit("frame_seq and index_in_frame must be >= 0"))
        .otherwise(lit(null).cast("string"));
    return decoded.select(
        col("trade.symbol").as("symbol"),
        col("trade.price").as("price"),
        col("trade.volume").as("volume"),
        col("trade.trade_ts_ms").as("trade_ts_ms"),
        col("trade.conditions").as("conditions"),
        col("trade.received_at_us").as("received_at_us"),
        col("trade.ingest_id").as("ingest_id"),
        col("trade.frame_seq").as("frame_seq"),
        col("trade.index_in_frame").as("index_in_frame"),
        col("topic"),
        col("kafka_partition"),
        col("kafka_offset"),
        col("kafka_ts_ms"),
        col("raw"),
        reason.as(REASON));
  }
}
