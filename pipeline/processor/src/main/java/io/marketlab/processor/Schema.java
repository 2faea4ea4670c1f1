package io.marketlab.processor;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keyspace {@code market}, created idempotently at start (IF NOT EXISTS, never DROP). Every
 * query of the dashboard and the checks is a single-partition range scan:
 *
 * <ul>
 *   <li>trades: partition (symbol, UTC day of the trade time); rows by (trade time, ingest id,
 *       frame sequence, index in frame), so two trades in one millisecond are two rows and a
 *       replayed offset rewrites its row. Times: trade_ts and kafka_ts timestamps (ms), received_at
 *       and stored_at bigint µs since epoch (ingest receipt → stored latency = stored_at −
 *       received_at).
 *   <li>candles: partition (symbol, resolution, bucket) with bucket the UTC day for 1s and 1m, the
 *       first day of the UTC month for 1h; rows by window start. volume_exact and notional_exact
 *       hold Σv and Σp·v exactly, so 1m merge from 1s and 1h from 1m without rounding twice.
 *   <li>dead_letters: partition (topic, UTC day of the Kafka timestamp), rows by partition, offset.
 *   <li>late_trades: like trades, with the watermark the trade was behind.
 *   <li>symbol_state: the per-symbol latest trade time after each batch of a query (lateness).
 *   <li>gaps: partition (symbol), rows by gap start (trade time), ingest id and receipt time of the
 *       gap's start (docs/CONTRACTS.md); a symbol has few, so one partition per symbol.
 *       candles.incomplete is set by the gap query alone.
 *   <li>hourly: partition (symbol), rows by hour start: the hour's figures (docs/ANALYTICS.md).
 *   <li>anomalies: partition (symbol), rows by (1 s window start, kind).
 *   <li>symbols: one row per symbol seen (the dashboard's list); processor_batches: one row per
 *       batch, kept 7 days.
 * </ul>
 *
 * <p>Table and column names are those of {@link io.marketlab.layout.Tables}, which the readers use
 * (SchemaTest checks that the two agree); the buckets are those of {@link
 * io.marketlab.layout.Resolution}.
 */
public final class Schema {

  private static final Logger LOG = LoggerFactory.getLogger(Schema.class);
  private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

  private Schema() {}

  /** The statements, in order. */
  public static List<String> statements(String keyspace, Replication replication) {
    String k = keyspace + ".";
    return List.of(
        "CREATE KEYSPACE IF NOT EXISTS " + keyspace + " WITH replication = " + replication.cql(),
        "CREATE TABLE IF NOT EXISTS "
            + k
            + "trades ("
            + "symbol text, day date, trade_ts timestamp, ingest_id text, frame_seq bigint, "
            + "index_in_frame int, price double, volume double, is_price_update boolean, "
            // frozen: one cell, so a retried write (same timestamp) is the same row; a non-frozen
            // list appends the retry's elements to the first try's
            + "is_late boolean, conditions frozen<list<text>>, received_at bigint, "
            + "kafka_partition int, "
            + "kafka_offset bigint, kafka_ts timestamp, stored_at bigint, "
            + "PRIMARY KEY ((symbol, day), trade_ts, ingest_id, frame_seq, index_in_frame))",
        "CREATE TABLE IF NOT EXISTS "
            + k
            + "candles ("
            + "symbol text, resolution text, bucket date, window_start timestamp, "
            + "open double, high double, low double, close double, volume double, vwap double, "
            + "trade_count bigint, first_trade_ts timestamp, last_trade_ts timestamp, "
            + "volume_exact decimal, notional_exact decimal, is_final boolean, updated_at timestamp, "
            + "incomplete boolean, "
            + "PRIMARY KEY ((symbol, resolution, bucket), window_start))",
        "CREATE TABLE IF NOT EXISTS "
            + k
            + "dead_letters ("
            + "topic text, day date, kafka_partition int, kafka_offset bigint, kafka_ts timestamp, "
            + "value blob, reason text, seen_at bigint, "
            + "PRIMARY KEY ((topic, day), kafka_partition, kafka_offset))",
        "CREATE TABLE IF NOT EXISTS "
            + k
            + "late_trades ("
            + "symbol text, day date, trade_ts timestamp, ingest_id text, frame_seq bigint, "
            + "index_in_frame int, price double, volume double, watermark timestamp, "
            + "received_at bigint, kafka_partition int, kafka_offset bigint, recorded_at bigint, "
            + "PRIMARY KEY ((symbol, day), trade_ts, ingest_id, frame_seq, index_in_frame))",
        "CREATE TABLE IF NOT EXISTS "
            + k
            + "symbol_state ("
            + "query_id text, symbol text, batch_id bigint, latest_trade_ts timestamp, "
            + "PRIMARY KEY ((query_id, symbol), batch_id)) "
            + "WITH CLUSTERING ORDER BY (batch_id DESC)",
        "CREATE TABLE IF NOT EXISTS "
            + k
            + "symbols ("
            + "symbol text PRIMARY KEY, latest_trade_ts timestamp)",
        "CREATE TABLE IF NOT EXISTS "
            + k
            + "processor_batches ("
            + "query_id text, batch_id bigint, records bigint, trades bigint, price_updates bigint, "
            + "late_trades bigint, dead_letters bigint, candles_written bigint, "
            + "candles_finalized bigint, offsets text, duration_ms bigint, finished_at timestamp, "
            + "PRIMARY KEY ((query_id), batch_id)) "
            + "WITH CLUSTERING ORDER BY (batch_id DESC) AND default_time_to_live = 604800",
        "CREATE TABLE IF NOT EXISTS "
            + k
            + "gaps ("
            + "symbol text, gap_start timestamp, ingest_id text, from_received_at bigint, "
            + "from_ts timestamp, to_ts timestamp, to_received_at bigint, reason text, "
            + "recorded_at bigint, "
            + "PRIMARY KEY ((symbol), gap_start, ingest_id, from_received_at))",
        "CREATE TABLE IF NOT EXISTS "
            + k
            + "hourly ("
            + "symbol text, hour_start timestamp, open double, high double, low double, "
            + "close double, volume double, vwap double, trade_count bigint, range double, "
            + "realized_vol double, returns int, is_final boolean, updated_at timestamp, "
            + "PRIMARY KEY ((symbol), hour_start))",
        "CREATE TABLE IF NOT EXISTS "
            + k
            + "anomalies ("
            + "symbol text, ts timestamp, kind text, score double, value double, baseline double, "
            + "threshold double, close double, prev_ts timestamp, prev_close double, "
            + "volume double, detected_at bigint, "
            + "PRIMARY KEY ((symbol), ts, kind))",
        // A keyspace made before candles had the column gets it (Cassandra 5: IF NOT EXISTS).
        "ALTER TABLE " + k + "candles ADD IF NOT EXISTS incomplete boolean");
  }

  /**
   * Refuses a keyspace made before trades.conditions was frozen: writes into a non-frozen list are
   * not idempotent (a write retried with its first timestamp, or a re-run task, appends the list
   * again: [1] becomes [1, 1]), and a collection's type cannot be altered.
   */
  static void checkIdempotentColumns(CqlSession session, String keyspace) {
    var row =
        session
            .execute(
                SimpleStatement.newInstance(
                        "SELECT type FROM system_schema.columns WHERE keyspace_name = ? AND"
                            + " table_name = 'trades' AND column_name = 'conditions'",
                        keyspace.toLowerCase(java.util.Locale.ROOT))
                    .setTimeout(DDL_TIMEOUT))
            .one();
    if (row != null && !row.getString("type").startsWith("frozen<")) {
      throw new IllegalStateException(
          keyspace
              + ".trades.conditions is "
              + row.getString("type")
              + " (a keyspace made by an older processor): its writes are not idempotent, a"
              + " retried write doubles the list. The processor writes frozen<list<text>>: give it"
              + " a new keyspace (--keyspace=..., PROCESSOR_KEYSPACE) or drop this one (DROP"
              + " KEYSPACE "
              + keyspace
              + "; the trades are still in Kafka for its retention) and replay");
    }
  }

  /** Creates what is missing; existing tables are left as they are. */
  public static void apply(CqlSession session, String keyspace, Replication replication) {
    for (String cql : statements(keyspace, replication)) {
      try {
        session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
      } catch (DriverException e) {
        throw new IllegalStateException("cannot apply schema statement: " + cql, e);
      }
    }
    checkIdempotentColumns(session, keyspace);
    // Replicas must agree before the first prepare, or it can fail on a node that lags.
    if (!session.checkSchemaAgreement()) {
      LOG.warn("schema of keyspace {} not yet agreed by all nodes", keyspace);
    }
    LOG.info(
        "schema of keyspace {} applied ({} statements, replication {})",
        keyspace,
        statements(keyspace, replication).size(),
        replication.cql());
  }
}
