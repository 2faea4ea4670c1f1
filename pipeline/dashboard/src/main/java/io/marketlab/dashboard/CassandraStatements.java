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

  static final String CANDLE_COLUMNS = "window_start, open, high, low, close, volume, vwap, "
      + "trade_count, first_trade_ts, last_trade_ts, is_final, updated_at";
  static final String TRADE_COLUMNS = "trade_ts, ingest_id, frame_seq, index_in_frame, price, "
      + "volume, is_price_update, conditions, received_at, stored_at, kafka_ts";

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
      DataType bucketType,
      DataType dayType) {}

  CassandraStatements(CqlSession session, String keyspace, Partitions partitions) {
    this.session = session;
    this.keyspace = keyspace;
    this.partitions = partitions;
  }

  BoundStatement candleRange(String symbol, Resolution resolution, Instant bucket, Instant from,
      Instant to) {
    Prepared p = prepared();
    return p.candleRange().bind(symbol, resolution.label(),
        bucketValue(p.bucketType(), resolution, bucket), from, to);
  }

  BoundStatement candleNewest(String symbol, Resolution resolution, Instant bucket, int limit) {
    Prepared p = prepared();
    return p.candleNewest().bind(symbol, resolution.label(),
        bucketValue(p.bucketType(), resolution, bucket), limit);
  }

  BoundStatement tradesNewest(String symbol, LocalDate day, int limit) {
    Prepared p = prepared();
    return p.tradesNewest().bind(symbol, dayValue(p.dayType(), day), limit);
  }

  /** The symbols of the processor's symbol table, or empty (with a warning) if it keeps none. */
  List<String> symbolsFromTable() {
    Prepared p = prepared();
    List<String> symbols = new ArrayList<>();
    if (p.symbols() == null) {
      if (!warnedNoSymbolTable) {
        warnedNoSymbolTable = true;
        LOG.warn("{}.symbols does not exist and no symbols were configured: pass --symbols",
            keyspace);
      }
      return symbols;
    }
    for (Row row : execute(p.symbols().bind())) {
      symbols.add(row.getString("symbol"));
    }
    symbols.sort(null);
    return symbols;
  }

  /**
   * The symbol's newest trade time as the processor records it in {@code symbols}, or empty when
   * it keeps no such table or has not seen the symbol.
   */
  Optional<Instant> latestTradeTs(String symbol) {
    Prepared p = prepared();
    if (p.latestTradeTs() == null) {
      return Optional.empty();
    }
    Row row = execute(p.latestTradeTs().bind(symbol)).one();
    if (row == null || row.isNull("latest_trade_ts")) {
      return Optional.empty();
    }
    return Optional.of(row.getInstant("latest_trade_ts"));
  }

  ResultSet execute(BoundStatement statement) {
    try {
      return session.execute(statement);
    } catch (DriverException e) {
      throw new StoreUnavailableException("query failed on " + keyspace + ": "
          + statement.getPreparedStatement().getQuery() + ": " + e.getMessage(), e);
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
    KeyspaceMetadata metadata = session.getMetadata().getKeyspace(keyspace)
        .orElseThrow(() -> new StoreUnavailableException("keyspace " + keyspace
            + " does not exist yet (the processor creates it when it starts)"));
    TableMetadata candles = table(metadata, "candles");
    TableMetadata trades = table(metadata, "trades");
    Optional<TableMetadata> symbolTable = metadata.getTable("symbols");
    PreparedStatement symbols = null;
    PreparedStatement latestTradeTs = null;
    if (symbolTable.isPresent()) {
      // One row per symbol seen; a handful of rows, read whole like a settings table.
      symbols = session.prepare("SELECT symbol FROM " + keyspace + ".symbols");
      if (symbolTable.get().getColumn("latest_trade_ts").isPresent()) {
        latestTradeTs = session.prepare("SELECT latest_trade_ts FROM " + keyspace
            + ".symbols WHERE symbol = ?");
      }
    }
    try {
      return new Prepared(
          session.prepare("SELECT " + CANDLE_COLUMNS + " FROM " + keyspace + ".candles"
              + " WHERE symbol = ? AND resolution = ? AND bucket = ?"
              + " AND window_start >= ? AND window_start < ?"),
          session.prepare("SELECT " + CANDLE_COLUMNS + " FROM " + keyspace + ".candles"
              + " WHERE symbol = ? AND resolution = ? AND bucket = ?"
              + " ORDER BY window_start DESC LIMIT ?"),
          session.prepare("SELECT " + TRADE_COLUMNS + " FROM " + keyspace + ".trades"
              + " WHERE symbol = ? AND day = ? ORDER BY trade_ts DESC LIMIT ?"),
          symbols,
          latestTradeTs,
          column(candles, "bucket").getType(),
          column(trades, "day").getType());
    } catch (DriverException e) {
      throw new StoreUnavailableException(
          "cannot prepare the dashboard's queries on " + keyspace + ": " + e.getMessage(), e);
    }
  }

  private TableMetadata table(KeyspaceMetadata metadata, String name) {
    return metadata.getTable(name).orElseThrow(() -> new StoreUnavailableException(
        "table " + keyspace + "." + name + " does not exist yet (the processor creates it)"));
  }

  private ColumnMetadata column(TableMetadata table, String name) {
    return table.getColumn(CqlIdentifier.fromInternal(name)).orElseThrow(() ->
        new StoreUnavailableException("table " + table.getName() + " has no column " + name));
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
    throw new StoreUnavailableException("unsupported type " + type + " of "
        + keyspace + ".candles.bucket (expected timestamp, date, bigint or text)");
  }

  static String bucketText(BucketSize size, Instant bucket) {
    String pattern = switch (size) {
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
    throw new StoreUnavailableException("unsupported type " + type + " of "
        + keyspace + ".trades.day (expected date, text or timestamp)");
  }
}
