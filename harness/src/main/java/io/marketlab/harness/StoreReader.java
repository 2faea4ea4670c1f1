package io.marketlab.harness;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.marketlab.layout.Resolution;
import io.marketlab.layout.Tables.Candles;
import io.marketlab.layout.Tables.DeadLetters;
import io.marketlab.layout.Tables.LateTrades;
import io.marketlab.layout.Tables.Trades;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads back what the processor stored, partition by partition (every query a single-partition
 * scan), for the days the run covers.
 */
final class StoreReader {

  /**
   * Counting a large partition while the processor writes to it takes more than the driver's 2 s.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final CqlSession session;
  private final String keyspace;

  StoreReader(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
  }

  long countTrades(Collection<String> symbols, DayRange days) {
    return count(Trades.NAME, Trades.SYMBOL, Trades.DAY, symbols, days);
  }

  List<StoredTrade> trades(Collection<String> symbols, DayRange days) {
    PreparedStatement select =
        session.prepare(
            "SELECT "
                + String.join(
                    ", ",
                    Trades.SYMBOL,
                    Trades.TRADE_TS,
                    Trades.PRICE,
                    Trades.VOLUME,
                    Trades.CONDITIONS,
                    Trades.RECEIVED_AT,
                    Trades.STORED_AT)
                + " FROM "
                + keyspace
                + "."
                + Trades.NAME
                + " WHERE "
                + Trades.SYMBOL
                + " = ? AND "
                + Trades.DAY
                + " = ?");
    List<StoredTrade> trades = new ArrayList<>();
    for (String symbol : symbols) {
      for (LocalDate day : days.days()) {
        for (Row row :
            session.execute(select.bind(symbol, day).setPageSize(5_000).setTimeout(TIMEOUT))) {
          trades.add(
              new StoredTrade(
                  row.getString(Trades.SYMBOL),
                  row.getDouble(Trades.PRICE),
                  row.getDouble(Trades.VOLUME),
                  row.getInstant(Trades.TRADE_TS).toEpochMilli(),
                  row.getList(Trades.CONDITIONS, String.class),
                  row.getLong(Trades.RECEIVED_AT),
                  row.getLong(Trades.STORED_AT)));
        }
      }
    }
    return trades;
  }

  List<StoredCandle> candles(Collection<String> symbols, DayRange days) {
    PreparedStatement select =
        session.prepare(
            "SELECT "
                + String.join(
                    ", ",
                    Candles.SYMBOL,
                    Candles.RESOLUTION,
                    Candles.WINDOW_START,
                    Candles.OPEN,
                    Candles.HIGH,
                    Candles.LOW,
                    Candles.CLOSE,
                    Candles.VOLUME,
                    Candles.VWAP,
                    Candles.TRADE_COUNT,
                    Candles.FIRST_TRADE_TS,
                    Candles.LAST_TRADE_TS)
                + " FROM "
                + keyspace
                + "."
                + Candles.NAME
                + " WHERE "
                + Candles.SYMBOL
                + " = ? AND "
                + Candles.RESOLUTION
                + " = ? AND "
                + Candles.BUCKET
                + " = ?");
    List<StoredCandle> candles = new ArrayList<>();
    for (String symbol : symbols) {
      for (Resolution resolution : Resolution.values()) {
        for (LocalDate bucket : resolution.bucketSpan().covering(days.firstDay(), days.lastDay())) {
          for (Row row :
              session.execute(
                  select
                      .bind(symbol, resolution.label(), bucket)
                      .setPageSize(5_000)
                      .setTimeout(TIMEOUT))) {
            candles.add(
                new StoredCandle(
                    row.getString(Candles.SYMBOL),
                    row.getString(Candles.RESOLUTION),
                    row.getInstant(Candles.WINDOW_START).toEpochMilli(),
                    row.getDouble(Candles.OPEN),
                    row.getDouble(Candles.HIGH),
                    row.getDouble(Candles.LOW),
                    row.getDouble(Candles.CLOSE),
                    row.getDouble(Candles.VOLUME),
                    row.getDouble(Candles.VWAP),
                    row.getLong(Candles.TRADE_COUNT),
                    row.getInstant(Candles.FIRST_TRADE_TS).toEpochMilli(),
                    row.getInstant(Candles.LAST_TRADE_TS).toEpochMilli()));
          }
        }
      }
    }
    return candles;
  }

  long countDeadLetters(String topic, DayRange days) {
    return count(DeadLetters.NAME, DeadLetters.TOPIC, DeadLetters.DAY, List.of(topic), days);
  }

  long countLateTrades(Collection<String> symbols, DayRange days) {
    return count(LateTrades.NAME, LateTrades.SYMBOL, LateTrades.DAY, symbols, days);
  }

  /** Rows of a table partitioned by (key, day), summed over the keys and days given. */
  private long count(
      String table, String keyColumn, String dayColumn, Collection<String> keys, DayRange days) {
    PreparedStatement count =
        session.prepare(
            "SELECT count(*) FROM "
                + keyspace
                + "."
                + table
                + " WHERE "
                + keyColumn
                + " = ? AND "
                + dayColumn
                + " = ?");
    long total = 0;
    for (String key : keys) {
      for (LocalDate day : days.days()) {
        total += session.execute(count.bind(key, day).setTimeout(TIMEOUT)).one().getLong(0);
      }
    }
    return total;
  }
}
