package io.marketlab.dashboard;

import com.datastax.oss.driver.api.core.cql.Row;
import io.marketlab.layout.HourlyComparison;
import io.marketlab.layout.Resolution;
import io.marketlab.layout.Tables.Anomalies;
import io.marketlab.layout.Tables.Candles;
import io.marketlab.layout.Tables.Gaps;
import io.marketlab.layout.Tables.Hourly;
import io.marketlab.layout.Tables.Trades;
import java.time.Instant;
import java.util.List;

/** Row-to-record mapping, lenient about int/bigint and timestamp/epoch-ms column types. */
final class CassandraRows {

  private CassandraRows() {}

  static Candle candle(Row row, String symbol, Resolution resolution) {
    return new Candle(
        symbol,
        resolution,
        instant(row, Candles.WINDOW_START),
        number(row, Candles.OPEN),
        number(row, Candles.HIGH),
        number(row, Candles.LOW),
        number(row, Candles.CLOSE),
        number(row, Candles.VOLUME),
        number(row, Candles.VWAP),
        (long) number(row, Candles.TRADE_COUNT),
        instant(row, Candles.FIRST_TRADE_TS),
        instant(row, Candles.LAST_TRADE_TS),
        !row.isNull(Candles.IS_FINAL) && row.getBoolean(Candles.IS_FINAL),
        instant(row, Candles.UPDATED_AT),
        row.getColumnDefinitions().contains(Candles.INCOMPLETE)
            && !row.isNull(Candles.INCOMPLETE)
            && row.getBoolean(Candles.INCOMPLETE));
  }

  /**
   * False for a row that holds only a gap's {@code incomplete} mark (a window inside a gap that no
   * trade reached, docs/CONTRACTS.md): readers skip it, it is no candle.
   */
  static boolean isCandle(Row row) {
    return !row.isNull(Candles.TRADE_COUNT);
  }

  static HourlyComparison.Hour hour(Row row) {
    return new HourlyComparison.Hour(
        row.getInstant(Hourly.HOUR_START).toEpochMilli(),
        row.getDouble(Hourly.OPEN),
        row.getDouble(Hourly.HIGH),
        row.getDouble(Hourly.LOW),
        row.getDouble(Hourly.CLOSE),
        row.getDouble(Hourly.VOLUME),
        row.getDouble(Hourly.VWAP),
        row.getLong(Hourly.TRADE_COUNT),
        row.getDouble(Hourly.RANGE),
        row.getDouble(Hourly.REALIZED_VOL),
        row.getInt(Hourly.RETURNS),
        row.getBoolean(Hourly.IS_FINAL));
  }

  static AnomalyRow anomaly(Row row) {
    return new AnomalyRow(
        row.getInstant(Anomalies.TS).toString(),
        row.getString(Anomalies.KIND),
        row.getDouble(Anomalies.SCORE),
        row.getDouble(Anomalies.VALUE),
        row.getDouble(Anomalies.BASELINE),
        row.getDouble(Anomalies.THRESHOLD),
        row.getDouble(Anomalies.CLOSE),
        row.getDouble(Anomalies.VOLUME),
        row.isNull(Anomalies.PREV_TS) ? null : row.getInstant(Anomalies.PREV_TS).toString(),
        row.isNull(Anomalies.PREV_CLOSE) ? null : row.getDouble(Anomalies.PREV_CLOSE));
  }

  static GapRow gap(Row row, String symbol) {
    return new GapRow(
        symbol,
        row.isNull(Gaps.REASON) ? "" : row.getString(Gaps.REASON),
        row.getString(Gaps.INGEST_ID),
        instant(row, Gaps.FROM_TS),
        instant(row, Gaps.TO_TS),
        (long) number(row, Gaps.FROM_RECEIVED_AT),
        (long) number(row, Gaps.TO_RECEIVED_AT));
  }

  static StoredTrade trade(Row row, String symbol) {
    List<String> conditions =
        row.isNull(Trades.CONDITIONS) ? List.of() : row.getList(Trades.CONDITIONS, String.class);
    return new StoredTrade(
        symbol,
        instant(row, Trades.TRADE_TS),
        row.getString(Trades.INGEST_ID),
        (long) number(row, Trades.FRAME_SEQ),
        (int) number(row, Trades.INDEX_IN_FRAME),
        number(row, Trades.PRICE),
        number(row, Trades.VOLUME),
        !row.isNull(Trades.IS_PRICE_UPDATE) && row.getBoolean(Trades.IS_PRICE_UPDATE),
        conditions,
        (long) number(row, Trades.RECEIVED_AT),
        (long) number(row, Trades.STORED_AT),
        instant(row, Trades.KAFKA_TS));
  }

  private static double number(Row row, String column) {
    Object value = row.getObject(column);
    if (value == null) {
      return 0;
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    if (value instanceof Instant instant) {
      return instant.toEpochMilli() * 1000.0;
    }
    throw new IllegalStateException(
        "column " + column + " holds " + value.getClass().getName() + ", expected a number");
  }

  private static Instant instant(Row row, String column) {
    Object value = row.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof Number number) {
      return Instant.ofEpochMilli(number.longValue());
    }
    throw new IllegalStateException(
        "column " + column + " holds " + value.getClass().getName() + ", expected a timestamp");
  }
}
