package io.marketlab.ingest;

import io.marketlab.ingest.journal.Journal;
import io.marketlab.ingest.journal.JournalException;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.TradeTick;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: a {@link FinnhubClient} whose receive thread appends every frame to a disk
 * {@link Journal} (and does nothing else: it never waits on Kafka), and a {@link JournalSender}
 * that drains the journal to Kafka. Start it, let it run, close it: the client stops first, the
 * sender sends what is left (bounded), the journal keeps whatever Kafka did not acknowledge for the
 * next run on the same directory, which resends it with the same ingest id.
 */
public final class Ingest implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

  /** How long {@link #close()} lets the sender drain the journal before leaving the rest in it. */
  static final Duration DRAIN_ON_CLOSE = Duration.ofSeconds(10);

  private final IngestConfig config;
  private final MicrosClock clock;
  private final IngestMetrics metrics = new IngestMetrics();
  private final Journal journal;
  private final JournalSender sender;
  private final FinnhubClient client;
  private final GapListener gaps;
  private final ScheduledExecutorService progress;
  private final AtomicBoolean closed = new AtomicBoolean();
  private IngestMetricsEndpoint endpoint;
  private final long journalOpenedLastSeq;

  /** Frames journaled from each connection (key: its number, 1, 2, ...). */
  private final java.util.concurrent.ConcurrentSkipListMap<
          Integer, java.util.concurrent.atomic.AtomicLong>
      journaledByConnection = new java.util.concurrent.ConcurrentSkipListMap<>();

  private volatile Runnable onConnection = () -> {};

  private Ingest(
      IngestConfig config,
      Journal journal,
      Function<String, Producer<byte[], byte[]>> producers,
      Supplier<Consumer<byte[], byte[]>> consumers,
      MicrosClock clock,
      JournalSender.Settings senderSettings) {
    this.config = config;
    this.clock = clock;
    this.journal = journal;
    this.journalOpenedLastSeq = journal.lastSeq();
    String id = journal.ingestId();
    TradeProducer encoder = new TradeProducer(config.producer(), id, config.client().futureSkew());
    this.sender =
        new JournalSender(
            journal, encoder, () -> producers.apply(id), consumers, metrics, clock, senderSettings);
    metrics.watchJournal(journal::bytes, sender::depth, sender::ackedSeq);
    metrics.watchPendingBytes(sender::pendingBytes);
    this.gaps = new GapListener(new Listener(), new GapTracker(id, clock), this::journalGap);
    this.client = new FinnhubClient(config.client(), gaps, clock, new Random());
    this.progress =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "ingest-progress");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Opens the journal, connects to Kafka ({@code config.producer().bootstrapServers()}) and to
   * Finnhub.
   */
  public static Ingest start(IngestConfig config) {
    checkSymbols(config);
    return start(
        config,
        id ->
            new KafkaProducer<>(
                TradeProducer.kafkaProperties(config.producer(), id),
                new ByteArraySerializer(),
                new ByteArraySerializer()),
        () ->
            new KafkaConsumer<>(
                consumerProperties(config),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer()),
        MicrosClock.system(),
        JournalSender.Settings.defaults());
  }

  static Properties consumerProperties(IngestConfig config) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.producer().bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ingest-read-back");
    return props;
  }

  /**
   * With given Kafka clients (e.g. {@code MockProducer}/{@code MockConsumer} in tests): a new
   * producer (given the journal's ingest id) after every failure, a consumer for each read-back;
   * the ingest closes them.
   */
  static Ingest start(
      IngestConfig config,
      Function<String, Producer<byte[], byte[]>> producers,
      Supplier<Consumer<byte[], byte[]>> consumers,
      MicrosClock clock,
      JournalSender.Settings senderSettings) {
    if (config.journal() == null) {
      throw new IllegalArgumentException(
          "the ingest needs a journal directory (IngestConfig.withJournal, LAB_INGEST_JOURNAL_DIR)");
    }
    Journal journal = Journal.open(config.journal(), config.producer().ingestId());
    Ingest ingest;
    try {
      ingest = new Ingest(config, journal, producers, consumers, clock, senderSettings);
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
    if (config.metrics().served()) {
      try {
        ingest.endpoint = IngestMetricsEndpoint.start(ingest.metrics, config.metrics());
      } catch (RuntimeException e) {
        ingest.close(); // nothing started yet: closes the journal and the gap producer
        throw e;
      }
    }
    LOG.info(
        "ingest {} starting: {} -> {} (topic {}, dead letters {}), journal {} ({} frames not yet"
            + " acknowledged), metrics {}",
        ingest.ingestId(),
        config.client().redactedUrl(),
        config.producer().bootstrapServers(),
        config.producer().topic(),
        config.producer().dlqTopic(),
        config.journal().dir(),
        Math.max(0, journal.lastSeq() - journal.openedAt().ackedSeq()),
        ingest.metricsUrl().orElse("off"));
    long every = config.progressInterval().toMillis();
    if (every > 0) {
      ingest.progress.scheduleAtFixedRate(
          () -> LOG.info("ingest {}", ingest.metrics.snapshot().line()),
          every,
          every,
          TimeUnit.MILLISECONDS);
    }
    ingest.sender.start();
    ingest.client.start();
    return ingest;
  }

  private static void checkSymbols(IngestConfig config) {
    if (config.symbolCheckUrl() == null) {
      return;
    }
    SymbolCatalog catalog =
        new SymbolCatalog(
            config.symbolCheckUrl(), config.client().token(), config.client().tokenPolicy());
    List<String> unknown = catalog.unknown(config.client().symbols());
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "Finnhub does not list these symbols: "
              + unknown
              + " (checked at "
              + config.symbolCheckUrl()
              + ")");
    }
  }

  IngestConfig config() {
    return config;
  }

  /** The journal's ingest id: the one it was created with, kept across restarts on it. */
  public String ingestId() {
    return journal.ingestId();
  }

  public IngestMetrics metrics() {
    return metrics;
  }

  /**
   * This ingest's status as its status file carries it ({@link IngestStatusFile}): its figures and
   * where the journal stood when it opened it and stands now.
   */
  public IngestStatus status(IngestStatus.State state, String failure) {
    return new IngestStatus(
        ProcessHandle.current().pid(),
        ingestId(),
        state,
        System.currentTimeMillis(),
        config.journal().dir().toString(),
        journalOpenedLastSeq,
        journal.openedAt().ackedSeq(),
        journal.lastSeq(),
        failure,
        metricsPort().orElse(-1),
        metrics.snapshot(),
        journaledByConnection());
  }

  /** At most this many connections are counted one by one in the status (then none are). */
  static final int MAX_CONNECTIONS_COUNTED = 10_000;

  /**
   * Frames journaled from each connection this process opened (1, 2, ... in order; 0 for one that
   * gave none); empty beyond {@link #MAX_CONNECTIONS_COUNTED} connections.
   */
  List<Long> journaledByConnection() {
    int opened = client.connections();
    if (opened > MAX_CONNECTIONS_COUNTED) {
      return List.of();
    }
    List<Long> counts = new java.util.ArrayList<>(opened);
    for (int number = 1; number <= opened; number++) {
      java.util.concurrent.atomic.AtomicLong count = journaledByConnection.get(number);
      counts.add(count == null ? 0 : count.get());
    }
    return counts;
  }

  /**
   * Runs {@code callback} (on the client's thread) each time a connection opened and subscribed:
   * the status file is written then, so it names every connection even if the process is killed.
   */
  public void onConnection(Runnable callback) {
    onConnection = java.util.Objects.requireNonNull(callback, "callback");
  }

  FinnhubClient client() {
    return client;
  }

  /** The port the metrics are served on, when they are. */
  public java.util.OptionalInt metricsPort() {
    return endpoint == null
        ? java.util.OptionalInt.empty()
        : java.util.OptionalInt.of(endpoint.port());
  }

  /** {@code http://127.0.0.1:PORT/metrics}, when served. */
  public java.util.Optional<String> metricsUrl() {
    return endpoint == null
        ? java.util.Optional.empty()
        : java.util.Optional.of("http://127.0.0.1:" + endpoint.port() + "/metrics");
  }

  /** Completes when closed; exceptionally when the client gave up (e.g. HTTP 401). */
  public CompletableFuture<Void> terminated() {
    return client.terminated();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    progress.shutdownNow();
    client.close();
    gaps.close();
    sender.close(DRAIN_ON_CLOSE);
    journal.close();
    metrics.connected(false);
    if (endpoint != null) {
      // Last: a scrape during the drain still sees the ingest's final figures.
      endpoint.close();
    }
    LOG.info("ingest {} stopped: {}", ingestId(), metrics.snapshot().line());
  }

  /**
   * A gap goes into the journal like a frame (on the receive thread, before the frame that closed
   * it; at close, after the client stopped), so the sender sends it in order and resends it after a
   * Kafka outage of any length.
   */
  private void journalGap(FeedGap gap) {
    LOG.info(
        "gap {} ({}): trade time {} .. {}",
        gap.symbol(),
        gap.reason(),
        gap.fromTradeMs() == null ? "start" : java.time.Instant.ofEpochMilli(gap.fromTradeMs()),
        gap.toTradeMs() == null ? "close" : java.time.Instant.ofEpochMilli(gap.toTradeMs()));
    String why;
    try {
      long seq = journal.appendGap(clock.nowMicros(), GapRecords.journalText(gap));
      if (seq != Journal.FULL) {
        metrics.gapJournaled();
        return;
      }
      why = "the journal is full";
    } catch (JournalException e) {
      why = e.getMessage();
    }
    metrics.lostGap();
    LOG.error(
        "ingest {}: gap {} ({}) is LOST (counted in lostGaps): {}",
        ingestId(),
        gap.symbol(),
        gap.category(),
        why);
  }

  /** On the client's receive thread: journal the frame, count what it holds, nothing else. */
  private final class Listener implements FinnhubListener {
    private boolean refusing;
    private long refusedFrames;
    private boolean failing;

    @Override
    public void onMessage(ReceivedFrame frame, FinnhubMessage message) {
      metrics.frame();
      long seq;
      try {
        seq =
            journal.append(
                frame.receivedAtMicros(),
                frame.checkedAtMillis(),
                frame.text(),
                frame.frameBytes());
      } catch (JournalException e) {
        metrics.lostJournalError();
        if (!failing) {
          failing = true;
          LOG.error(
              "ingest {}: the journal cannot write: {}; frames are LOST (counted as"
                  + " lostJournalErrorFrames) until it can",
              ingestId(),
              e.getMessage());
        }
        return;
      }
      if (seq == Journal.FULL) {
        int trades = tradesIn(message);
        metrics.lostJournalFull(trades);
        refusedFrames++;
        if (!refusing) {
          refusing = true;
          LOG.error(
              "ingest {}: the journal {} is full ({} of {} bytes; {} frames wait for Kafka):"
                  + " new frames are REFUSED and counted as lost (lostJournalFull) until Kafka"
                  + " acknowledges a segment's worth",
              ingestId(),
              config.journal().dir(),
              journal.bytes(),
              config.journal().maxBytes(),
              sender.depth());
        }
        return;
      }
      if (refusing || failing) {
        LOG.warn(
            "ingest {}: the journal takes frames again from frame seq {} ({} frames were refused"
                + " while it was full)",
            ingestId(),
            seq,
            refusedFrames);
        refusing = false;
        failing = false;
        refusedFrames = 0;
      }
      if (frame.connection() > 0) {
        journaledByConnection
            .computeIfAbsent(
                frame.connection(), number -> new java.util.concurrent.atomic.AtomicLong())
            .incrementAndGet();
      }
      count(message);
    }

    private void count(FinnhubMessage message) {
      if (message instanceof FinnhubMessage.Trades trades) {
        for (TradeTick tick : trades.valid()) {
          metrics.trade(tick.isPriceUpdate());
        }
      } else if (message instanceof FinnhubMessage.Ping) {
        metrics.ping();
      } else if (message instanceof FinnhubMessage.ErrorMessage) {
        // The client already logged and classified it; it carries no data to keep.
        metrics.serverError();
      }
    }

    private int tradesIn(FinnhubMessage message) {
      return message instanceof FinnhubMessage.Trades trades ? trades.valid().size() : 0;
    }

    @Override
    public void onConnected(int connectionNumber) {
      metrics.connected(true);
      onConnection.run();
    }

    @Override
    public void onDisconnected(String reason) {
      metrics.connected(false);
      metrics.reconnect();
    }
  }
}
