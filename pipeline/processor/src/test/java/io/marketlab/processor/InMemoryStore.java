package io.marketlab.processor;

import io.marketlab.layout.Resolution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A recorder with the same keys as the Cassandra tables (upserts replace by primary key), for unit
 * tests only. {@link #failAfterWrites} simulates a kill -9 in the middle of a batch. Spark tasks
 * reach it through {@link #handle()} (a serializable name looked up in this JVM: local mode).
 */
final class InMemoryStore implements ProcessorStore.RowWriter {

  private static final Map<String, InMemoryStore> REGISTRY = new ConcurrentHashMap<>();
  private static final AtomicInteger NAMES = new AtomicInteger();

  final Map<String, TradeRow> trades = new TreeMap<>();
  final Map<String, Long> storedAt = new TreeMap<>();
  final Map<String, LateTrade> lateTrades = new TreeMap<>();
  final Map<String, DeadLetter> deadLetters = new TreeMap<>();
  final Map<String, Candle> candles = new TreeMap<>();
  final Map<String, Long> symbols = new TreeMap<>();

  /** Hourly rows by symbol|hour start. */
  final Map<String, HourlyRow> hourly = new TreeMap<>();

  /** Anomalies by symbol|ts|kind. */
  final Map<String, Analytics.Anomaly> anomalies = new TreeMap<>();

  /** Trades whose late flag was set (Cassandra: a newer cell than the real-time row's). */
  final java.util.Set<String> lateFlags = new java.util.TreeSet<>();

  final List<BatchSummary> batches = new ArrayList<>();
  private int writesLeft = Integer.MAX_VALUE;
  int writeCount;
  private final String name = "store-" + NAMES.incrementAndGet();

  InMemoryStore() {
    REGISTRY.put(name, this);
  }

  /** The store as Spark tasks in this JVM reach it. */
  ProcessorStore handle() {
    return new Handle(name);
  }

  private record Handle(String name) implements ProcessorStore {
    @Override
    public RowWriter open() {
      return REGISTRY.get(name);
    }

    @Override
    public RowWriter openRealTime() {
      return REGISTRY.get(name);
    }

    @Override
    public void recordBatch(String queryId, BatchSummary summary) {
      REGISTRY.get(name).recordBatch(summary);
    }
  }

  /** The next write calls after {@code count} more throw, as if the process died there. */
  synchronized void failAfterWrites(int count) {
    writesLeft = count;
  }

  synchronized void heal() {
    writesLeft = Integer.MAX_VALUE;
  }

  private void write() {
    writeCount++;
    if (writesLeft-- <= 0) {
      throw new IllegalStateException("simulated crash");
    }
  }

  static String tradeKey(TradeRow t) {
    return String.format(
        "%s|%020d|%s|%020d|%010d",
        t.symbol(), t.tradeTsMs(), t.ingestId(), t.frameSeq(), t.indexInFrame());
  }

  static String candleKey(String symbol, Resolution resolution, long windowStartMs) {
    return String.format("%s|%s|%020d", symbol, resolution.label(), windowStartMs);
  }

  // Row by row: a crash can leave half a batch behind, as in Cassandra.

  @Override
  public synchronized void trade(TradeRow row, String topic) {
    write();
    trades.put(tradeKey(row), row);
    storedAt.put(tradeKey(row), System.currentTimeMillis() * 1000);
  }

  @Override
  public synchronized void realTimeTrade(TradeRow row, String topic) {
    write();
    String key = tradeKey(row);
    trades.put(key, row.withLate(lateFlags.contains(key)));
    storedAt.put(key, System.currentTimeMillis() * 1000);
  }

  @Override
  public synchronized void lateFlag(TradeRow row) {
    write();
    String key = tradeKey(row);
    lateFlags.add(key);
    TradeRow stored = trades.get(key);
    if (stored != null) {
      trades.put(key, stored.withLate(true));
    }
  }

  @Override
  public synchronized void lateTrade(LateTrade row) {
    write();
    lateTrades.put(tradeKey(row.trade()), row);
  }

  @Override
  public synchronized void deadLetter(DeadLetter row) {
    write();
    deadLetters.put(row.topic() + "|" + row.kafkaPartition() + "|" + row.kafkaOffset(), row);
  }

  @Override
  public synchronized void candle(Candle row) {
    write();
    candles.put(candleKey(row.symbol(), row.resolution(), row.windowStartMs()), row);
  }

  @Override
  public synchronized void symbol(String symbol, long latestTradeMs) {
    write();
    symbols.put(symbol, latestTradeMs);
  }

  @Override
  public synchronized void hourly(HourlyRow row) {
    write();
    hourly.put(row.candle().symbol() + "|" + row.candle().windowStartMs(), row);
  }

  @Override
  public synchronized void anomaly(String symbol, Analytics.Anomaly anomaly) {
    write();
    anomalies.put(symbol + "|" + anomaly.tsMs() + "|" + anomaly.kind(), anomaly);
  }

  /** Trades and dead letters stored so far (safe while writers run). */
  synchronized int rowCount() {
    return trades.size() + deadLetters.size();
  }

  @Override
  public long finish() {
    return 0;
  }

  synchronized void recordBatch(BatchSummary summary) {
    write();
    batches.add(summary);
  }
}
