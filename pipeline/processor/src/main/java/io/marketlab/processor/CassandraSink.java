package io.marketlab.processor;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.DriverException;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link ProcessorStore} on Cassandra with the Java driver: prepared statements, writes grouped into
 * single-partition unlogged batches (one mutation per partition on the replica, no batch log) and
 * sent asynchronously with a bound on requests in flight. Every write is an upsert by primary key.
 */
public final class CassandraSink implements ProcessorStore {

  private static final int ROWS_PER_BATCH = 50;

  private final CqlSession session;
  private final boolean ownsSession;
  private final int tradesTtlSeconds;
  private final AsyncWrites writes;
  private final PreparedStatement insertTrade;
  private final PreparedStatement insertLate;
  private final PreparedStatement insertDeadLetter;
  private final PreparedStatement selectTrades;
  private final PreparedStatement selectCandles;
  private final PreparedStatement insertCandle;
  private final PreparedStatement selectState;
  private final PreparedStatement insertState;
  private final PreparedStatement pruneState;
  private final PreparedStatement upsertSymbol;
  private final PreparedStatement insertBatch;

  /** Prepares the statements; the schema must exist ({@link Schema#apply}). */
  public CassandraSink(CqlSession session, boolean ownsSession, String keyspace, int tradesTtlSeconds) {
    this.session = session;
    this.ownsSession = ownsSession;
    this.tradesTtlSeconds = tradesTtlSeconds;
    this.writes = new AsyncWrites(session, 64);
    String k = keyspace + ".";
    insertTrade = session.prepare("INSERT INTO " + k + "trades (symbol, day, trade_ts, ingest_id, "
        + "frame_seq, index_in_frame, price, volume, is_price_update, is_late, conditions, "
        + "received_at, kafka_partition, kafka_offset, kafka_ts, stored_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    insertLate = session.prepare("INSERT INTO " + k + "late_trades (symbol, day, trade_ts, ingest_id, "
        + "frame_seq, index_in_frame, price, volume, watermark, received_at, kafka_partition, "
        + "kafka_offset, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) USING TTL ?");
    insertDeadLetter = session.prepare("INSERT INTO " + k + "dead_letters (topic, day, "
        + "kafka_partition, kafka_offset, kafka_ts, value, reason, seen_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    selectTrades = session.prepare("SELECT symbol, trade_ts, ingest_id, frame_seq, index_in_frame, "
        + "price, volume, conditions, received_at, kafka_partition, kafka_offset, kafka_ts, is_late "
        + "FROM " + k + "trades WHERE symbol = ? AND day = ? AND trade_ts >= ? AND trade_ts < ?");
    selectCandles = session.prepare("SELECT window_start, open, high, low, close, trade_count, "
        + "first_trade_ts, last_trade_ts, volume_exact, notional_exact, is_final FROM " + k
        + "candles WHERE symbol = ? AND resolution = ? AND bucket = ? AND window_start >= ? "
        + "AND window_start < ?");
    insertCandle = session.prepare("INSERT INTO " + k + "candles (symbol, resolution, bucket, "
        + "window_start, open, high, low, close, volume, vwap, trade_count, first_trade_ts, "
        + "last_trade_ts, volume_exact, notional_exact, is_final, updated_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    selectState = session.prepare("SELECT batch_id, latest_trade_ts FROM " + k + "symbol_state "
        + "WHERE query_id = ? AND symbol = ? AND batch_id < ? LIMIT 1");
    insertState = session.prepare("INSERT INTO " + k + "symbol_state (query_id, symbol, batch_id, "
        + "latest_trade_ts) VALUES (?, ?, ?, ?)");
    pruneState = session.prepare("DELETE FROM " + k + "symbol_state "
        + "WHERE query_id = ? AND symbol = ? AND batch_id < ?");
    upsertSymbol = session.prepare("UPDATE " + k + "symbols SET latest_trade_ts = ? WHERE symbol = ?");
    insertBatch = session.prepare("INSERT INTO " + k + "processor_batches (query_id, batch_id, "
        + "records, trades, price_updates, late_trades, dead_letters, candles_written, "
        + "candles_finalized, offsets, duration_ms, finished_at) "
        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  }

  /** A session to the configured cluster, with the configured consistency for every request. */
  public static CqlSession connect(ProcessorConfig config) {
    DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
        .withString(DefaultDriverOption.REQUEST_CONSISTENCY,
            DefaultConsistencyLevel.valueOf(config.consistency()).name())
        .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
        .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(10))
        // JNR is left out of the jar (it brings ASM onto Spark's classpath); say so up front instead
        // of letting the driver log a stack trace while probing for it.
        .withBoolean(DefaultDriverOption.TIMESTAMP_GENERATOR_FORCE_JAVA_CLOCK, true)
        .build();
    CqlSessionBuilder builder = CqlSession.builder().withConfigLoader(loader)
        .withLocalDatacenter(config.localDatacenter());
    for (String point : config.cassandraContactPoints()) {
      int colon = point.lastIndexOf(':');
      builder.addContactPoint(InetSocketAddress.createUnresolved(point.substring(0, colon),
          Integer.parseInt(point.substring(colon + 1))));
    }
    try {
      return builder.build();
    } catch (DriverException e) {
      throw new IllegalStateException("cannot connect to Cassandra at "
          + config.cassandraContactPoints() + " (local datacenter " + config.localDatacenter()
          + "): " + e.getMessage(), e);
    }
  }

  @Override
  public void writeTrades(List<TradeRow> trades, long storedAtMicros) {
    Map<String, List<BoundStatement>> byPartition = new LinkedHashMap<>();
    for (TradeRow t : trades) {
      byPartition.computeIfAbsent(t.symbol() + "|" + t.day(), p -> new ArrayList<>())
          .add(insertTrade.bind(t.symbol(), t.day(), Instant.ofEpochMilli(t.tradeTsMs()),
              t.ingestId(), t.frameSeq(), t.indexInFrame(), t.price(), t.volume(),
              t.isPriceUpdate(), t.late(), t.conditions(), t.receivedAtUs(), t.kafkaPartition(),
              t.kafkaOffset(), Instant.ofEpochMilli(t.kafkaTsMs()), storedAtMicros,
              tradesTtlSeconds));
    }
    writes.executeAll(batches(byPartition), "trades");
  }

  @Override
  public void writeLateTrades(List<LateTrade> lateTrades, long recordedAtMicros) {
    Map<String, List<BoundStatement>> byPartition = new LinkedHashMap<>();
    for (LateTrade late : lateTrades) {
      TradeRow t = late.trade();
      byPartition.computeIfAbsent(t.symbol() + "|" + t.day(), p -> new ArrayList<>())
          .add(insertLate.bind(t.symbol(), t.day(), Instant.ofEpochMilli(t.tradeTsMs()),
              t.ingestId(), t.frameSeq(), t.indexInFrame(), t.price(), t.volume(),
              Instant.ofEpochMilli(late.watermarkMs()), t.receivedAtUs(), t.kafkaPartition(),
              t.kafkaOffset(), recordedAtMicros, tradesTtlSeconds));
    }
    writes.executeAll(batches(byPartition), "late_trades");
  }

  @Override
  public void writeDeadLetters(List<DeadLetter> deadLetters, long seenAtMicros) {
    Map<String, List<BoundStatement>> byPartition = new LinkedHashMap<>();
    for (DeadLetter d : deadLetters) {
      LocalDate day = utcDay(d.kafkaTsMs());
      byPartition.computeIfAbsent(d.topic() + "|" + day, p -> new ArrayList<>())
          .add(insertDeadLetter.bind(d.topic(), day, d.kafkaPartition(), d.kafkaOffset(),
              Instant.ofEpochMilli(d.kafkaTsMs()), ByteBuffer.wrap(d.value()), d.reason(),
              seenAtMicros));
    }
    writes.executeAll(batches(byPartition), "dead_letters");
  }

  @Override
  public Optional<SymbolState> symbolStateBefore(String queryId, String symbol, long batchId) {
    Row row = writes.query(selectState.bind(queryId, symbol, batchId), "symbol_state").one();
    if (row == null) {
      return Optional.empty();
    }
    return Optional.of(new SymbolState(symbol, row.getLong("batch_id"),
        row.getInstant("latest_trade_ts").toEpochMilli()));
  }

  @Override
  public void writeSymbolState(String queryId, SymbolState state, Optional<SymbolState> previous) {
    List<Statement<?>> statements = new ArrayList<>();
    statements.add(insertState.bind(queryId, state.symbol(), state.batchId(),
        Instant.ofEpochMilli(state.latestTradeMs())));
    previous.ifPresent(p -> statements.add(pruneState.bind(queryId, state.symbol(), p.batchId())));
    writes.executeAll(statements, "symbol_state");
  }

  @Override
  public List<TradeRow> tradesBetween(String symbol, long fromMs, long toMs) {
    List<TradeRow> trades = new ArrayList<>();
    BoundStatement select = selectTrades.bind(symbol, utcDay(fromMs), Instant.ofEpochMilli(fromMs),
        Instant.ofEpochMilli(toMs));
    for (Row row : writes.query(select, "trades")) {
      trades.add(new TradeRow(row.getString("symbol"), row.getDouble("price"),
          row.getDouble("volume"), row.getInstant("trade_ts").toEpochMilli(),
          row.getList("conditions", String.class), row.getLong("received_at"),
          row.getString("ingest_id"), row.getLong("frame_seq"), row.getInt("index_in_frame"),
          row.getInt("kafka_partition"), row.getLong("kafka_offset"),
          row.isNull("kafka_ts") ? 0 : row.getInstant("kafka_ts").toEpochMilli(),
          row.getBoolean("is_late")));
    }
    return trades;
  }

  @Override
  public List<Candle> candlesBetween(String symbol, Resolution resolution, long fromMs, long toMs) {
    List<Candle> candles = new ArrayList<>();
    LocalDate last = resolution.bucket(resolution.windowStart(toMs - 1));
    for (LocalDate bucket = resolution.bucket(resolution.windowStart(fromMs));
        !bucket.isAfter(last); bucket = resolution.nextBucket(bucket)) {
      BoundStatement select = selectCandles.bind(symbol, resolution.label(), bucket,
          Instant.ofEpochMilli(fromMs), Instant.ofEpochMilli(toMs));
      for (Row row : writes.query(select, "candles")) {
        candles.add(new Candle(symbol, resolution, row.getInstant("window_start").toEpochMilli(),
            row.getDouble("open"), row.getDouble("high"), row.getDouble("low"),
            row.getDouble("close"), row.getBigDecimal("volume_exact"),
            row.getBigDecimal("notional_exact"), row.getLong("trade_count"),
            row.getInstant("first_trade_ts").toEpochMilli(),
            row.getInstant("last_trade_ts").toEpochMilli(), row.getBoolean("is_final")));
      }
    }
    return candles;
  }

  @Override
  public void writeCandles(List<Candle> candles, long updatedAtMicros) {
    Map<String, List<BoundStatement>> byPartition = new LinkedHashMap<>();
    Instant updatedAt = Instant.ofEpochMilli(updatedAtMicros / 1000);
    for (Candle c : candles) {
      LocalDate bucket = c.resolution().bucket(c.windowStartMs());
      byPartition.computeIfAbsent(c.symbol() + "|" + c.resolution() + "|" + bucket,
          p -> new ArrayList<>())
          .add(insertCandle.bind(c.symbol(), c.resolution().label(), bucket,
              Instant.ofEpochMilli(c.windowStartMs()), c.open(), c.high(), c.low(), c.close(),
              c.volume(), c.vwap(), c.tradeCount(), Instant.ofEpochMilli(c.firstTradeMs()),
              Instant.ofEpochMilli(c.lastTradeMs()), c.volumeExact(), c.notionalExact(),
              c.isFinal(), updatedAt));
    }
    writes.executeAll(batches(byPartition), "candles");
  }

  @Override
  public void writeSymbols(Map<String, Long> latestTradeMsBySymbol) {
    List<Statement<?>> statements = new ArrayList<>();
    for (Map.Entry<String, Long> entry : latestTradeMsBySymbol.entrySet()) {
      statements.add(upsertSymbol.bind(Instant.ofEpochMilli(entry.getValue()), entry.getKey()));
    }
    writes.executeAll(statements, "symbols");
  }

  @Override
  public void recordBatch(String queryId, BatchSummary s) {
    writes.executeAll(List.of(insertBatch.bind(queryId, s.batchId(), s.records(), s.trades(),
        s.priceUpdates(), s.lateTrades(), s.deadLetters(), s.candlesWritten(),
        s.candlesFinalized(), s.offsets(), s.durationMillis(),
        Instant.ofEpochMilli(s.finishedAtMs()))), "processor_batches");
  }

  @Override
  public void close() {
    if (ownsSession) {
      session.close();
    }
  }

  /** Rows of one partition travel together: one mutation on the replica, no batch log. */
  private static List<Statement<?>> batches(Map<String, List<BoundStatement>> byPartition) {
    List<Statement<?>> statements = new ArrayList<>();
    for (List<BoundStatement> rows : byPartition.values()) {
      for (int start = 0; start < rows.size(); start += ROWS_PER_BATCH) {
        List<BoundStatement> chunk = rows.subList(start, Math.min(rows.size(), start + ROWS_PER_BATCH));
        if (chunk.size() == 1) {
          statements.add(chunk.get(0));
        } else {
          BatchStatementBuilder batch = BatchStatement.builder(DefaultBatchType.UNLOGGED);
          for (BoundStatement row : chunk) {
            batch.addStatement(row);
          }
          statements.add(batch.build());
        }
      }
    }
    return statements;
  }

  private static LocalDate utcDay(long epochMs) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(epochMs), ZoneOffset.UTC);
  }
}
