package io.marketlab.dashboard;

import com.datastax.oss.driver.api.core.cql.Row;
import java.time.Instant;
import java.util.List;

/** Row-to-record mapping, lenient about int/bigint and timestamp/epoch-ms column types. */
final class CassandraRows {

  private CassandraRows() {}

  static Candle candle(Row row, String symbol, Resolution resolution) {
    return new Candle(
        symbol,
        resolution,
        instant(row, "window_start"),
        number(row, "open"),
        number(row, "high"),
        number(row, "low"),
        number(row, "close"),
        number(row, "volume"),
        number(row, "vwap"),
        (long) number(row, "trade_count"),
        instant(row, "first_trade_ts"),
        instant(row, "last_trade_ts"),
        !row.isNull("is_final") && row.getBoolean("is_final"),
        instant(row, "updated_at"));
  }

  static StoredTrade trade(Row row, String symbol) {
    List<String> conditions = row.isNull("conditions") ? List.of()
        : row.getList("conditions", String.class);
    return new StoredTrade(
        symbol,
        instant(row, "trade_ts"),
        row.getString("ingest_id"),
        (long) number(row, "frame_seq"),
        (int) number(row, "index_in_frame"),
        number(row, "price"),
        number(row, "volume"),
        !row.isNull("is_price_update") && row.getBoolean("is_price_update"),
        conditions,
        (long) number(row, "received_at"),
        (long) number(row, "stored_at"),
        instant(row, "kafka_ts"));
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
    throw new IllegalStateException("column " + column + " holds " + value.getClass().getName()
        + ", expected a number");
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
    throw new IllegalStateException("column " + column + " holds " + value.getClass().getName()
        + ", expected a timestamp");
  }
}
