package io.marketlab.dashboard;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import io.marketlab.layout.Resolution;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-Sent Events for the page. One poller thread reads the store for each (symbol, resolution)
 * that has clients: the newest few candles and trades, one cheap query each, and queues what
 * changed since the previous poll (a candle whose updated_at moved, a trade not seen before).
 *
 * <p>The poller never writes to a socket: each client has a bounded queue of events and a writer
 * thread of its own, so a client that stops reading holds up nobody. When a client's queue is full
 * it is dropped (its connection closed, counted in {@link #droppedCount()}, logged); a browser's
 * EventSource reconnects by itself. At most {@code maxClients} clients are served at a time.
 *
 * <p>Events: {@code candles} (array, oldest first), {@code trades} (array, oldest first), {@code
 * latency}, {@code status} ({@code {"ok":..,"time":..,"error":..,"errorId":..}}, every poll; the
 * error says what failed, never CQL or driver text). A client that just connected first gets
 * everything the poll read, so nothing falls between its REST snapshot and its first update.
 */
final class LiveStream implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveStream.class);

  /** Enough for a replay at 10x speed on 1s candles between two polls. */
  static final int CANDLES_PER_POLL = 20;

  /**
   * New trades a poll can pass on per symbol: the page forms candles from them, so a poll must hold
   * every trade of a burst (at 50, 40 % of a 100 trades/s replay never reached the page).
   */
  static final int TRADES_PER_POLL = 250;

  static final Duration LATENCY_EVERY = Duration.ofSeconds(2);

  record Key(String symbol, Resolution resolution) {}

  /** The live state of the store as the last poll saw it. */
  record Status(
      boolean ok,
      String time,
      String error,
      @JsonInclude(JsonInclude.Include.NON_NULL) String errorId) {}

  /** How many clients, and how many events each may have waiting. */
  record Limits(int maxClients, int queuedEvents) {
    Limits {
      if (maxClients < 1 || queuedEvents < 1) {
        throw new IllegalArgumentException(
            "live limits must be at least 1, got " + maxClients + " clients, " + queuedEvents);
      }
    }
  }

  private record Event(String name, String data) {}

  /** Tells a writer to stop after what it has sent. */
  private static final Event END = new Event("", "");

  private static final class Subscriber {
    final SseClient client;
    final String remote;
    final BlockingQueue<Event> queue;
    volatile boolean fresh = true;
    volatile Future<?> writer;

    Subscriber(SseClient client, int capacity) {
      this.client = client;
      this.remote = client.ctx().req().getRemoteAddr() + ":" + client.ctx().req().getRemotePort();
      // One more than the limit, so END always fits.
      this.queue = new ArrayBlockingQueue<>(capacity + 1);
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
  private final Limits limits;
  private final ObjectMapper json;
  private final ConcurrentMap<Key, Topic> topics = new ConcurrentHashMap<>();
  private final AtomicInteger clients = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong failedPolls = new AtomicLong();
  private final ScheduledExecutorService poller;
  private final ExecutorService writers;
  private Instant lastLatency = Instant.EPOCH;
  private ErrorReport lastError;
  private volatile Status lastStatus;

  LiveStream(
      MarketStore store,
      Duration interval,
      int latencySample,
      Clock clock,
      Limits limits,
      ObjectMapper json) {
    this.store = store;
    this.latencySample = latencySample;
    this.clock = clock;
    this.limits = limits;
    this.json = json;
    this.poller = Executors.newSingleThreadScheduledExecutor(daemon("dashboard-live"));
    this.writers = Executors.newCachedThreadPool(daemon("dashboard-live-writer"));
    poller.scheduleWithFixedDelay(this::pollSafely, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** False when a new client would exceed the limit (checked before the stream is answered). */
  boolean hasRoom() {
    return clients.get() < limits.maxClients();
  }

  int maxClients() {
    return limits.maxClients();
  }

  /** Keeps the client's connection open and feeds it until it disconnects or falls behind. */
  void subscribe(Key key, SseClient client) {
    if (clients.incrementAndGet() > limits.maxClients()) {
      // Two clients passed hasRoom() at once: this one is over the limit after all.
      clients.decrementAndGet();
      client.sendEvent("status", toJson(refusedStatus()));
      client.close();
      return;
    }
    Subscriber subscriber = new Subscriber(client, limits.queuedEvents());
    Topic topic = topics.computeIfAbsent(key, k -> new Topic());
    topic.subscribers.add(subscriber);
    client.onClose(() -> remove(topic, subscriber));
    subscriber.writer = writers.submit(() -> write(subscriber));
    LOG.debug(
        "Live client {} for {} {} connected", subscriber.remote, key.symbol(), key.resolution());
    client.keepAlive();
  }

  private Status refusedStatus() {
    return new Status(false, clock.instant().toString(), tooManyClients(), null);
  }

  /** What a client over the limit is told. */
  String tooManyClients() {
    return "too many live clients: this dashboard serves at most "
        + limits.maxClients()
        + " at a time (setting LAB_DASHBOARD_MAX_CLIENTS); close another dashboard page or raise"
        + " the limit";
  }

  int clientCount() {
    return clients.get();
  }

  /** Clients dropped since the start because their queue was full (they did not read). */
  long droppedCount() {
    return dropped.get();
  }

  /** Live polls whose store queries failed (each counted, also when the failure repeats). */
  long failedPollCount() {
    return failedPolls.get();
  }

  /** What the last poll saw; null before the first poll with clients. */
  Status lastStatus() {
    return lastStatus;
  }

  /** A client's own thread: sends its queued events in order, blocking on its socket only. */
  private void write(Subscriber subscriber) {
    try {
      while (!subscriber.client.terminated()) {
        Event event = subscriber.queue.take();
        if (event == END) {
          break;
        }
        subscriber.client.sendEvent(event.name(), event.data());
      }
    } catch (InterruptedException e) {
      // dropped or shutting down
    } catch (RuntimeException e) {
      LOG.debug("Live client {} failed: {}", subscriber.remote, e.toString());
    } finally {
      subscriber.client.close();
    }
  }

  private void remove(Topic topic, Subscriber subscriber) {
    if (topic.subscribers.remove(subscriber)) {
      clients.decrementAndGet();
      subscriber.queue.clear();
      subscriber.queue.offer(END);
    }
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
    RuntimeException failure = null;
    boolean newClients = false;
    for (Map.Entry<Key, Topic> entry : topics.entrySet()) {
      if (entry.getValue().subscribers.isEmpty()) {
        topics.remove(entry.getKey(), entry.getValue());
        continue;
      }
      try {
        newClients |= pollTopic(entry.getKey(), entry.getValue());
      } catch (RuntimeException e) {
        // A store outage or a bug: either way the page must say so, not freeze on old data.
        failure = e;
      }
    }
    if (topics.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    boolean latencyDue = !now.isBefore(lastLatency.plus(LATENCY_EVERY));
    if (failure == null && (newClients || latencyDue)) {
      lastLatency = now;
      try {
        broadcast("latency", JsonViews.latency(store.latency(latencySample)));
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    if (failure != null) {
      failedPolls.incrementAndGet();
    }
    ErrorReport error = failure == null ? null : report(failure);
    lastError = error;
    Status status =
        error == null
            ? new Status(true, now.toString(), null, null)
            : new Status(false, now.toString(), error.message(), error.errorId());
    lastStatus = status;
    broadcast("status", status);
  }

  /** One report (one log line, one id) for as long as the same failure repeats. */
  private ErrorReport report(RuntimeException failure) {
    String detail = String.valueOf(failure.getMessage());
    if (lastError != null && detail.equals(lastError.detail())) {
      return lastError;
    }
    ErrorReport report = ErrorReport.of(failure, "live poll", LOG);
    if (report.errorId() == null) {
      LOG.warn("Store unavailable: {}", report.message());
    }
    return new ErrorReport(report.message(), report.errorId(), detail);
  }

  /** Queues what changed; true when a client got its first update in this poll. */
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

    // Each event is serialized once, whatever the number of clients.
    Map<List<?>, Event> events = new IdentityHashMap<>();
    boolean anyFresh = false;
    for (Subscriber subscriber : topic.subscribers) {
      boolean fresh = subscriber.fresh;
      anyFresh |= fresh;
      List<Candle> candlesToSend = fresh ? candles : changed;
      List<StoredTrade> tradesToSend = fresh ? all : unseen;
      if (!candlesToSend.isEmpty()) {
        offer(
            topic,
            subscriber,
            events.computeIfAbsent(
                candlesToSend,
                list -> new Event("candles", toJson(JsonViews.candles(candlesToSend)))));
      }
      if (!tradesToSend.isEmpty()) {
        offer(
            topic,
            subscriber,
            events.computeIfAbsent(
                tradesToSend, list -> new Event("trades", toJson(JsonViews.trades(tradesToSend)))));
      }
      subscriber.fresh = false;
    }
    return anyFresh;
  }

  private void broadcast(String name, Object data) {
    Event event = new Event(name, toJson(data));
    for (Topic topic : topics.values()) {
      for (Subscriber subscriber : topic.subscribers) {
        offer(topic, subscriber, event);
      }
    }
  }

  private void offer(Topic topic, Subscriber subscriber, Event event) {
    if (subscriber.client.terminated()) {
      remove(topic, subscriber);
      return;
    }
    if (subscriber.queue.size() >= limits.queuedEvents() || !subscriber.queue.offer(event)) {
      drop(topic, subscriber);
    }
  }

  /** The client read nothing while its queue filled: close it, so its writer thread ends too. */
  private void drop(Topic topic, Subscriber subscriber) {
    if (!topic.subscribers.contains(subscriber)) {
      return;
    }
    long count = dropped.incrementAndGet();
    LOG.warn(
        "Dropped live client {}: it read nothing while {} events queued up ({} dropped since the"
            + " start); a browser reconnects by itself",
        subscriber.remote,
        limits.queuedEvents(),
        count);
    remove(topic, subscriber);
    Future<?> writer = subscriber.writer;
    if (writer != null) {
      // Interrupts a write blocked on the client's full socket: the connection fails and closes.
      writer.cancel(true);
    }
  }

  private String toJson(Object data) {
    try {
      return json.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a live event", e);
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
    writers.shutdownNow();
    for (Topic topic : topics.values()) {
      for (Subscriber subscriber : topic.subscribers) {
        subscriber.client.close();
      }
    }
    topics.clear();
  }
}
