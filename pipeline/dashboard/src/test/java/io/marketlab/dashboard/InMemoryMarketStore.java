package io.marketlab.dashboard;

import io.marketlab.layout.Resolution;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A {@link MarketStore} over maps, for the HTTP tests; {@link #failWith} simulates an outage,
 * {@link #throwOnEveryCall} an unexpected failure.
 */
final class InMemoryMarketStore implements MarketStore {

  private record Series(String symbol, Resolution resolution) {}

  private static final Comparator<StoredTrade> ARRIVAL =
      Comparator.comparing(StoredTrade::tradeTs)
          .thenComparing(StoredTrade::ingestId)
          .thenComparingLong(StoredTrade::frameSeq)
          .thenComparingInt(StoredTrade::indexInFrame);

  private final List<String> symbols;
  private final Map<Series, NavigableMap<Instant, Candle>> candles = new HashMap<>();
  private final Map<String, List<StoredTrade>> trades = new HashMap<>();
  private final List<GapRow> gaps = new ArrayList<>();
  private final Map<String, NavigableMap<Long, io.marketlab.layout.HourlyComparison.Hour>> hours =
      new HashMap<>();
  private final Map<String, List<AnomalyRow>> anomalies = new HashMap<>();
  private volatile String failure;
  private volatile String queryFailure;
  private volatile RuntimeException unexpected;

  InMemoryMarketStore(List<String> symbols) {
    this.symbols = List.copyOf(symbols);
  }

  synchronized void put(Candle candle) {
    candles
        .computeIfAbsent(new Series(candle.symbol(), candle.resolution()), s -> new TreeMap<>())
        .put(candle.windowStart(), candle);
  }

  synchronized void add(StoredTrade trade) {
    List<StoredTrade> list = trades.computeIfAbsent(trade.symbol(), s -> new ArrayList<>());
    list.add(trade);
    list.sort(ARRIVAL);
  }

  synchronized void add(GapRow gap) {
    gaps.add(gap);
  }

  synchronized void put(String symbol, io.marketlab.layout.HourlyComparison.Hour hour) {
    hours.computeIfAbsent(symbol, s -> new TreeMap<>()).put(hour.hourStartMs(), hour);
  }

  synchronized void add(String symbol, AnomalyRow anomaly) {
    List<AnomalyRow> rows = anomalies.computeIfAbsent(symbol, s -> new ArrayList<>());
    rows.add(anomaly);
    rows.sort(
        java.util.Comparator.comparing(a -> Instant.parse(a.ts()))); // oldest first, as stored
  }

  @Override
  public synchronized List<io.marketlab.layout.HourlyComparison.Hour> hourly(
      String symbol, Instant from, Instant to) {
    return List.copyOf(
        hours
            .getOrDefault(symbol, new TreeMap<>())
            .subMap(from.toEpochMilli(), true, to.toEpochMilli(), false)
            .values());
  }

  @Override
  public synchronized List<AnomalyRow> anomalies(
      String symbol, Instant from, Instant to, int limit) {
    List<AnomalyRow> inRange = new ArrayList<>();
    for (AnomalyRow a : anomalies.getOrDefault(symbol, List.of())) {
      Instant ts = Instant.parse(a.ts());
      if (!ts.isBefore(from) && ts.isBefore(to)) {
        inRange.add(a);
      }
    }
    return inRange.subList(Math.max(0, inRange.size() - limit), inRange.size());
  }

  /**
   * Applies several changes as one: a reader (every read is synchronized on the store) sees all of
   * them or none, so a test decides what one poll observes.
   */
  synchronized void atomically(Runnable changes) {
    changes.run();
  }

  /** Every call throws {@link StoreUnavailableException} with this message; null heals. */
  void failWith(String message) {
    failure = message;
  }

  /**
   * Every read but {@link #symbols()} throws {@link StoreUnavailableException} with this message,
   * as a Cassandra store with configured symbols does when Cassandra is down; null heals.
   */
  void failQueriesWith(String message) {
    queryFailure = message;
  }

  /** Every call throws this exception (a bug, an unwrapped driver error); null heals. */
  void throwOnEveryCall(RuntimeException exception) {
    unexpected = exception;
  }

  private void check() {
    checkSymbols();
    if (queryFailure != null) {
      throw new StoreUnavailableException(queryFailure);
    }
  }

  private void checkSymbols() {
    if (unexpected != null) {
      throw unexpected;
    }
    if (failure != null) {
      throw new StoreUnavailableException(failure);
    }
  }

  @Override
  public void ping() {
    check();
  }

  @Override
  public List<String> symbols() {
    checkSymbols();
    return symbols;
  }

  @Override
  public synchronized List<Candle> candles(
      String symbol, Resolution resolution, Instant from, Instant to) {
    check();
    NavigableMap<Instant, Candle> series = candles.get(new Series(symbol, resolution));
    if (series == null) {
      return List.of();
    }
    return new ArrayList<>(series.subMap(from, true, to, false).values());
  }

  @Override
  public synchronized List<Candle> newestCandles(String symbol, Resolution resolution, int limit) {
    check();
    NavigableMap<Instant, Candle> series = candles.get(new Series(symbol, resolution));
    List<Candle> result = new ArrayList<>();
    if (series == null) {
      return result;
    }
    for (Candle candle : series.descendingMap().values()) {
      if (result.size() == limit) {
        break;
      }
      result.add(0, candle);
    }
    return result;
  }

  @Override
  public synchronized List<StoredTrade> latestTrades(String symbol, int limit) {
    check();
    List<StoredTrade> list = trades.getOrDefault(symbol, List.of());
    List<StoredTrade> newestFirst = new ArrayList<>();
    for (int i = list.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
      newestFirst.add(list.get(i));
    }
    return newestFirst;
  }

  /** As the Cassandra store answers: the gaps meeting [from, to), oldest first, the newest N. */
  @Override
  public synchronized List<GapRow> gaps(String symbol, Instant from, Instant to, int limit) {
    check();
    List<GapRow> meeting = new ArrayList<>();
    for (GapRow gap : gaps) {
      if (gap.symbol().equals(symbol) && gap.meets(from, to)) {
        meeting.add(gap);
      }
    }
    meeting.sort(Comparator.comparing(GapRow::low));
    return new ArrayList<>(meeting.subList(Math.max(0, meeting.size() - limit), meeting.size()));
  }

  @Override
  public synchronized LatencySummary latency(int lastTrades) {
    check();
    List<StoredTrade> all = new ArrayList<>();
    for (List<StoredTrade> list : trades.values()) {
      all.addAll(list);
    }
    all.sort(Comparator.comparingLong(StoredTrade::storedAtMicros).reversed());
    return LatencySummary.of(all.subList(0, Math.min(lastTrades, all.size())));
  }
}
