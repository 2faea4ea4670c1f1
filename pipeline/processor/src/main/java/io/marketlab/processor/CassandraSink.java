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
import io.marketlab.layout.Resolution;
import io.marketlab.layout.Tables;
import io.marketlab.layout.Tables.Candles;
import io.marketlab.layout.Tables.DeadLetters;
import io.marketlab.layout.Tables.LateTrades;
import io.marketlab.layout.Tables.ProcessorBatches;
import io.marketlab.layout.Tables.Symbols;
import io.marketlab.layout.Tables.Trades;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
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
    insertTrade = session.prepare(insert(k + Trades.NAME, Trades.SYMBOL, Trades.DAY,
        Trades.TRADE_TS, Trades.INGEST_ID, Trades.FRAME_SEQ, Trades.INDEX_IN_FRAME, Trades.PRICE,
        Trades.VOLUME, Trades.IS_PRICE_UPDATE, Trades.IS_LATE, Trades.CONDITIONS,
        Trades.RECEIVED_AT, Trades.KAFKA_PARTITION, Trades.KAFKA_OFFSET, Trades.KAFKA_TS,
        Trades.STORED_AT) + " USING TTL ?");
    insertLate = session.prepare(insert(k + LateTrades.NAME, LateTrades.SYMBOL, LateTrades.DAY,
        LateTrades.TRADE_TS, LateTrades.INGEST_ID, LateTrades.FRAME_SEQ, LateTrades.INDEX_IN_FRAME,
        LateTrades.PRICE, LateTrades.VOLUME, LateTrades.WATERMARK, LateTrades.RECEIVED_AT,
        LateTrades.KAFKA_PARTITION, LateTrades.KAFKA_OFFSET, LateTrades.RECORDED_AT)
        + " USING TTL ?");
    insertDeadLetter = session.prepare(insert(k + DeadLetters.NAME, DeadLetters.TOPIC,
        DeadLetters.DAY, DeadLetters.KAFKA_PARTITION, DeadLetters.KAFKA_OFFSET,
        DeadLetters.KAFKA_TS, DeadLetters.VALUE, DeadLetters.REASON, DeadLetters.SEEN_AT));
    selectTrades = session.prepare("SELECT " + String.join(", ", Trades.SYMBOL, Trades.TRADE_TS,
        Trades.INGEST_ID, Trades.FRAME_SEQ, Trades.INDEX_IN_FRAME, Trades.PRICE, Trades.VOLUME,
        Trades.CONDITIONS, Trades.RECEIVED_AT, Trades.KAFKA_PARTITION, Trades.KAFKA_OFFSET,
        Trades.KAFKA_TS, Trades.IS_LATE) + " FROM " + k + Trades.NAME + " WHERE " + Trades.SYMBOL
        + " = ? AND " + Trades.DAY + " = ? AND " + Trades.TRADE_TS + " >= ? AND " + Trades.TRADE_TS
        + " < ?");
    selectCandles = session.prepare("SELECT " + String.join(", ", Candles.WINDOW_START,
        Candles.OPEN, Candles.HIGH, Candles.LOW, Candles.CLOSE, Candles.TRADE_COUNT,
        Candles.FIRST_TRADE_TS, Candles.LAST_TRADE_TS, Candles.VOLUME_EXACT, Candles.NOTIONAL_EXACT,
        Candles.IS_FINAL) + " FROM " + k + Candles.NAME + " WHERE " + Candles.SYMBOL + " = ? AND "
        + Candles.RESOLUTION + " = ? AND " + Candles.BUCKET + " = ? AND " + Candles.WINDOW_START
        + " >= ? AND " + Candles.WINDOW_START + " < ?");
    insertCandle = session.prepare(insert(k + Candles.NAME, Candles.SYMBOL, Candles.RESOLUTION,
        Candles.BUCKET, Candles.WINDOW_START, Candles.OPEN, Candles.HIGH, Candles.LOW,
        Candles.CLOSE, Candles.VOLUME, Candles.VWAP, Candles.TRADE_COUNT, Candles.FIRST_TRADE_TS,
        Candles.LAST_TRADE_TS, Candles.VOLUME_EXACT, Candles.NOTIONAL_EXACT, Candles.IS_FINAL,
        Candles.UPDATED_AT));
    selectState = session.prepare("SELECT " + Tables.SymbolState.BATCH_ID + ", "
        + Tables.SymbolState.LATEST_TRADE_TS + " FROM " + k + Tables.SymbolState.NAME + " WHERE "
        + Tables.SymbolState.QUERY_ID + " = ? AND " + Tables.SymbolState.SYMBOL + " = ? AND "
        + Tables.SymbolState.BATCH_ID + " < ? LIMIT 1");
    insertState = session.prepare(insert(k + Tables.SymbolState.NAME, Tables.SymbolState.QUERY_ID,
        Tables.SymbolState.SYMBOL, Tables.SymbolState.BATCH_ID,
        Tables.SymbolState.LATEST_TRADE_TS));
    pruneState = session.prepare("DELETE FROM " + k + Tables.SymbolState.NAME + " WHERE "
        + Tables.SymbolState.QUERY_ID + " = ? AND " + Tables.SymbolState.SYMBOL + " = ? AND "
        + Tables.SymbolState.BATCH_ID + " < ?");
    upsertSymbol = session.prepare("UPDATE " + k + Symbols.NAME + " SET " + Symbols.LATEST_TRADE_TS
        + " = ? WHERE " + Symbols.SYMBOL + " = ?");
    insertBatch = session.prepare(insert(k + ProcessorBatches.NAME, ProcessorBatches.QUERY_ID,
        ProcessorBatches.BATCH_ID, ProcessorBatches.RECORDS, ProcessorBatches.TRADES,
        ProcessorBatches.PRICE_UPDATES, ProcessorBatches.LATE_TRADES, ProcessorBatches.DEAD_LETTERS,
        ProcessorBatches.CANDLES_WRITTEN, ProcessorBatches.CANDLES_FINALIZED,
        ProcessorBatches.OFFSETS, ProcessorBatches.DURATION_MS, ProcessorBatches.FINISHED_AT));
  }

  /** {@code INSERT INTO table (a, b, ...) VALUES (?, ?, ...)}. */
  private static String insert(String table, String... columns) {
    return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
        + String.join(", ", Collections.nCopies(columns.length, "?")) + ")";
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
    writes.executeAll(batches(byPartition), Trades.NAME);
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
    writes.executeAll(batches(byPartition), LateTrades.NAME);
  }

  @Override
  public void writeDeadLetters(List<DeadLetter> deadLetters, long seenAtMicros) {
    Map<String, List<BoundStatement>> byPartition = new LinkedHashMap<>();
    for (DeadLetter d : deadLetters) {
      LocalDate day = DeadLetters.day(d.kafkaTsMs());
      byPartition.computeIfAbsent(d.topic() + "|" + day, p -> new ArrayList<>())
          .add(insertDeadLetter.bind(d.topic(), day, d.kafkaPartition(), d.kafkaOffset(),
              Instant.ofEpochMilli(d.kafkaTsMs()), ByteBuffer.wrap(d.value()), d.reason(),
              seenAtMicros));
    }
    writes.executeAll(batches(byPartition), DeadLetters.NAME);
  }

  @Override
  public Optional<SymbolState> symbolStateBefore(String queryId, String symbol, long batchId) {
    Row row = writes.query(selectState.bind(queryId, symbol, batchId), Tables.SymbolState.NAME)
        .one();
    if (row == null) {
      return Optional.empty();
    }
    return Optional.of(new SymbolState(symbol, row.getLong(Tables.SymbolState.BATCH_ID),
        row.getInstant(Tables.SymbolState.LATEST_TRADE_TS).toEpochMilli()));
  }

  @Override
  public void writeSymbolState(String queryId, SymbolState state, Optional<SymbolState> previous) {
    List<Statement<?>> statements = new ArrayList<>();
    statements.add(insertState.bind(queryId, state.symbol(), state.batchId(),
        Instant.ofEpochMilli(state.latestTradeMs())));
    previous.ifPresent(p -> statements.add(pruneState.bind(queryId, state.symbol(), p.batchId())));
    writes.executeAll(statements, Tables.SymbolState.NAME);
  }

  @Override
  public List<TradeRow> tradesBetween(String symbol, long fromMs, long toMs) {
    List<TradeRow> trades = new ArrayList<>();
    BoundStatement select = selectTrades.bind(symbol, Trades.day(fromMs),
        Instant.ofEpochMilli(fromMs), Instant.ofEpochMilli(toMs));
    for (Row row : writes.query(select, Trades.NAME)) {
      trades.add(new TradeRow(row.getString(Trades.SYMBOL), row.getDouble(Trades.PRICE),
          row.getDouble(Trades.VOLUME), row.getInstant(Trades.TRADE_TS).toEpochMilli(),
          row.getList(Trades.CONDITIONS, String.class), row.getLong(Trades.RECEIVED_AT),
          row.getString(Trades.INGEST_ID), row.getLong(Trades.FRAME_SEQ),
          row.getInt(Trades.INDEX_IN_FRAME), row.getInt(Trades.KAFKA_PARTITION),
          row.getLong(Trades.KAFKA_OFFSET),
          row.isNull(Trades.KAFKA_TS) ? 0 : row.getInstant(Trades.KAFKA_TS).toEpochMilli(),
          row.getBoolean(Trades.IS_LATE)));
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
      for (Row row : writes.query(select, Candles.NAME)) {
        candles.add(new Candle(symbol, resolution,
            row.getInstant(Candles.WINDOW_START).toEpochMilli(), row.getDouble(Candles.OPEN),
            row.getDouble(Candles.HIGH), row.getDouble(Candles.LOW), row.getDouble(Candles.CLOSE),
            row.getBigDecimal(Candles.VOLUME_EXACT), row.getBigDecimal(Candles.NOTIONAL_EXACT),
            row.getLong(Candles.TRADE_COUNT), row.getInstant(Candles.FIRST_TRADE_TS).toEpochMilli(),
            row.getInstant(Candles.LAST_TRADE_TS).toEpochMilli(),
            row.getBoolean(Candles.IS_FINAL)));
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
    writes.executeAll(batches(byPartition), Candles.NAME);
  }

  @Override
  public void writeSymbols(Map<String, Long> latestTradeMsBySymbol) {
    List<Statement<?>> statements = new ArrayList<>();
    for (Map.Entry<String, Long> entry : latestTradeMsBySymbol.entrySet()) {
      statements.add(upsertSymbol.bind(Instant.ofEpochMilli(entry.getValue()), entry.getKey()));
    }
    writes.executeAll(statements, Symbols.NAME);
  }

  @Override
  public void recordBatch(String queryId, BatchSummary s) {
    writes.executeAll(List.of(insertBatch.bind(queryId, s.batchId(), s.records(), s.trades(),
        s.priceUpdates(), s.lateTrades(), s.deadLetters(), s.candlesWritten(),
        s.candlesFinalized(), s.offsets(), s.durationMillis(),
        Instant.ofEpochMilli(s.finishedAtMs()))), ProcessorBatches.NAME);
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
}
