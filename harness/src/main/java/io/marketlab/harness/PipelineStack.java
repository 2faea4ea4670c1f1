package io.marketlab.harness;

import com.datastax.oss.driver.api.core.CqlSession;
import io.marketlab.config.Settings;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.local.LocalSparkApplication;
import io.marketlab.ingest.Ingest;
import io.marketlab.ingest.IngestConfig;
import io.marketlab.ingest.IngestMetrics;
import io.marketlab.ingest.ReplayProgress;
import io.marketlab.ingest.ReplayServer;
import io.marketlab.ingest.ReplayServerConfig;
import io.marketlab.ingest.TradeProducerConfig;
import io.marketlab.model.session.SessionReader;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the real pipeline on an engine set, wired as the lab runs it: the run's topics, the
 * Spark processor (spark-submit, its own JVM), the feed (a session replayed by the local server
 * that speaks Finnhub's protocol, or live Finnhub), the ingest (websocket → Avro → Kafka) and a
 * Cassandra session to read back what the processor stored. {@link #start()} starts them in that
 * order and {@link #close()} stops them in reverse, each one even if another fails to stop.
 *
 * <pre>{@code
 * RunNames names = RunNames.unique("my-run", engines.settings().workDir());
 * try (PipelineStack stack = PipelineStack.builder(engines, names, Feed.replay(session, 10)).start()) {
 *   StoredRun run = stack.finishReplay(Expectation.ofSession(session));
 * }
 * }</pre>
 *
 * <p>Progress lines (processor ready, replay and storage progress) go to the builder's consumer,
 * without the run's name: callers prefix what they print.
 */
public final class PipelineStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineStack.class);

  /** The replay server accepts any token; this one says where a connection came from. */
  private static final String REPLAY_TOKEN = "lab-replay";

  /** The processor JVM's heap: its driver holds one micro-batch at a time. */
  private final EngineSet engines;

  private final RunNames names;
  private final Feed feed;
  private final boolean withProcessor;
  private final Duration watermarkDelay;
  private final Consumer<String> progress;
  private final Closer parts = new Closer();
  private final Waits waits;

  private volatile List<String> symbols;
  private volatile LocalSparkApplication processor;
  private volatile ReplayServer server;
  private volatile Ingest ingest;
  private volatile CqlSession session;
  private volatile StoreReader reader;
  private volatile long replayStartNanos;
  private volatile Duration replayTook;
  private volatile boolean closed;

  private PipelineStack(Builder builder) {
    this.engines = builder.engines;
    this.names = builder.names;
    this.feed = builder.feed;
    this.withProcessor = builder.withProcessor;
    this.watermarkDelay = builder.watermarkDelay;
    this.progress = builder.progress;
    this.waits = new Waits(names.run(), progress);
  }

  public static Builder builder(EngineSet engines, RunNames names, Feed feed) {
    return new Builder(engines, names, feed);
  }

  /** How a stack is made; {@link #start()} makes and starts it. */
  public static final class Builder {

    private final EngineSet engines;
    private final RunNames names;
    private final Feed feed;
    private boolean withProcessor = true;
    private Duration watermarkDelay;
    private Consumer<String> progress = LOG::info;

    private Builder(EngineSet engines, RunNames names, Feed feed) {
      this.engines = Objects.requireNonNull(engines, "engines");
      this.names = Objects.requireNonNull(names, "names");
      this.feed = Objects.requireNonNull(feed, "feed");
      this.watermarkDelay = engines.settings().get(Settings.PROCESSOR_WATERMARK_DELAY);
    }

    /** The processor's lateness bound (default: the setting lab.processor.watermarkDelay). */
    public Builder watermarkDelay(Duration value) {
      watermarkDelay = value;
      return this;
    }

    /** Topics, feed and ingest only: no processor and no Cassandra session (ingest tests). */
    public Builder ingestOnly() {
      withProcessor = false;
      return this;
    }

    /** Where progress lines go (default: this class's log). */
    public Builder progress(Consumer<String> value) {
      progress = value;
      return this;
    }

    /** The stack, not started: register it for closing first when another thread may stop it. */
    public PipelineStack build() {
      return new PipelineStack(this);
    }

    public PipelineStack start() {
      return build().start();
    }
  }

  /**
   * Starts topics → processor → replay server → ingest → store session. When one fails, what
   * already started is stopped again and the failure is thrown.
   */
  public PipelineStack start() {
    try {
      symbols = subscribedSymbols(feed);
      LocalSparkApplication application = withProcessor ? createProcessor() : null;
      long startNanos = System.nanoTime();
      String bootstrap = engines.kafka().getBootstrapServers();
      KafkaTopics.ensure(
          bootstrap,
          engines.settings().get(Settings.KAFKA_PARTITIONS),
          names.topic(),
          names.deadLetterTopic());
      if (application != null) {
        progress.accept(
            "starting the Spark processor (spark-submit to "
                + engines.spark().getMasterUrl()
                + ")...");
        application.start();
        progress.accept(
            String.format(
                Locale.ROOT, "processor ready in %.1f s", (System.nanoTime() - startNanos) / 1e9));
      }
      URI url;
      String token;
      if (feed instanceof Feed.Replay replay) {
        replayStartNanos = System.nanoTime();
        ReplayServer replayServer =
            ReplayServer.fromSession(
                    replay.session(), ReplayServerConfig.defaults().withSpeed(replay.speed()))
                .start();
        parts.add("the replay server", replayServer);
        server = replayServer;
        url = URI.create(replayServer.url());
        token = REPLAY_TOKEN;
      } else {
        Feed.Finnhub live = (Feed.Finnhub) feed;
        url = live.url();
        token = live.token();
      }
      Ingest started =
          Ingest.start(
              IngestConfig.of(url, token, symbols, bootstrap)
                  .withProducer(
                      new TradeProducerConfig(
                          bootstrap, names.topic(), names.deadLetterTopic(), 1, null)));
      parts.add("the ingest", started);
      ingest = started;
      if (withProcessor) {
        CqlSession cql =
            CqlSession.builder()
                .addContactPoints(engines.cassandra().getContactPoints())
                .withLocalDatacenter(engines.cassandra().getLocalDatacenter())
                .build();
        parts.add("the Cassandra session", cql);
        session = cql;
        reader = new StoreReader(cql, names.keyspace());
      }
      return this;
    } catch (RuntimeException e) {
      try {
        parts.closeAll();
      } catch (RuntimeException stopFailed) {
        e.addSuppressed(stopFailed);
      }
      throw e;
    }
  }

  /**
   * The processor on a private copy of its jar, registered for stopping (and the copy for
   * deleting).
   */
  private LocalSparkApplication createProcessor() {
    LocalSparkApplication application =
        ProcessorProcess.create(
            engines,
            new ProcessorProcess.Options(
                names.processor(),
                names.topic(),
                names.keyspace(),
                names.checkpoint(),
                watermarkDelay),
            false);
    parts.add(
        "the processor " + names.processor(),
        () -> {
          try {
            application.stopRunning();
          } finally {
            ProcessorProcess.deleteCopy(engines.settings().workDir(), names.processor());
          }
        });
    processor = application;
    return application;
  }

  private static List<String> subscribedSymbols(Feed feed) {
    if (feed instanceof Feed.Replay replay && replay.symbols().isEmpty()) {
      try (SessionReader header = SessionReader.open(replay.session())) {
        return List.copyOf(header.header().symbols());
      }
    }
    return feed.symbols();
  }

  public Ingest ingest() {
    return ingest;
  }

  public IngestMetrics.Snapshot ingestMetrics() {
    return ingest.metrics().snapshot();
  }

  /** The replay server, unless the feed is live. */
  public Optional<ReplayServer> replayServer() {
    return Optional.ofNullable(server);
  }

  /** Where the replay stands, unless the feed is live. */
  public Optional<ReplayProgress> replayProgress() {
    return replayServer().map(ReplayServer::progress);
  }

  /** The stack's Cassandra session (closed with the stack). */
  public CqlSession session() {
    requireStore();
    return session;
  }

  /** A crash of the processor: kill -9 of its JVM (no shutdown hook, no clean stop). */
  public void killProcessor() {
    requireProcessor().findRunning().ifPresent(ProcessHandle::destroyForcibly);
  }

  /**
   * Starts the processor again on the run's checkpoint, where it resumes (not once the stack
   * closed).
   */
  public void startProcessor() {
    LocalSparkApplication application = requireProcessor();
    if (closed) {
      throw new IllegalStateException(
          names.run() + ": the stack is closed; the processor stays stopped");
    }
    application.start();
  }

  public void restartProcessor() {
    killProcessor();
    startProcessor();
  }

  /** {@link #awaitReplayed}, then {@link #awaitStored}. */
  public StoredRun finishReplay(Expectation expected) {
    awaitReplayed(expected.trades());
    return awaitStored(expected);
  }

  /**
   * Waits until the replay server has sent the whole session (at most 2 h), the ingest has received
   * {@code expectedTrades} (or nothing more for 30 s) and Kafka has answered every trade sent (at
   * most 2 min). Returns the replay time: replay server start to the last trade received.
   */
  public Duration awaitReplayed(long expectedTrades) {
    ReplayServer replayServer =
        replayServer()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        names.run() + ": a live feed has no end to wait for"));
    waits.waitFor(
        () -> replayServer.finished().isDone(),
        Duration.ofHours(2),
        "replay",
        () -> replayServer.progress().toString());
    // The server has queued every frame; the client may still be reading them.
    waits.awaitReceived(() -> ingestMetrics().trades(), expectedTrades);
    replayTook = Duration.ofNanos(System.nanoTime() - replayStartNanos);
    waits.waitFor(
        () -> ingestMetrics().acked() + ingestMetrics().sendFailures() >= ingestMetrics().trades(),
        Duration.ofMinutes(2),
        "ingest acks",
        () -> ingestMetrics().line());
    return replayTook;
  }

  /**
   * Stops the feed: closes the ingest (its producer flushes) and the replay server, and returns the
   * ingest's final figures. The processor and the store session keep running.
   */
  private IngestMetrics.Snapshot stopFeed() {
    parts.closeNow(ingest);
    IngestMetrics.Snapshot last = ingestMetrics();
    if (server != null) {
      parts.closeNow(server);
    }
    return last;
  }

  /**
   * After {@link #awaitReplayed}: stops the feed, waits until the expected trades are stored (or
   * nothing new is stored for the stall timeout: what is missing then shows in what is read back)
   * and the candles are stable, and reads back everything the run stored.
   */
  public StoredRun awaitStored(Expectation expected) {
    if (replayTook == null) {
      throw new IllegalStateException(names.run() + ": awaitReplayed first");
    }
    requireStore();
    IngestMetrics.Snapshot last = stopFeed();
    progress.accept(
        String.format(
            Locale.ROOT, "replay done in %.1f s; %s", replayTook.toMillis() / 1000.0, last.line()));
    waits.awaitStored(
        () -> countStoredTrades(expected.days()), expected.trades(), expected.stallTimeout());
    List<StoredCandle> candles =
        waits.awaitStable(() -> storedCandles(expected.days()), expected.candles());
    List<StoredTrade> trades = storedTrades(expected.days());
    long processorDeadLetters = countDeadLetters(DayRange.aroundToday());
    long late = countLateTrades(expected.days());
    return new StoredRun(trades, candles, last, processorDeadLetters, late, replayTook);
  }

  public long countStoredTrades(DayRange days) {
    return requireStore().countTrades(symbols, days);
  }

  private List<StoredTrade> storedTrades(DayRange days) {
    return requireStore().trades(symbols, days);
  }

  /** Every resolution's candles in the buckets holding {@code days}. */
  private List<StoredCandle> storedCandles(DayRange days) {
    return requireStore().candles(symbols, days);
  }

  private long countLateTrades(DayRange days) {
    return requireStore().countLateTrades(symbols, days);
  }

  /** Records of the run's topic the processor could not decode, by the day Kafka stamped them. */
  private long countDeadLetters(DayRange days) {
    return requireStore().countDeadLetters(names.topic(), days);
  }

  /** Stops, in reverse order, everything the stack started; safe to call twice and from a hook. */
  @Override
  public void close() {
    closed = true;
    parts.closeAll();
  }

  @Override
  public String toString() {
    return "pipeline " + names.run();
  }

  private LocalSparkApplication requireProcessor() {
    if (processor == null) {
      throw new IllegalStateException(names.run() + ": this stack runs no processor");
    }
    return processor;
  }

  private StoreReader requireStore() {
    if (reader == null) {
      throw new IllegalStateException(
          names.run() + ": this stack has no store session (ingest only, or not started)");
    }
    return reader;
  }
}
