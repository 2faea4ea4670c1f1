package io.marketlab.processor;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.octet_length;
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
final class Transforms {

  /** Columns of {@link #decode}: the trade's fields (null for a dead letter) plus these. */
  public static final String REASON = "dead_letter_reason";

  /**
   * The longest symbol, in UTF-8 bytes, that every partition key holding it can take: Cassandra
   * refuses keys over 65,535 bytes, and the longest key with a symbol is candles' (symbol,
   * resolution, bucket), whose components take 3 bytes each besides their own (2 for a resolution,
   * 4 for a date): 65,535 − 3 − 5 − 7.
   */
  public static final int MAX_SYMBOL_BYTES = 65_520;

  /** A clustering value (ingest_id) can take at most 65,535 bytes. */
  public static final int MAX_INGEST_ID_BYTES = 65_535;

  /** The last trade time whose UTC day Cassandra's {@code date} type holds (2^31 − 1 days). */
  public static final long MAX_TRADE_TS_MS = 2_147_483_647L * 86_400_000L + 86_399_999L;

  private Transforms() {}

  /** Whether a decoded row is a gap row of {@link #decode(Dataset, String, String)}. */
  static boolean isGapRow(Row decoded, String gapsTopic) {
    return gapsTopic != null && gapsTopic.equals(decoded.getAs("topic"));
  }

  /**
   * Decodes Avro {@code Trade} values with {@code from_avro} in PERMISSIVE mode, where a value that
   * cannot be decoded becomes a null struct instead of failing the query (FAILFAST is from_avro's
   * default). A record is a dead letter, with a reason, when its value is null, does not decode, or
   * decodes to values no trade can have (Avro binary has no framing, so some garbage decodes) or
   * that Cassandra cannot store (a symbol or ingest id over its key size limit, a trade time whose
   * day is beyond its {@code date} type).
   *
   * <p>Verified on Spark 4.1.1 (TransformsTest): a truncated value gives a struct of nulls; a value
   * that happens to parse (Avro binary has no framing) is caught by the value checks.
   *
   * <p>Output: symbol, price, volume, trade_ts_ms, conditions, received_at_us, ingest_id,
   * frame_seq, index_in_frame, topic, kafka_partition, kafka_offset, kafka_ts_ms, raw (the value
   * bytes) and {@value #REASON} (null for a good trade).
   */
  public static Dataset<Row> decode(Dataset<Row> kafka, String tradeSchemaJson) {
    return decode(kafka, tradeSchemaJson, null);
  }

  /**
   * {@link #decode}, where the records of {@code gapsTopic} (read by the same query) are gap rows:
   * symbol = the record's key, raw = its Avro {@code Gap} value, every trade field null, no reason
   * ({@link #isGapRow}); a gap record without a key is dropped (the gaps query dead-letters what it
   * cannot use).
   */
  public static Dataset<Row> decode(Dataset<Row> kafka, String tradeSchemaJson, String gapsTopic) {
    Column gap = gapsTopic == null ? lit(false) : col("topic").equalTo(lit(gapsTopic));
    if (gapsTopic != null) {
      kafka =
          kafka.filter(
              col("topic")
                  .notEqual(lit(gapsTopic))
                  .or(col("key").isNotNull().and(length(col("key")).gt(0))));
    }
    Column avro = functions.from_avro(col("value"), tradeSchemaJson, Map.of("mode", "PERMISSIVE"));
    Column trade = when(gap, lit(null)).otherwise(avro);
    Dataset<Row> decoded =
        kafka.select(
            col("topic"),
            col("partition").as("kafka_partition"),
            col("offset").as("kafka_offset"),
            expr("unix_millis(timestamp)").as("kafka_ts_ms"),
            col("value").as("raw"),
            gap.as("is_gap"),
            gapsTopic == null
                ? lit(null).cast("string").as("gap_symbol")
                : col("key").cast("string").as("gap_symbol"),
            trade.as("trade"));
    // PERMISSIVE from_avro yields a struct whose fields are all null (not a null struct) for a
    // value
    // it cannot decode; every Trade field is required, so a null symbol means "not decodable".
    Column undecodable = col("trade").isNull().or(col("trade.symbol").isNull());
    Column reason =
        when(col("is_gap"), lit(null).cast("string"))
            .when(col("raw").isNull(), lit("record value is null"))
            .when(
                undecodable,
                concat(
                    lit("value is not an Avro Trade ("),
                    length(col("raw")).cast("string"),
                    lit(" bytes)")))
            .when(trim(col("trade.symbol")).equalTo(""), lit("symbol is empty"))
            .when(
                octet_length(col("trade.symbol")).gt(MAX_SYMBOL_BYTES),
                concat(
                    lit("symbol is "),
                    octet_length(col("trade.symbol")).cast("string"),
                    lit(" bytes, over Cassandra's key limit (" + MAX_SYMBOL_BYTES + " bytes)")))
            .when(
                col("trade.ingest_id").isNull().or(trim(col("trade.ingest_id")).equalTo("")),
                lit("ingest_id is empty"))
            .when(
                octet_length(col("trade.ingest_id")).gt(MAX_INGEST_ID_BYTES),
                concat(
                    lit("ingest_id is "),
                    octet_length(col("trade.ingest_id")).cast("string"),
                    lit(" bytes, over Cassandra's key limit (" + MAX_INGEST_ID_BYTES + " bytes)")))
            .when(
                isnan(col("trade.price"))
                    .or(col("trade.price").leq(0))
                    .or(col("trade.price").equalTo(Double.POSITIVE_INFINITY)),
                concat(
                    lit("price must be finite and > 0, got "), col("trade.price").cast("string")))
            .when(
                isnan(col("trade.volume"))
                    .or(col("trade.volume").lt(0))
                    .or(col("trade.volume").equalTo(Double.POSITIVE_INFINITY)),
                concat(
                    lit("volume must be finite and >= 0, got "),
                    col("trade.volume").cast("string")))
            .when(
                col("trade.trade_ts_ms").leq(0),
                concat(
                    lit("trade_ts_ms must be > 0, got "), col("trade.trade_ts_ms").cast("string")))
            .when(
                col("trade.trade_ts_ms").gt(MAX_TRADE_TS_MS),
                concat(
                    lit("trade_ts_ms is past the last day Cassandra can store, got "),
                    col("trade.trade_ts_ms").cast("string")))
            .when(
                col("trade.frame_seq").lt(0).or(col("trade.index_in_frame").lt(0)),
                lit("frame_seq and index_in_frame must be >= 0"))
            .otherwise(lit(null).cast("string"));
    return decoded.select(
        when(col("is_gap"), col("gap_symbol")).otherwise(col("trade.symbol")).as("symbol"),
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
