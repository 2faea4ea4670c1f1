package io.marketlab.processor;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.marketlab.layout.Tables.Anomalies;
import io.marketlab.layout.Tables.Candles;
import io.marketlab.layout.Tables.DeadLetters;
import io.marketlab.layout.Tables.Gaps;
import io.marketlab.layout.Tables.Hourly;
import io.marketlab.layout.Tables.LateTrades;
import io.marketlab.layout.Tables.ProcessorBatches;
import io.marketlab.layout.Tables.Symbols;
import io.marketlab.layout.Tables.Trades;
import java.util.Collections;

/**
 * The processor's writes, prepared once per session. Every one is an upsert by primary key, so
 * marked idempotent: the driver and the writers may send it again.
 */
final class Statements {

  final PreparedStatement insertTrade;

  /** A trade row at an explicit write time (the real-time query: the record's Kafka time). */
  final PreparedStatement insertTradeAt;

  /** Just the late flag of a trade, at an explicit write time (after its row's). */
  final PreparedStatement markLate;

  final PreparedStatement insertLate;
  final PreparedStatement insertDeadLetter;
  final PreparedStatement insertCandle;

  /** Sets is_final of a candle already written, leaving updated_at at its last change. */
  final PreparedStatement markCandleFinal;

  final PreparedStatement upsertSymbol;

  /** Sets candles.incomplete alone: a window that meets a gap. */
  final PreparedStatement markIncomplete;

  final PreparedStatement insertGap;
  final PreparedStatement insertBatch;

  /** An hour's figures (docs/ANALYTICS.md), upserted whole. */
  final PreparedStatement insertHourly;

  /** An anomaly, upserted whole (a re-run batch writes the same row). */
  final PreparedStatement insertAnomaly;

  Statements(CqlSession session, String keyspace) {
    String k = keyspace + ".";
    insertTrade =
        prepare(
            session,
            insert(
                    k + Trades.NAME,
                    Trades.SYMBOL,
                    Trades.DAY,
                    Trades.TRADE_TS,
                    Trades.INGEST_ID,
                    Trades.FRAME_SEQ,
                    Trades.INDEX_IN_FRAME,
                    Trades.PRICE,
                    Trades.VOLUME,
                    Trades.IS_PRICE_UPDATE,
                    Trades.IS_LATE,
                    Trades.CONDITIONS,
                    Trades.RECEIVED_AT,
                    Trades.KAFKA_PARTITION,
                    Trades.KAFKA_OFFSET,
                    Trades.KAFKA_TS,
                    Trades.STORED_AT)
                + " USING TTL ?");
    insertTradeAt =
        prepare(
            session,
            insert(
                    k + Trades.NAME,
                    Trades.SYMBOL,
                    Trades.DAY,
                    Trades.TRADE_TS,
                    Trades.INGEST_ID,
                    Trades.FRAME_SEQ,
                    Trades.INDEX_IN_FRAME,
                    Trades.PRICE,
                    Trades.VOLUME,
                    Trades.IS_PRICE_UPDATE,
                    Trades.IS_LATE,
                    Trades.CONDITIONS,
                    Trades.RECEIVED_AT,
                    Trades.KAFKA_PARTITION,
                    Trades.KAFKA_OFFSET,
                    Trades.KAFKA_TS,
                    Trades.STORED_AT)
                + " USING TTL ? AND TIMESTAMP ?");
    markLate =
        prepare(
            session,
            "UPDATE "
                + k
                + Trades.NAME
                + " USING TTL ? AND TIMESTAMP ? SET "
                + Trades.IS_LATE
                + " = true WHERE "
                + Trades.SYMBOL
                + " = ? AND "
                + Trades.DAY
                + " = ? AND "
                + Trades.TRADE_TS
                + " = ? AND "
                + Trades.INGEST_ID
                + " = ? AND "
                + Trades.FRAME_SEQ
                + " = ? AND "
                + Trades.INDEX_IN_FRAME
                + " = ?");
    insertLate =
        prepare(
            session,
            insert(
                    k + LateTrades.NAME,
                    LateTrades.SYMBOL,
                    LateTrades.DAY,
                    LateTrades.TRADE_TS,
                    LateTrades.INGEST_ID,
                    LateTrades.FRAME_SEQ,
                    LateTrades.INDEX_IN_FRAME,
                    LateTrades.PRICE,
                    LateTrades.VOLUME,
                    LateTrades.WATERMARK,
                    LateTrades.RECEIVED_AT,
                    LateTrades.KAFKA_PARTITION,
                    LateTrades.KAFKA_OFFSET,
                    LateTrades.RECORDED_AT)
                + " USING TTL ?");
    insertDeadLetter =
        prepare(
            session,
            insert(
                k + DeadLetters.NAME,
                DeadLetters.TOPIC,
                DeadLetters.DAY,
                DeadLetters.KAFKA_PARTITION,
                DeadLetters.KAFKA_OFFSET,
                DeadLetters.KAFKA_TS,
                DeadLetters.VALUE,
                DeadLetters.REASON,
                DeadLetters.SEEN_AT));
    insertCandle = prepare(session, insertCandleCql(keyspace));
    markIncomplete = prepare(session, markIncompleteCql(keyspace));
    insertGap =
        prepare(
            session,
            insert(
                k + Gaps.NAME,
                Gaps.SYMBOL,
                Gaps.GAP_START,
                Gaps.INGEST_ID,
                Gaps.FROM_RECEIVED_AT,
                Gaps.FROM_TS,
                Gaps.TO_TS,
                Gaps.TO_RECEIVED_AT,
                Gaps.REASON,
                Gaps.RECORDED_AT));
    markCandleFinal =
        prepare(
            session,
            "UPDATE "
                + k
                + Candles.NAME
                + " SET "
                + Candles.IS_FINAL
                + " = true WHERE "
                + Candles.SYMBOL
                + " = ? AND "
                + Candles.RESOLUTION
                + " = ? AND "
                + Candles.BUCKET
                + " = ? AND "
                + Candles.WINDOW_START
                + " = ?");
    upsertSymbol =
        prepare(
            session,
            "UPDATE "
                + k
                + Symbols.NAME
                + " SET "
                + Symbols.LATEST_TRADE_TS
                + " = ? WHERE "
                + Symbols.SYMBOL
                + " = ?");
    insertBatch =
        prepare(
            session,
            insert(
                k + ProcessorBatches.NAME,
                ProcessorBatches.QUERY_ID,
                ProcessorBatches.BATCH_ID,
                ProcessorBatches.RECORDS,
                ProcessorBatches.TRADES,
                ProcessorBatches.PRICE_UPDATES,
                ProcessorBatches.LATE_TRADES,
                ProcessorBatches.DEAD_LETTERS,
                ProcessorBatches.CANDLES_WRITTEN,
                ProcessorBatches.CANDLES_FINALIZED,
                ProcessorBatches.OFFSETS,
                ProcessorBatches.DURATION_MS,
                ProcessorBatches.FINISHED_AT));
    insertHourly = prepare(session, insert(k + Hourly.NAME, Hourly.COLUMNS.toArray(String[]::new)));
    insertAnomaly =
        prepare(session, insert(k + Anomalies.NAME, Anomalies.COLUMNS.toArray(String[]::new)));
  }

  /**
   * The candle upsert of the stateful query. It names every column but {@link Candles#INCOMPLETE}:
   * an INSERT writes only the cells it names, so rewriting a candle (each batch that changes it,
   * its final row, a replayed batch) never clears a gap's mark.
   */
  static String insertCandleCql(String keyspace) {
    return insert(
        keyspace + "." + Candles.NAME,
        Candles.SYMBOL,
        Candles.RESOLUTION,
        Candles.BUCKET,
        Candles.WINDOW_START,
        Candles.OPEN,
        Candles.HIGH,
        Candles.LOW,
        Candles.CLOSE,
        Candles.VOLUME,
        Candles.VWAP,
        Candles.TRADE_COUNT,
        Candles.FIRST_TRADE_TS,
        Candles.LAST_TRADE_TS,
        Candles.VOLUME_EXACT,
        Candles.NOTIONAL_EXACT,
        Candles.IS_FINAL,
        Candles.UPDATED_AT);
  }

  /** Sets {@code incomplete} of one window and nothing else (the gap query). */
  static String markIncompleteCql(String keyspace) {
    return "UPDATE "
        + keyspace
        + "."
        + Candles.NAME
        + " SET "
        + Candles.INCOMPLETE
        + " = true WHERE "
        + Candles.SYMBOL
        + " = ? AND "
        + Candles.RESOLUTION
        + " = ? AND "
        + Candles.BUCKET
        + " = ? AND "
        + Candles.WINDOW_START
        + " = ?";
  }

  private static PreparedStatement prepare(CqlSession session, String cql) {
    return session.prepare(SimpleStatement.newInstance(cql).setIdempotent(true));
  }

  /** {@code INSERT INTO table (a, b, ...) VALUES (?, ?, ...)}. */
  static String insert(String table, String... columns) {
    return "INSERT INTO "
        + table
        + " ("
        + String.join(", ", columns)
        + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.length, "?"))
        + ")";
  }
}
