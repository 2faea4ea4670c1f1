package io.marketlab.scenarios.pipeline;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.marketlab.scenarios.compare.StoredCandle;
import io.marketlab.scenarios.compare.StoredTrade;
import io.marketlab.scenarios.reference.Resolution;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads back what the processor stored, partition by partition (every query a single-partition
 * scan), for the days the session covers.
 */
public final class CassandraReader {

  /** Counting a large partition while the processor writes to it takes more than the driver's 2 s. */
  private static final java.time.Duration TIMEOUT = java.time.Duration.ofSeconds(60);

  private final CqlSession session;
  private final String keyspace;

  public CassandraReader(CqlSession session, String keyspace) {
    this.session = session;
    this.keyspace = keyspace;
  }

  public long countTrades(Collection<String> symbols, LocalDate firstDay, LocalDate lastDay) {
    PreparedStatement count = session.prepare("SELECT count(*) FROM " + keyspace + ".trades WHERE symbol = ? AND day = ?");
    long total = 0;
    for (String symbol : symbols) {
      for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
        total += session.execute(count.bind(symbol, day).setTimeout(TIMEOUT)).one().getLong(0);
      }
    }
    return total;
  }

  public List<StoredTrade> trades(Collection<String> symbols, LocalDate firstDay, LocalDate lastDay) {
    PreparedStatement select = session.prepare("SELECT symbol, trade_ts, price, volume, conditions, received_at, "
        + "stored_at FROM " + keyspace + ".trades WHERE symbol = ? AND day = ?");
    List<StoredTrade> trades = new ArrayList<>();
    for (String symbol : symbols) {
      for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
        for (Row row : session.execute(select.bind(symbol, day).setPageSize(5_000).setTimeout(TIMEOUT))) {
          trades.add(new StoredTrade(row.getString("symbol"), row.getDouble("price"), row.getDouble("volume"),
              row.getInstant("trade_ts").toEpochMilli(), row.getList("conditions", String.class),
              row.getLong("received_at"), row.getLong("stored_at")));
        }
      }
    }
    return trades;
  }

  public List<StoredCandle> candles(Collection<String> symbols, LocalDate firstDay, LocalDate lastDay) {
    PreparedStatement select = session.prepare("SELECT symbol, resolution, window_start, open, high, low, close, volume, "
        + "vwap, trade_count, first_trade_ts, last_trade_ts FROM " + keyspace
        + ".candles WHERE symbol = ? AND resolution = ? AND bucket = ?");
    List<StoredCandle> candles = new ArrayList<>();
    for (String symbol : symbols) {
      for (Resolution resolution : Resolution.values()) {
        for (LocalDate bucket : buckets(resolution, firstDay, lastDay)) {
          for (Row row : session.execute(select.bind(symbol, resolution.label(), bucket).setPageSize(5_000).setTimeout(TIMEOUT))) {
            candles.add(new StoredCandle(row.getString("symbol"), row.getString("resolution"),
                row.getInstant("window_start").toEpochMilli(), row.getDouble("open"), row.getDouble("high"),
                row.getDouble("low"), row.getDouble("close"), row.getDouble("volume"), row.getDouble("vwap"),
                row.getLong("trade_count"), row.getInstant("first_trade_ts").toEpochMilli(),
                row.getInstant("last_trade_ts").toEpochMilli()));
          }
        }
      }
    }
    return candles;
  }

  /** The processor's partitioning: a UTC day for 1s and 1m, the first day of the UTC month for 1h. */
  static List<LocalDate> buckets(Resolution resolution, LocalDate firstDay, LocalDate lastDay) {
    List<LocalDate> buckets = new ArrayList<>();
    if (resolution == Resolution.H1) {
      for (LocalDate month = firstDay.withDayOfMonth(1); !month.isAfter(lastDay); month = month.plusMonths(1)) {
        buckets.add(month);
      }
    } else {
      for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
        buckets.add(day);
      }
    }
    return buckets;
  }

  public long countDeadLetters(String topic, LocalDate firstDay, LocalDate lastDay) {
    PreparedStatement count = session.prepare(
        "SELECT count(*) FROM " + keyspace + ".dead_letters WHERE topic = ? AND day = ?");
    long total = 0;
    for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
      total += session.execute(count.bind(topic, day).setTimeout(TIMEOUT)).one().getLong(0);
    }
    return total;
  }

  public long countLateTrades(Collection<String> symbols, LocalDate firstDay, LocalDate lastDay) {
    PreparedStatement count = session.prepare(
        "SELECT count(*) FROM " + keyspace + ".late_trades WHERE symbol = ? AND day = ?");
    long total = 0;
    for (String symbol : symbols) {
      for (LocalDate day = firstDay; !day.isAfter(lastDay); day = day.plusDays(1)) {
        total += session.execute(count.bind(symbol, day).setTimeout(TIMEOUT)).one().getLong(0);
      }
    }
    return total;
  }

  public static LocalDate day(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
  }
}
