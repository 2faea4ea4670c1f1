package io.marketlab.dashboard;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.marketlab.layout.Resolution;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MarketStore} over the processor's keyspace. Every query names one partition: the time
 * range of a request is turned into bucket/day keys ({@link Partitions}) and each is read with a
 * range on its clustering column.
 *
 * <p>A replayed session keeps its original trade times, so "the newest candle" can be years old.
 * The processor records each symbol's newest trade time in {@code symbols.latest_trade_ts}; that
 * row says which bucket and which trade day hold the newest data. Without it, the newest data is
 * found through the 1h candles (few, coarse partitions): the bucket found is remembered per symbol
 * and only the next one is probed afterwards, with a full search now and then.
 */
public final class CassandraMarketStore implements MarketStore {

  private static final Logger LOG = LoggerFactory.getLogger(CassandraMarketStore.class);

  /** How often the remembered newest bucket is verified by a search back from now. */
  static final Duration FULL_SEARCH_EVERY = Duration.ofSeconds(30);

  /** How soon a symbol without any data is searched again (a demo opens before data flows). */
  static final Duration EMPTY_SEARCH_EVERY = Duration.ofSeconds(5);

  /** How many partitions before the newest one a "newest N" read may walk back. */
  static final int MAX_BUCKETS_BACK = 2;

  private final CqlSession session;
  private final boolean ownsSession;
  private final List<String> configuredSymbols;
  private final Partitions partitions;
  private final Duration searchHorizon;
  private final Clock clock;
  private final CassandraStatements statements;
  private final ConcurrentMap<String, Hint> hourHints = new ConcurrentHashMap<>();

  /** Where a symbol's newest 1h candle was seen; {@code bucket} null = no data at all. */
  private record Hint(Instant bucket, Instant searchedAt) {}

  /**
   * How long the symbol list read from the store is reused (every request validates against it).
   */
  static final Duration SYMBOLS_TTL = Duration.ofSeconds(5);

  private volatile List<String> cachedSymbols;
  private volatile Instant symbolsReadAt = Instant.EPOCH;

  /** A store over a session someone else owns (and closes); symbols empty = read from the store. */
  public CassandraMarketStore(CqlSession session, String keyspace, List<String> symbols) {
    this(
        session,
        false,
        keyspace,
        symbols,
        Partitions.DEFAULT,
        DashboardConfig.DEFAULT_SEARCH_HORIZON,
        Clock.systemUTC());
  }

  CassandraMarketStore(
      CqlSession session,
      boolean ownsSession,
      String keyspace,
      List<String> symbols,
      Partitions partitions,
      Duration searchHorizon,
      Clock clock) {
    this.session = session;
    this.ownsSession = ownsSession;
    this.configuredSymbols = List.copyOf(symbols);
    this.partitions = partitions;
    this.searchHorizon = searchHorizon;
    this.clock = clock;
    this.statements = new CassandraStatements(session, keyspace, partitions);
  }

  /** Opens a session from the config; the store owns it and closes it. */
  public static CassandraMarketStore connect(DashboardConfig config) {
    List<InetSocketAddress> resolved = new ArrayList<>();
    for (InetSocketAddress point : config.contactPoints()) {
      resolved.add(new InetSocketAddress(point.getHostString(), point.getPort()));
    }
    LOG.info(
        "Connecting to Cassandra {} (datacenter {}, keyspace {})",
        config.contactPoints(),
        config.localDatacenter(),
        config.keyspace());
    CqlSession session;
    try {
      session =
          CqlSession.builder()
              .addContactPoints(resolved)
              .withLocalDatacenter(config.localDatacenter())
              .build();
    } catch (RuntimeException e) {
      throw new StoreUnavailableException(
          "cannot connect to Cassandra",
          "cannot connect to Cassandra at "
              + config.contactPoints()
              + " (datacenter "
              + config.localDatacenter()
              + "): "
              + e.getMessage(),
          e);
    }
    return new CassandraMarketStore(
        session,
        true,
        config.keyspace(),
        config.symbols(),
        Partitions.DEFAULT,
        config.searchHorizon(),
        Clock.systemUTC());
  }

  @Override
  public void ping() {
    statements.ping();
  }

  @Override
  public List<String> symbols() {
    if (!configuredSymbols.isEmpty()) {
      List<String> sorted = new ArrayList<>(configuredSymbols);
      sorted.sort(null);
      return sorted;
    }
    Instant now = clock.instant();
    List<String> cached = cachedSymbols;
    if (cached != null && now.isBefore(symbolsReadAt.plus(SYMBOLS_TTL))) {
      return cached;
    }
    List<String> read = statements.symbolsFromTable();
    cachedSymbols = read;
    symbolsReadAt = now;
    return read;
  }

  @Override
  public List<Candle> candles(String symbol, Resolution resolution, Instant from, Instant to) {
    List<Candle> result = new ArrayList<>();
    for (Instant bucket : partitions.candleBuckets(resolution, from, to)) {
      BoundStatement bound = statements.candleRange(symbol, resolution, bucket, from, to);
      for (Row row : statements.execute(bound)) {
        if (CassandraRows.isCandle(row)) {
          result.add(CassandraRows.candle(row, symbol, resolution));
        }
      }
    }
    return result;
  }

  @Override
  public List<Candle> newestCandles(String symbol, Resolution resolution, int limit) {
    Optional<Instant> newestTrade = newestTradeTime(symbol);
    if (newestTrade.isEmpty()) {
      return List.of();
    }
    Instant bucket = partitions.candleBucket(resolution, newestTrade.get());
    BucketSize size = partitions.bucketSize(resolution);
    List<Candle> newestFirst = new ArrayList<>();
    // Walk back only past empty partitions (a price update after midnight, a gap): the live poll
    // stays one query, and a boundary inside the newest windows just returns fewer of them.
    for (int step = 0; step <= MAX_BUCKETS_BACK && newestFirst.isEmpty(); step++) {
      newestFirst.addAll(newestIn(symbol, resolution, bucket, limit - newestFirst.size()));
      bucket = size.previous(bucket);
    }
    newestFirst.sort(Comparator.comparing(Candle::windowStart));
    return newestFirst;
  }

  @Override
  public List<StoredTrade> latestTrades(String symbol, int limit) {
    Optional<Instant> newestTrade = newestTradeTime(symbol);
    if (newestTrade.isEmpty()) {
      return List.of();
    }
    LocalDate day = Partitions.tradeDay(newestTrade.get());
    List<StoredTrade> trades = new ArrayList<>();
    // A day boundary can fall inside the requested number of trades: one step back is enough.
    for (int step = 0; step < 2 && trades.size() < limit; step++) {
      for (Row row :
          statements.execute(statements.tradesNewest(symbol, day, limit - trades.size()))) {
        trades.add(CassandraRows.trade(row, symbol));
      }
      day = day.minusDays(1);
    }
    return trades;
  }

  @Override
  public List<io.marketlab.layout.HourlyComparison.Hour> hourly(
      String symbol, Instant from, Instant to) {
    Optional<BoundStatement> bound = statements.hourlyRange(symbol, from, to);
    List<io.marketlab.layout.HourlyComparison.Hour> hours = new ArrayList<>();
    if (bound.isPresent()) {
      for (Row row : statements.execute(bound.get())) {
        hours.add(CassandraRows.hour(row));
      }
    }
    return hours;
  }

  @Override
  public List<AnomalyRow> anomalies(String symbol, Instant from, Instant to, int limit) {
    Optional<BoundStatement> bound = statements.anomaliesRange(symbol, from, to, limit);
    List<AnomalyRow> anomalies = new ArrayList<>();
    if (bound.isPresent()) {
      for (Row row : statements.execute(bound.get())) {
        anomalies.add(CassandraRows.anomaly(row));
      }
    }
    java.util.Collections.reverse(anomalies);
    return anomalies;
  }

  @Override
  public List<GapRow> gaps(String symbol, Instant from, Instant to, int limit) {
    Optional<BoundStatement> bound = statements.gapsBefore(symbol, to, limit);
    if (bound.isEmpty()) {
      return List.of();
    }
    List<GapRow> gaps = new ArrayList<>();
    for (Row row : statements.execute(bound.get())) {
      GapRow gap = CassandraRows.gap(row, symbol);
      if (gap.meets(from, to)) {
        gaps.add(gap);
      }
    }
    gaps.sort(Comparator.comparing(GapRow::low));
    return gaps;
  }

  @Override
  public LatencySummary latency(int lastTrades) {
    List<StoredTrade> recent = new ArrayList<>();
    for (String symbol : symbols()) {
      recent.addAll(latestTrades(symbol, lastTrades));
    }
    return LatencySummary.ofNewestStored(recent, lastTrades);
  }

  @Override
  public void close() {
    if (ownsSession) {
      session.close();
    }
  }

  private Optional<Instant> newestTradeTime(String symbol) {
    Optional<Instant> recorded = statements.latestTradeTs(symbol);
    if (recorded.isPresent()) {
      return recorded;
    }
    return newestHourCandle(symbol).map(CassandraMarketStore::newestTradeTime);
  }

  private static Instant newestTradeTime(Candle hour) {
    if (hour.lastTradeTs() != null) {
      return hour.lastTradeTs();
    }
    return hour.windowStart().plus(Resolution.HOUR.width()).minusMillis(1);
  }

  private List<Candle> newestIn(String symbol, Resolution resolution, Instant bucket, int limit) {
    List<Candle> newestFirst = new ArrayList<>();
    for (Row row : statements.execute(statements.candleNewest(symbol, resolution, bucket, limit))) {
      if (CassandraRows.isCandle(row)) {
        newestFirst.add(CassandraRows.candle(row, symbol, resolution));
      }
    }
    return newestFirst;
  }

  private Optional<Candle> newestHourCandle(String symbol) {
    Instant now = clock.instant();
    BucketSize size = partitions.bucketSize(Resolution.HOUR);
    Hint hint = hourHints.get(symbol);
    if (hint != null
        && hint.bucket() == null
        && now.isBefore(hint.searchedAt().plus(EMPTY_SEARCH_EVERY))) {
      return Optional.empty();
    }
    if (hint != null
        && hint.bucket() != null
        && now.isBefore(hint.searchedAt().plus(FULL_SEARCH_EVERY))) {
      // Sessions replay forward in time: the newest hour is in the remembered bucket or the next.
      Instant next = size.next(hint.bucket());
      if (!next.isAfter(now)) {
        List<Candle> inNext = newestIn(symbol, Resolution.HOUR, next, 1);
        if (!inNext.isEmpty()) {
          hourHints.put(symbol, new Hint(next, hint.searchedAt()));
          return Optional.of(inNext.get(0));
        }
      }
      List<Candle> inHint = newestIn(symbol, Resolution.HOUR, hint.bucket(), 1);
      if (!inHint.isEmpty()) {
        return Optional.of(inHint.get(0));
      }
    }
    return searchBackFromNow(symbol, now);
  }

  private Optional<Candle> searchBackFromNow(String symbol, Instant now) {
    BucketSize size = partitions.bucketSize(Resolution.HOUR);
    Instant oldest = size.floor(now.minus(searchHorizon));
    int probed = 0;
    for (Instant bucket = size.floor(now);
        !bucket.isBefore(oldest);
        bucket = size.previous(bucket)) {
      probed++;
      List<Candle> found = newestIn(symbol, Resolution.HOUR, bucket, 1);
      if (!found.isEmpty()) {
        LOG.debug(
            "Newest 1h candle of {} is in bucket {} ({} partitions probed)",
            symbol,
            bucket,
            probed);
        hourHints.put(symbol, new Hint(bucket, now));
        return Optional.of(found.get(0));
      }
    }
    hourHints.put(symbol, new Hint(null, now));
    return Optional.empty();
  }
}
