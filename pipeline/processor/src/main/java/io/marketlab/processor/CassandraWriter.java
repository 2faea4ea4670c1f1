package io.marketlab.processor;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.marketlab.layout.Tables.Anomalies;
import io.marketlab.layout.Tables.Candles;
import io.marketlab.layout.Tables.DeadLetters;
import io.marketlab.layout.Tables.Hourly;
import io.marketlab.layout.Tables.LateTrades;
import io.marketlab.layout.Tables.Symbols;
import io.marketlab.layout.Tables.Trades;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes one task's rows to Cassandra from the executor: binds each row to its prepared, idempotent
 * statement and hands it to a {@link WriteQueue} (batching per partition, bounded in flight,
 * retries while Cassandra is away, dead letters for rows it refuses). {@code stored_at} and {@code
 * updated_at} are stamped when a row is bound.
 */
final class CassandraWriter implements ProcessorStore.RowWriter {

  private final Statements statements;
  private final StoreSettings settings;
  private final WriteQueue queue;
  private final AnomalyWebhook webhook;

  /** The topic the task's trades came from (one query reads one topic). */
  private String topic = "";

  CassandraWriter(SessionPool.Pooled pool, StoreSettings settings) {
    this(pool, settings, false);
  }

  /**
   * @param eager send each row as it comes, batching only what comes while its partition has
   *     requests in flight (the real-time query's writer; see {@link WriteQueue})
   */
  CassandraWriter(SessionPool.Pooled pool, StoreSettings settings, boolean eager) {
    ProcessorMetrics.onExecutor();
    this.statements = pool.statements();
    this.settings = settings;
    this.webhook = AnomalyWebhook.of(settings.webhook());
    this.queue =
        new WriteQueue(
            pool.session::executeAsync,
            pool.inFlight,
            settings,
            letter -> bind(statements.insertDeadLetter, deadLetterValues(letter)),
            StoreHealth.JVM,
            eager);
  }

  @Override
  public void trade(TradeRow t, String topic) {
    this.topic = topic == null ? "" : topic;
    add(
        "t|" + t.symbol() + "|" + t.day(),
        Trades.NAME,
        tradeBytes(t),
        t,
        statements.insertTrade,
        t.symbol(),
        t.day(),
        Instant.ofEpochMilli(t.tradeTsMs()),
        t.ingestId(),
        t.frameSeq(),
        t.indexInFrame(),
        t.price(),
        t.volume(),
        t.isPriceUpdate(),
        t.late(),
        t.conditions(),
        t.receivedAtUs(),
        t.kafkaPartition(),
        t.kafkaOffset(),
        Instant.ofEpochMilli(t.kafkaTsMs()),
        nowMicros(),
        settings.tradesTtlSeconds());
  }

  @Override
  public void realTimeTrade(TradeRow t, String topic) {
    this.topic = topic == null ? "" : topic;
    add(
        "t|" + t.symbol() + "|" + t.day(),
        Trades.NAME,
        tradeBytes(t),
        t,
        statements.insertTradeAt,
        t.symbol(),
        t.day(),
        Instant.ofEpochMilli(t.tradeTsMs()),
        t.ingestId(),
        t.frameSeq(),
        t.indexInFrame(),
        t.price(),
        t.volume(),
        t.isPriceUpdate(),
        false,
        t.conditions(),
        t.receivedAtUs(),
        t.kafkaPartition(),
        t.kafkaOffset(),
        Instant.ofEpochMilli(t.kafkaTsMs()),
        nowMicros(),
        settings.tradesTtlSeconds(),
        rowWriteTime(t));
  }

  @Override
  public void lateFlag(TradeRow t) {
    add(
        "t|" + t.symbol() + "|" + t.day(),
        Trades.NAME,
        60 + tradeBytes(t) / 2,
        t,
        statements.markLate,
        settings.tradesTtlSeconds(),
        rowWriteTime(t) + 1,
        t.symbol(),
        t.day(),
        Instant.ofEpochMilli(t.tradeTsMs()),
        t.ingestId(),
        t.frameSeq(),
        t.indexInFrame());
  }

  /**
   * The write time (µs) of a trade row the real-time query writes: its Kafka timestamp, the same on
   * every replay. The late flag is written 1 µs after it, so it wins in either order.
   */
  static long rowWriteTime(TradeRow t) {
    return t.kafkaTsMs() * 1000;
  }

  @Override
  public void lateTrade(LateTrade late) {
    TradeRow t = late.trade();
    add(
        "l|" + t.symbol() + "|" + t.day(),
        LateTrades.NAME,
        tradeBytes(t),
        late,
        statements.insertLate,
        t.symbol(),
        t.day(),
        Instant.ofEpochMilli(t.tradeTsMs()),
        t.ingestId(),
        t.frameSeq(),
        t.indexInFrame(),
        t.price(),
        t.volume(),
        Instant.ofEpochMilli(late.watermarkMs()),
        t.receivedAtUs(),
        t.kafkaPartition(),
        t.kafkaOffset(),
        nowMicros(),
        settings.tradesTtlSeconds());
  }

  @Override
  public void deadLetter(DeadLetter d) {
    add(
        "d|" + d.topic() + "|" + DeadLetters.day(d.kafkaTsMs()),
        DeadLetters.NAME,
        bytes(d),
        d,
        statements.insertDeadLetter,
        deadLetterValues(d));
  }

  @Override
  public void candle(Candle c) {
    LocalDate bucket = c.resolution().bucket(c.windowStartMs());
    add(
        "c|" + c.symbol() + "|" + c.resolution() + "|" + bucket,
        Candles.NAME,
        200 + 2 * c.symbol().length(),
        c,
        statements.insertCandle,
        c.symbol(),
        c.resolution().label(),
        bucket,
        Instant.ofEpochMilli(c.windowStartMs()),
        c.open(),
        c.high(),
        c.low(),
        c.close(),
        c.volume(),
        c.vwap(),
        c.tradeCount(),
        Instant.ofEpochMilli(c.firstTradeMs()),
        Instant.ofEpochMilli(c.lastTradeMs()),
        c.volumeExact(),
        c.notionalExact(),
        c.isFinal(),
        Instant.ofEpochMilli(nowMicros() / 1000));
  }

  @Override
  public void finalCandle(Candle c) {
    LocalDate bucket = c.resolution().bucket(c.windowStartMs());
    add(
        "c|" + c.symbol() + "|" + c.resolution() + "|" + bucket,
        Candles.NAME,
        60 + 2 * c.symbol().length(),
        c,
        statements.markCandleFinal,
        c.symbol(),
        c.resolution().label(),
        bucket,
        Instant.ofEpochMilli(c.windowStartMs()));
  }

  @Override
  public void symbol(String symbol, long latestTradeMs) {
    add(
        "s|" + symbol,
        Symbols.NAME,
        40 + symbol.length(),
        symbol,
        statements.upsertSymbol,
        Instant.ofEpochMilli(latestTradeMs),
        symbol);
  }

  @Override
  public void hourly(HourlyRow row) {
    Candle c = row.candle();
    add(
        "h|" + c.symbol(),
        Hourly.NAME,
        140 + 2 * c.symbol().length(),
        row,
        statements.insertHourly,
        c.symbol(),
        Instant.ofEpochMilli(c.windowStartMs()),
        c.open(),
        c.high(),
        c.low(),
        c.close(),
        c.volume(),
        c.vwap(),
        c.tradeCount(),
        row.range(),
        row.realizedVol(),
        Math.toIntExact(row.returns()),
        c.isFinal(),
        Instant.ofEpochMilli(nowMicros() / 1000));
  }

  @Override
  public void anomaly(String symbol, Analytics.Anomaly a) {
    add(
        "a|" + symbol,
        Anomalies.NAME,
        140 + 2 * symbol.length(),
        a,
        statements.insertAnomaly,
        symbol,
        Instant.ofEpochMilli(a.tsMs()),
        a.kind(),
        a.score(),
        a.value(),
        a.baseline(),
        a.threshold(),
        a.close(),
        a.isJump() ? Instant.ofEpochMilli(a.prevTsMs()) : null,
        a.isJump() ? a.prevClose() : null,
        a.volume(),
        nowMicros());
    ProcessorMetrics.anomaly(a.kind());
    webhook.post(symbol, a);
  }

  @Override
  public long finish() {
    return queue.finish();
  }

  @Override
  public void abandon() {
    queue.abandon();
  }

  private void add(
      String partition,
      String table,
      int bytes,
      Object source,
      PreparedStatement prepared,
      Object... values) {
    BoundStatement statement;
    try {
      statement = bind(prepared, values);
    } catch (RuntimeException e) { // a value the driver cannot encode
      if (Failures.of(e) == Failures.FATAL) {
        throw e;
      }
      queue.refuseUnbound(new WriteQueue.Item(null, bytes, table, source, topic, false), e);
      return;
    }
    queue.add(partition, new WriteQueue.Item(statement, bytes, table, source, topic, false));
  }

  private static BoundStatement bind(PreparedStatement prepared, Object... values) {
    return prepared.boundStatementBuilder(values).setIdempotence(true).build();
  }

  private static Object[] deadLetterValues(DeadLetter d) {
    return new Object[] {
      d.topic(),
      DeadLetters.day(d.kafkaTsMs()),
      d.kafkaPartition(),
      d.kafkaOffset(),
      Instant.ofEpochMilli(d.kafkaTsMs()),
      ByteBuffer.wrap(d.value()),
      d.reason(),
      nowMicros()
    };
  }

  private static int tradeBytes(TradeRow t) {
    int bytes = 120 + 2 * (t.symbol().length() + t.ingestId().length());
    for (String condition : t.conditions()) {
      bytes += 8 + condition.length();
    }
    return bytes;
  }

  /** A dead letter's estimated size in a batch. */
  static int bytes(DeadLetter d) {
    return 80 + d.value().length + d.reason().length() + d.topic().length();
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }
}
