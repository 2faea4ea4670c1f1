package io.marketlab.dashboard;

import io.marketlab.layout.Resolution;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Serves the page over generated data, no Cassandra needed: for looking at the page (and for a
 * headless-browser screenshot). A random-walk trade every 2 s for 12 hours, with a 3-minute gap of
 * the feed 20 minutes before the end (shaded, its candles marked incomplete), then a new trade
 * every 300 ms while it runs. No Kafka: the pipeline page says it is off. Not a test; run with the
 * test classpath: {@code java ... DemoDashboard [port]}.
 */
public final class DemoDashboard {

  private final InMemoryMarketStore store;
  private final Map<String, Map<String, Candle>> windows = new HashMap<>();
  private final Random random = new Random(42);
  private long frameSeq;
  private Instant gapFrom;
  private Instant gapTo;

  DemoDashboard(InMemoryMarketStore store) {
    this.store = store;
  }

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8088;
    InMemoryMarketStore store = new InMemoryMarketStore(List.of("AAPL", "BINANCE:BTCUSDT"));
    DemoDashboard demo = new DemoDashboard(store);
    Instant start = Instant.parse("2024-08-08T14:00:00Z");
    double[] prices = {218.5, 60_950.0};
    Instant[] last = new Instant[1];
    int gapStart = 12 * 1800 - 600;
    int gapEnd = gapStart + 90;
    demo.gapFrom = start.plusSeconds(2L * (gapStart - 1));
    demo.gapTo = start.plusSeconds(2L * gapEnd);
    for (int i = 0; i < 12 * 1800; i++) {
      last[0] = start.plusSeconds(2L * i);
      if (i >= gapStart && i < gapEnd) {
        continue;
      }
      demo.trade("AAPL", last[0], prices, 0);
      demo.trade("BINANCE:BTCUSDT", last[0], prices, 1);
    }
    for (String symbol : store.symbols()) {
      store.add(
          new GapRow(
              symbol,
              "reconnect: the connection went silent for 30 s",
              "ing-demo",
              demo.gapFrom,
              demo.gapTo,
              demo.gapFrom.toEpochMilli() * 1000,
              demo.gapTo.toEpochMilli() * 1000));
    }
    for (String symbol : store.symbols()) {
      demo.analytics(symbol, last[0]);
    }
    ScheduledExecutorService live = Executors.newSingleThreadScheduledExecutor();
    live.scheduleAtFixedRate(
        () -> {
          last[0] = last[0].plusMillis(700);
          demo.trade("AAPL", last[0], prices, 0);
          demo.trade("BINANCE:BTCUSDT", last[0], prices, 1);
        },
        300,
        300,
        TimeUnit.MILLISECONDS);
    try (DashboardServer server =
        new DashboardServer(
            store, DashboardConfig.defaults().withPort(port).withSymbols(store.symbols()))) {
      System.out.println("Demo dashboard: " + server.url());
      Thread.currentThread().join();
    }
  }

  /**
   * Hourly rows from the symbol's 1h candles (realised volatility as the walk's: 0.08 % per trade)
   * and a price jump and a volume spike every third hour, for the page's hours table and markers.
   */
  private void analytics(String symbol, Instant end) {
    List<Candle> hours =
        store.candles(symbol, Resolution.HOUR, Instant.EPOCH, end.plusSeconds(3600));
    for (Candle h : hours) {
      store.put(
          symbol,
          new io.marketlab.layout.HourlyComparison.Hour(
              h.windowStart().toEpochMilli(),
              h.open(),
              h.high(),
              h.low(),
              h.close(),
              h.volume(),
              h.vwap(),
              h.tradeCount(),
              h.high() - h.low(),
              0.0008 * Math.sqrt(h.tradeCount()),
              (int) h.tradeCount() - 1,
              h.windowStart().plusSeconds(3600).isBefore(end)));
    }
    for (int i = 1; i < hours.size(); i += 3) {
      Instant at = hours.get(i).windowStart().plusSeconds(1234);
      List<Candle> second = store.candles(symbol, Resolution.SECOND, at, at.plusSeconds(2));
      double close = second.isEmpty() ? hours.get(i).close() : second.get(0).close();
      store.add(
          symbol,
          new AnomalyRow(
              at.toString(),
              "price_jump",
              9.3,
              0.0074,
              0.0008,
              8,
              close,
              1,
              at.minusSeconds(2).toString(),
              close / Math.exp(0.0074)));
      store.add(
          symbol,
          new AnomalyRow(
              at.plusSeconds(1800).toString(),
              "volume_spike",
              7.1,
              2400,
              150,
              6,
              close,
              2400,
              null,
              null));
    }
  }

  private synchronized void trade(String symbol, Instant ts, double[] prices, int which) {
    prices[which] = Math.max(1, prices[which] * (1 + random.nextGaussian() * 0.0008));
    double price = Math.round(prices[which] * 100) / 100.0;
    double volume =
        which == 0 ? 1 + random.nextInt(300) : Math.round(random.nextDouble() * 1000) / 10000.0;
    long receivedAt = Instant.now().toEpochMilli() * 1000;
    long latency = 3_000 + (long) (Math.abs(random.nextGaussian()) * 40_000);
    StoredTrade trade =
        new StoredTrade(
            symbol,
            ts,
            "ing-demo",
            frameSeq++,
            0,
            price,
            volume,
            false,
            List.of(),
            receivedAt,
            receivedAt + latency,
            ts);
    store.add(trade);
    for (Resolution resolution : Resolution.values()) {
      Instant window = resolution.floor(ts);
      String key = resolution + "@" + window;
      Candle old = windows.computeIfAbsent(symbol, s -> new HashMap<>()).get(key);
      boolean incomplete =
          gapFrom != null
              && !window.isAfter(gapTo)
              && gapFrom.isBefore(window.plusMillis(resolution.widthMillis()));
      Candle candle =
          old == null
              ? new Candle(
                  symbol,
                  resolution,
                  window,
                  price,
                  price,
                  price,
                  price,
                  volume,
                  price,
                  1,
                  ts,
                  ts,
                  false,
                  Instant.now(),
                  incomplete)
              : new Candle(
                  symbol,
                  resolution,
                  window,
                  old.open(),
                  Math.max(old.high(), price),
                  Math.min(old.low(), price),
                  price,
                  old.volume() + volume,
                  (old.vwap() * old.volume() + price * volume) / (old.volume() + volume),
                  old.tradeCount() + 1,
                  old.firstTradeTs(),
                  ts,
                  false,
                  Instant.now(),
                  incomplete);
      windows.get(symbol).put(key, candle);
      store.put(candle);
    }
  }
}
