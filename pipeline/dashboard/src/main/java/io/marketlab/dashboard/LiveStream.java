package io.marketlab.dashboard;

import io.javalin.http.sse.SseClient;
import io.marketlab.layout.Resolution;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events for the page. One poller thread reads the store for each (symbol, resolution)
 * that has clients: the newest few candles and trades, one cheap query each, and pushes what
 * changed since the previous poll (a candle whose updated_at moved, a trade not seen before).
 *
 * <p>Events: {@code candles} (array, oldest first), {@code trades} (array, oldest first), {@code
 * latency}, {@code status} ({@code {"ok":..,"time":..,"error":..}}, every poll). A client that just
 * connected first gets everything the poll read, so nothing falls between its REST snapshot and its
 * first update.
 */
final class LiveStream implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveStream.class);

  /** Enough for a replay at 10x speed on 1s candles between two polls. */
  static final int CANDLES_PER_POLL = 20;

  static final int TRADES_PER_POLL = 50;
  static final Duration LATENCY_EVERY = Duration.ofSeconds(2);

  record Key(String symbol, Resolution resolution) {}

  record Status(boolean ok, String time, String error) {}

  private static final class Subscriber {
    final SseClient client;
    volatile boolean fresh = true;

    Subscriber(SseClient client) {
      this.client = client;
    }
  }

  private static final class Topic {
    final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    Map<Instant, Instant> sentUpdatedAt = new HashMap<>();
    Set<String> sentTrades = new HashSet<>();
  }

  private final MarketStore store;
  private final int latencySample;
  private final Clock clock;
  private final ConcurrentMap<Key, Topic> topics = new ConcurrentHashMap<>();
  private final ScheduledExecutorService executor;
  private Instant lastLatency = Instant.EPOCH;
  private String lastError;

  LiveStream(MarketStore store, Duration interval, int latencySample, Clock clock) {
    this.store = store;
    this.latencySample = latencySample;
    this.clock = clock;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "dashboard-live");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleWithFixedDelay(
        this::pollSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Keeps the client's connection open and feeds it until it disconnects. */
  void subscribe(Key key, SseClient client) {
    Subscriber subscriber = new Subscriber(client);
    Topic topic = topics.computeIfAbsent(key, k -> new Topic());
    topic.subscribers.add(subscriber);
    client.onClose(() -> topic.subscribers.remove(subscriber));
    LOG.debug("Live client for {} {} connected", key.symbol(), key.resolution());
    client.keepAlive();
  }

  int clientCount() {
    int count = 0;
    for (Topic topic : topics.values()) {
      count += topic.subscribers.size();
    }
    return count;
  }

  private void pollSafely() {
    try {
      poll();
    } catch (RuntimeException e) {
      // The poller must survive anything, or the page silently freezes.
      LOG.warn("Live poll failed", e);
    }
  }

  private void poll() {
    String error = null;
    boolean newClients = false;
    for (Map.Entry<Key, Topic> entry : topics.entrySet()) {
      if (entry.getValue().subscribers.isEmpty()) {
        topics.remove(entry.getKey(), entry.getValue());
        continue;
      }
      try {
        newClients |= pollTopic(entry.getKey(), entry.getValue());
      } catch (StoreUnavailableException e) {
        error = e.getMessage();
      }
    }
    if (topics.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    boolean latencyDue = !now.isBefore(lastLatency.plus(LATENCY_EVERY));
    if (error == null && (newClients || latencyDue)) {
      lastLatency = now;
      try {
        broadcast("latency", JsonViews.latency(store.latency(latencySample)));
      } catch (StoreUnavailableException e) {
        error = e.getMessage();
      }
    }
    if (error != null && !error.equals(lastError)) {
      LOG.warn("Store unavailable: {}", error);
    }
    lastError = error;
    broadcast("status", new Status(error == null, now.toString(), error));
  }

  /** Sends what changed; true when a client got its first update in this poll. */
  private boolean pollTopic(Key key, Topic topic) {
    List<Candle> candles = store.newestCandles(key.symbol(), key.resolution(), CANDLES_PER_POLL);
    List<Candle> changed = new ArrayList<>();
    Map<Instant, Instant> seen = new HashMap<>();
    for (Candle candle : candles) {
      seen.put(candle.windowStart(), candle.updatedAt());
      boolean known = topic.sentUpdatedAt.containsKey(candle.windowStart());
      if (!known
          || !Objects.equals(topic.sentUpdatedAt.get(candle.windowStart()), candle.updatedAt())) {
        changed.add(candle);
      }
    }
    topic.sentUpdatedAt = seen;

    List<StoredTrade> newestFirst = store.latestTrades(key.symbol(), TRADES_PER_POLL);
    List<StoredTrade> all = new ArrayList<>();
    List<StoredTrade> unseen = new ArrayList<>();
    Set<String> identities = new HashSet<>();
    for (int i = newestFirst.size() - 1; i >= 0; i--) {
      StoredTrade trade = newestFirst.get(i);
      identities.add(trade.identity());
      all.add(trade);
      if (!topic.sentTrades.contains(trade.identity())) {
        unseen.add(trade);
      }
    }
    topic.sentTrades = identities;

    boolean anyFresh = false;
    for (Subscriber subscriber : topic.subscribers) {
      boolean fresh = subscriber.fresh;
      anyFresh |= fresh;
      List<Candle> candlesToSend = fresh ? candles : changed;
      List<StoredTrade> tradesToSend = fresh ? all : unseen;
      if (!candlesToSend.isEmpty()) {
        send(topic, subscriber, "candles", JsonViews.candles(candlesToSend));
      }
      if (!tradesToSend.isEmpty()) {
        send(topic, subscriber, "trades", JsonViews.trades(tradesToSend));
      }
      subscriber.fresh = false;
    }
    return anyFresh;
  }

  private void broadcast(String event, Object data) {
    for (Topic topic : topics.values()) {
      for (Subscriber subscriber : topic.subscribers) {
        send(topic, subscriber, event, data);
      }
    }
  }

  private void send(Topic topic, Subscriber subscriber, String event, Object data) {
    if (subscriber.client.terminated()) {
      topic.subscribers.remove(subscriber);
      return;
    }
    try {
      subscriber.client.sendEvent(event, data);
    } catch (RuntimeException e) {
      LOG.debug("Dropping live client after a failed send: {}", e.toString());
      topic.subscribers.remove(subscriber);
      subscriber.client.close();
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
    for (Topic topic : topics.values()) {
      for (Subscriber subscriber : topic.subscribers) {
        subscriber.client.close();
      }
    }
    topics.clear();
  }
}
