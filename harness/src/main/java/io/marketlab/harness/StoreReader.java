package io.marketlab.harness;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.marketlab.layout.Tables.Anomalies;
import io.marketlab.layout.Tables.Candles;
import io.marketlab.layout.Tables.DeadLetters;
import io.marketlab.layout.Tables.Gaps;
import io.marketlab.layout.Tables.Hourly;
import io.marketlab.layout.Tables.LateTrades;
import io.marketlab.layout.Tables.Trades;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads back what the processor stored in a run's keyspace. The read-back scans whole tables, every
 * partition whatever its key, so a row written to a partition the processor's own bucket scheme
 * would not predict (a wrong day, an extra symbol) is read too, with the partition it was found in.
 * Each page is one request with bounded retries ({@link ReadRetry}).
 *
 * <p>{@link #countTrades} is the exception: a bounded count of the predicted partitions, for
 * progress lines that may give up (never the signal that a run is complete).
 */
final class StoreReader {

  /** One page of a scan; the default 2 s is too short for a node that is busy writing. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static final int PAGE_SIZE = 5_000;

  private final CqlSession session;
  private final String keyspace;
  private final ReadRetry retry;

  StoreReader(CqlSession session, String keyspace, ReadRetry retry) {
    this.session = session;
    this.keyspace = keyspace;
    this.retry = retry;
  }

  long countTrades(Collection<String> symbols, DayRange days) {
    PreparedStatement count =
        session.prepare(
            "SELECT count(*) FROM "
                + table(Trades.NAME)
                + " WHERE "
                + Trades.SYMBOL
                + " = ? AND "
                + Trades.DAY
                + " = ?");
    long total = 0;
    for (String symbol : symbols) {
      for (LocalDate day : days.days()) {
        total +=
            session
                .execute(count.bind(symbol, day).setTimeout(Duration.ofSeconds(60)))
                .one()
                .getLong(0);
      }
    }
    return total;
  }

  /** Every row of {@code trades}. */
  List<StoredTrade> trades() {
    List<StoredTrade> trades = new ArrayList<>();
    scan(
        Trades.NAME,
        List.of(
            Trades.SYMBOL,
            Trades.DAY,
            Trades.TRADE_TS,
            Trades.INGEST_ID,
            Trades.FRAME_SEQ,
            Trades.INDEX_IN_FRAME,
            Trades.PRICE,
            Trades.VOLUME,
            Trades.IS_LATE,
            Trades.CONDITIONS,
            Trades.RECEIVED_AT,
            Trades.STORED_AT),
        row ->
            new StoredTrade(
                row.getString(Trades.SYMBOL),
                row.getDouble(Trades.PRICE),
                row.getDouble(Trades.VOLUME),
                millis(row.getInstant(Trades.TRADE_TS)),
                row.getList(Trades.CONDITIONS, String.class),
                row.getLong(Trades.RECEIVED_AT),
                row.getLong(Trades.STORED_AT),
                row.getLocalDate(Trades.DAY),
                row.getBoolean(Trades.IS_LATE),
                row.getString(Trades.INGEST_ID),
                row.getLong(Trades.FRAME_SEQ),
                row.getInt(Trades.INDEX_IN_FRAME)),
        trades::add);
    return trades;
  }

  /**
   * Every candle of {@code candles}, all resolutions and buckets; a row that holds only a gap's
   * {@code incomplete} mark (no trade_count: a window without trades) is no candle and left out.
   */
  List<StoredCandle> candles() {
    List<StoredCandle> candles = new ArrayList<>();
    scan(
        Candles.NAME,
        List.of(
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
            Candles.IS_FINAL,
            Candles.UPDATED_AT),
        row ->
            row.isNull(Candles.TRADE_COUNT)
                ? null
                : new StoredCandle(
                    row.getString(Candles.SYMBOL),
                    row.getString(Candles.RESOLUTION),
                    millis(row.getInstant(Candles.WINDOW_START)),
                    row.getDouble(Candles.OPEN),
                    row.getDouble(Candles.HIGH),
                    row.getDouble(Candles.LOW),
                    row.getDouble(Candles.CLOSE),
                    row.getDouble(Candles.VOLUME),
                    row.getDouble(Candles.VWAP),
                    row.getLong(Candles.TRADE_COUNT),
                    millis(row.getInstant(Candles.FIRST_TRADE_TS)),
                    millis(row.getInstant(Candles.LAST_TRADE_TS)),
                    row.getLocalDate(Candles.BUCKET),
                    row.getBoolean(Candles.IS_FINAL),
                    millis(row.getInstant(Candles.UPDATED_AT))),
        candle -> {
          if (candle != null) {
            candles.add(candle);
          }
        });
    return candles;
  }

  /** Every candle row marked {@code incomplete}, with or without a candle. */
  List<StoredMark> incompleteCandles() {
    List<StoredMark> marks = new ArrayList<>();
    scan(
        Candles.NAME,
        List.of(
            Candles.SYMBOL,
            Candles.RESOLUTION,
            Candles.WINDOW_START,
            Candles.TRADE_COUNT,
            Candles.INCOMPLETE),
        row ->
            !row.isNull(Candles.INCOMPLETE) && row.getBoolean(Candles.INCOMPLETE)
                ? new StoredMark(
                    row.getString(Candles.SYMBOL),
                    row.getString(Candles.RESOLUTION),
                    millis(row.getInstant(Candles.WINDOW_START)),
                    !row.isNull(Candles.TRADE_COUNT))
                : null,
        mark -> {
          if (mark != null) {
            marks.add(mark);
          }
        });
    return marks;
  }

  /** Every row of {@code gaps}. */
  List<StoredGap> gaps() {
    List<StoredGap> gaps = new ArrayList<>();
    scan(
        Gaps.NAME,
        List.of(
            Gaps.SYMBOL,
            Gaps.REASON,
            Gaps.INGEST_ID,
            Gaps.FROM_TS,
            Gaps.TO_TS,
            Gaps.FROM_RECEIVED_AT,
            Gaps.TO_RECEIVED_AT),
        row ->
            new StoredGap(
                row.getString(Gaps.SYMBOL),
                row.getString(Gaps.REASON),
                row.getString(Gaps.INGEST_ID),
                row.isNull(Gaps.FROM_TS) ? null : millis(row.getInstant(Gaps.FROM_TS)),
                row.isNull(Gaps.TO_TS) ? null : millis(row.getInstant(Gaps.TO_TS)),
                row.getLong(Gaps.FROM_RECEIVED_AT),
                row.getLong(Gaps.TO_RECEIVED_AT)),
        gaps::add);
    return gaps;
  }

  /** Every row of {@code hourly}. */
  List<StoredHourly> hourly() {
    List<StoredHourly> rows = new ArrayList<>();
    scan(
        Hourly.NAME,
        Hourly.COLUMNS.stream().filter(c -> !c.equals(Hourly.UPDATED_AT)).toList(),
        row ->
            new StoredHourly(
                row.getString(Hourly.SYMBOL),
                millis(row.getInstant(Hourly.HOUR_START)),
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
                row.getBoolean(Hourly.IS_FINAL)),
        rows::add);
    return rows;
  }

  /** Every row of {@code anomalies}. */
  List<StoredAnomaly> anomalies() {
    List<StoredAnomaly> rows = new ArrayList<>();
    scan(
        Anomalies.NAME,
        Anomalies.COLUMNS.stream().filter(c -> !c.equals(Anomalies.DETECTED_AT)).toList(),
        row ->
            new StoredAnomaly(
                row.getString(Anomalies.SYMBOL),
                millis(row.getInstant(Anomalies.TS)),
                row.getString(Anomalies.KIND),
                row.getDouble(Anomalies.SCORE),
                row.getDouble(Anomalies.VALUE),
                row.getDouble(Anomalies.BASELINE),
                row.getDouble(Anomalies.THRESHOLD),
                row.getDouble(Anomalies.CLOSE),
                row.getDouble(Anomalies.VOLUME),
                row.isNull(Anomalies.PREV_TS) ? null : millis(row.getInstant(Anomalies.PREV_TS)),
                row.isNull(Anomalies.PREV_CLOSE) ? null : row.getDouble(Anomalies.PREV_CLOSE)),
        rows::add);
    return rows;
  }

  /** Every row of {@code late_trades}. */
  List<StoredLateTrade> lateTrades() {
    List<StoredLateTrade> late = new ArrayList<>();
    scan(
        LateTrades.NAME,
        List.of(
            LateTrades.SYMBOL,
            LateTrades.DAY,
            LateTrades.TRADE_TS,
            LateTrades.INGEST_ID,
            LateTrades.FRAME_SEQ,
            LateTrades.INDEX_IN_FRAME,
            LateTrades.PRICE,
            LateTrades.VOLUME,
            LateTrades.WATERMARK,
            LateTrades.RECEIVED_AT),
        row ->
            new StoredLateTrade(
                row.getString(LateTrades.SYMBOL),
                row.getLocalDate(LateTrades.DAY),
                millis(row.getInstant(LateTrades.TRADE_TS)),
                row.getString(LateTrades.INGEST_ID),
                row.getLong(LateTrades.FRAME_SEQ),
                row.getInt(LateTrades.INDEX_IN_FRAME),
                row.getDouble(LateTrades.PRICE),
                row.getDouble(LateTrades.VOLUME),
                millis(row.getInstant(LateTrades.WATERMARK)),
                row.getLong(LateTrades.RECEIVED_AT)),
        late::add);
    return late;
  }

  /** Rows of {@code dead_letters} for records of {@code topic}, whatever day they are under. */
  long countDeadLetters(String topic) {
    long[] count = {0};
    scan(
        DeadLetters.NAME,
        List.of(DeadLetters.TOPIC),
        row -> row.getString(DeadLetters.TOPIC),
        found -> count[0] += topic.equals(found) ? 1 : 0);
    return count[0];
  }

  /** Every row of {@code table} (a full scan: every partition, page by page, with retries). */
  private <T> void scan(
      String table, List<String> columns, Function<Row, T> read, Consumer<T> each) {
    SimpleStatement select =
        SimpleStatement.newInstance(
                "SELECT " + String.join(", ", columns) + " FROM " + table(table))
            .setPageSize(PAGE_SIZE)
            .setTimeout(TIMEOUT);
    PagedScan.scan(
        keyspace + "." + table,
        retry,
        (ByteBuffer state) -> {
          ResultSet result =
              session.execute(select.setPagingState(state == null ? null : state.duplicate()));
          // Only the rows that arrived: iterating further would fetch the next page unguarded.
          int available = result.getAvailableWithoutFetching();
          List<T> rows = new ArrayList<>(available);
          for (int i = 0; i < available; i++) {
            rows.add(read.apply(result.one()));
          }
          return new PagedScan.Page<>(rows, result.getExecutionInfo().getPagingState());
        },
        each);
  }

  private String table(String name) {
    return keyspace + "." + name;
  }

  /** A timestamp column as ms since epoch; -1 when null. */
  private static long millis(Instant time) {
    return time == null ? -1 : time.toEpochMilli();
  }
}
