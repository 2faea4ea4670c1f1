package io.marketlab.dashboard;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.metadata.schema.ColumnMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.KeyspaceMetadata;
import com.datastax.oss.driver.api.core.metadata.schema.TableMetadata;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import io.marketlab.layout.Resolution;
import io.marketlab.layout.Tables.Anomalies;
import io.marketlab.layout.Tables.Candles;
import io.marketlab.layout.Tables.Gaps;
import io.marketlab.layout.Tables.Hourly;
import io.marketlab.layout.Tables.Symbols;
import io.marketlab.layout.Tables.Trades;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard's CQL, prepared on first use: the dashboard may start before the processor has
 * created the tables, and then answers "not yet" instead of failing to start.
 */
final class CassandraStatements {

  private static final Logger LOG = LoggerFactory.getLogger(CassandraStatements.class);

  static final String CANDLE_COLUMNS =
      String.join(
          ", ",
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
          Candles.UPDATED_AT);
  static final String TRADE_COLUMNS =
      String.join(
          ", ",
          Trades.TRADE_TS,
          Trades.INGEST_ID,
          Trades.FRAME_SEQ,
          Trades.INDEX_IN_FRAME,
          Trades.PRICE,
          Trades.VOLUME,
          Trades.IS_PRICE_UPDATE,
          Trades.CONDITIONS,
          Trades.RECEIVED_AT,
          Trades.STORED_AT,
          Trades.KAFKA_TS);

  static final String GAP_COLUMNS =
      String.join(
          ", ",
          Gaps.GAP_START,
          Gaps.INGEST_ID,
          Gaps.FROM_RECEIVED_AT,
          Gaps.FROM_TS,
          Gaps.TO_TS,
          Gaps.TO_RECEIVED_AT,
          Gaps.REASON);

  private final CqlSession session;
  private final String keyspace;
  private final Partitions partitions;
  private volatile Prepared prepared;
  private volatile boolean warnedNoSymbolTable;

  private record Prepared(
      PreparedStatement candleRange,
      PreparedStatement candleNewest,
      PreparedStatement tradesNewest,
      PreparedStatement symbols,
      PreparedStatement latestTradeTs,
      PreparedStatement gapsBefore,
      PreparedStatement hourlyRange,
      PreparedStatement anomaliesRange,
      DataType bucketType,
      DataType dayType) {}

  CassandraStatements(CqlSession session, String keyspace, Partitions partitions) {
    this.session = session;
    this.keyspace = keyspace;
    this.partitions = partitions;
  }

  BoundStatement candleRange(
      String symbol, Resolution resolution, Instant bucket, Instant from, Instant to) {
    Prepared p = prepared();
    return p.candleRange()
        .bind(
            symbol, resolution.label(), bucketValue(p.bucketType(), resolution, bucket), from, to);
  }

  BoundStatement candleNewest(String symbol, Resolution resolution, Instant bucket, int limit) {
    Prepared p = prepared();
    return p.candleNewest()
        .bind(symbol, resolution.label(), bucketValue(p.bucketType(), resolution, bucket), limit);
  }

  BoundStatement tradesNewest(String symbol, LocalDate day, int limit) {
    Prepared p = prepared();
    return p.tradesNewest().bind(symbol, dayValue(p.dayType(), day), limit);
  }

  /**
   * The newest {@code limit} gaps of a symbol that start before {@code to} (one partition, newest
   * first), or empty when the keyspace keeps no gaps table (made by an older processor).
   */
  Optional<BoundStatement> gapsBefore(String symbol, Instant to, int limit) {
    Prepared p = prepared();
    return p.gapsBefore() == null
        ? Optional.empty()
        : Optional.of(p.gapsBefore().bind(symbol, to, limit));
  }

  /** A symbol's hourly rows with {@code from <= hour_start < to}, or empty without the table. */
  Optional<BoundStatement> hourlyRange(String symbol, Instant from, Instant to) {
    Prepared p = prepared();
    return p.hourlyRange() == null
        ? Optional.empty()
        : Optional.of(p.hourlyRange().bind(symbol, from, to));
  }

  /** A symbol's anomalies with {@code from <= ts < to}, at most {@code limit}, newest first. */
  Optional<BoundStatement> anomaliesRange(String symbol, Instant from, Instant to, int limit) {
    Prepared p = prepared();
    return p.anomaliesRange() == null
        ? Optional.empty()
        : Optional.of(p.anomaliesRange().bind(symbol, from, to, limit));
  }

  /** The symbols of the processor's symbol table, or empty (with a warning) if it keeps none. */
  List<String> symbolsFromTable() {
    Prepared p = prepared();
    List<String> symbols = new ArrayList<>();
    if (p.symbols() == null) {
      if (!warnedNoSymbolTable) {
        warnedNoSymbolTable = true;
        LOG.warn(
            "{}.{} does not exist and no symbols were configured: pass --symbols",
            keyspace,
            Symbols.NAME);
      }
      return symbols;
    }
    for (Row row : execute(p.symbols().bind())) {
      symbols.add(row.getString(Symbols.SYMBOL));
    }
    symbols.sort(null);
    return symbols;
  }

  /**
   * The symbol's newest trade time as the processor records it in {@code symbols}, or empty when it
   * keeps no such table or has not seen the symbol.
   */
  Optional<Instant> latestTradeTs(String symbol) {
    Prepared p = prepared();
    if (p.latestTradeTs() == null) {
      return Optional.empty();
    }
    Row row = execute(p.latestTradeTs().bind(symbol)).one();
    if (row == null || row.isNull(Symbols.LATEST_TRADE_TS)) {
      return Optional.empty();
    }
    return Optional.of(row.getInstant(Symbols.LATEST_TRADE_TS));
  }

  ResultSet execute(BoundStatement statement) {
    try {
      return session.execute(statement);
    } catch (DriverException e) {
      // The CQL and the driver's message are for the log; the page is told the store failed.
      throw new StoreUnavailableException(
          "query failed on "
              + keyspace
              + ": "
              + statement.getPreparedStatement().getQuery()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Answers only when the dashboard's queries can run: the tables exist (the statements prepare)
   * and Cassandra answers a query now (one row of {@code system.local}).
   */
  void ping() {
    prepared();
    try {
      session.execute("SELECT release_version FROM system.local");
    } catch (DriverException e) {
      throw new StoreUnavailableException("health query failed: " + e.getMessage(), e);
    }
  }

  private Prepared prepared() {
    Prepared current = prepared;
    if (current == null) {
      synchronized (this) {
        if (prepared == null) {
          prepared = prepare();
        }
        current = prepared;
      }
    }
    return current;
  }

  private Prepared prepare() {
    KeyspaceMetadata metadata =
        session
            .getMetadata()
            .getKeyspace(keyspace)
            .orElseThrow(
                () ->
                    new StoreUnavailableException(
                        "keyspace "
                            + keyspace
                            + " does not exist yet (the processor creates it when it starts)"));
    TableMetadata candles = table(metadata, Candles.NAME);
    TableMetadata trades = table(metadata, Trades.NAME);
    Optional<TableMetadata> symbolTable = metadata.getTable(Symbols.NAME);
    PreparedStatement symbols = null;
    PreparedStatement latestTradeTs = null;
    if (symbolTable.isPresent()) {
      // One row per symbol seen; a handful of rows, read whole like a settings table.
      String table = keyspace + "." + Symbols.NAME;
      symbols = session.prepare("SELECT " + Symbols.SYMBOL + " FROM " + table);
      if (symbolTable.get().getColumn(Symbols.LATEST_TRADE_TS).isPresent()) {
        latestTradeTs =
            session.prepare(
                "SELECT "
                    + Symbols.LATEST_TRADE_TS
                    + " FROM "
                    + table
                    + " WHERE "
                    + Symbols.SYMBOL
                    + " = ?");
      }
    }
    PreparedStatement gapsBefore = null;
    if (metadata.getTable(Gaps.NAME).isPresent()) {
      gapsBefore =
          session.prepare(
              "SELECT "
                  + GAP_COLUMNS
                  + " FROM "
                  + keyspace
                  + "."
                  + Gaps.NAME
                  + " WHERE "
                  + Gaps.SYMBOL
                  + " = ? AND "
                  + Gaps.GAP_START
                  + " < ? ORDER BY "
                  + Gaps.GAP_START
                  + " DESC LIMIT ?");
    }
    PreparedStatement hourlyRange = null;
    if (metadata.getTable(Hourly.NAME).isPresent()) {
      hourlyRange =
          session.prepare(
              "SELECT "
                  + String.join(", ", Hourly.COLUMNS)
                  + " FROM "
                  + keyspace
                  + "."
                  + Hourly.NAME
                  + " WHERE "
                  + Hourly.SYMBOL
                  + " = ? AND "
                  + Hourly.HOUR_START
                  + " >= ? AND "
                  + Hourly.HOUR_START
                  + " < ?");
    }
    PreparedStatement anomaliesRange = null;
    if (metadata.getTable(Anomalies.NAME).isPresent()) {
      anomaliesRange =
          session.prepare(
              "SELECT "
                  + String.join(", ", Anomalies.COLUMNS)
                  + " FROM "
                  + keyspace
                  + "."
                  + Anomalies.NAME
                  + " WHERE "
                  + Anomalies.SYMBOL
                  + " = ? AND "
                  + Anomalies.TS
                  + " >= ? AND "
                  + Anomalies.TS
                  + " < ? ORDER BY "
                  + Anomalies.TS
                  + " DESC LIMIT ?");
    }
    // A keyspace made before candles had the column (the processor adds it when it starts).
    String candleColumns =
        candles.getColumn(Candles.INCOMPLETE).isPresent()
            ? CANDLE_COLUMNS + ", " + Candles.INCOMPLETE
            : CANDLE_COLUMNS;
    try {
      String candlePartition =
          " FROM "
              + keyspace
              + "."
              + Candles.NAME
              + " WHERE "
              + Candles.SYMBOL
              + " = ? AND "
              + Candles.RESOLUTION
              + " = ? AND "
              + Candles.BUCKET
              + " = ?";
      return new Prepared(
          session.prepare(
              "SELECT "
                  + candleColumns
                  + candlePartition
                  + " AND "
                  + Candles.WINDOW_START
                  + " >= ? AND "
                  + Candles.WINDOW_START
                  + " < ?"),
          session.prepare(
              "SELECT "
                  + candleColumns
                  + candlePartition
                  + " ORDER BY "
                  + Candles.WINDOW_START
                  + " DESC LIMIT ?"),
          session.prepare(
              "SELECT "
                  + TRADE_COLUMNS
                  + " FROM "
                  + keyspace
                  + "."
                  + Trades.NAME
                  + " WHERE "
                  + Trades.SYMBOL
                  + " = ? AND "
                  + Trades.DAY
                  + " = ? ORDER BY "
                  + Trades.TRADE_TS
                  + " DESC LIMIT ?"),
          symbols,
          latestTradeTs,
          gapsBefore,
          hourlyRange,
          anomaliesRange,
          column(candles, Candles.BUCKET).getType(),
          column(trades, Trades.DAY).getType());
    } catch (DriverException e) {
      throw new StoreUnavailableException(
          "the dashboard's queries cannot be prepared (schema not as expected, or Cassandra"
              + " failing)",
          "cannot prepare the dashboard's queries on " + keyspace + ": " + e.getMessage(),
          e);
    }
  }

  private TableMetadata table(KeyspaceMetadata metadata, String name) {
    return metadata
        .getTable(name)
        .orElseThrow(
            () ->
                new StoreUnavailableException(
                    "table "
                        + keyspace
                        + "."
                        + name
                        + " does not exist yet (the processor creates it)"));
  }

  private ColumnMetadata column(TableMetadata table, String name) {
    return table
        .getColumn(CqlIdentifier.fromInternal(name))
        .orElseThrow(
            () ->
                new StoreUnavailableException(
                    "table " + table.getName() + " has no column " + name));
  }

  private Object bucketValue(DataType type, Resolution resolution, Instant bucket) {
    if (type.equals(DataTypes.TIMESTAMP)) {
      return bucket;
    }
    if (type.equals(DataTypes.DATE)) {
      return LocalDate.ofInstant(bucket, ZoneOffset.UTC);
    }
    if (type.equals(DataTypes.BIGINT)) {
      return bucket.toEpochMilli();
    }
    if (type.equals(DataTypes.TEXT)) {
      return bucketText(partitions.bucketSize(resolution), bucket);
    }
    throw new StoreUnavailableException(
        "unsupported type "
            + type
            + " of "
            + keyspace
            + "."
            + Candles.NAME
            + "."
            + Candles.BUCKET
            + " (expected timestamp, date, bigint or text)");
  }

  static String bucketText(BucketSize size, Instant bucket) {
    String pattern =
        switch (size) {
          case HOUR -> "yyyy-MM-dd'T'HH";
          case DAY -> "yyyy-MM-dd";
          case MONTH -> "yyyy-MM";
          case YEAR -> "yyyy";
        };
    return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(bucket);
  }

  private Object dayValue(DataType type, LocalDate day) {
    if (type.equals(DataTypes.DATE)) {
      return day;
    }
    if (type.equals(DataTypes.TEXT)) {
      return day.toString();
    }
    if (type.equals(DataTypes.TIMESTAMP)) {
      return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
    throw new StoreUnavailableException(
        "unsupported type "
            + type
            + " of "
            + keyspace
            + "."
            + Trades.NAME
            + "."
            + Trades.DAY
            + " (expected date, text or timestamp)");
  }
}
