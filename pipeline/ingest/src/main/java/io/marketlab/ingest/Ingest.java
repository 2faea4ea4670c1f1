package io.marketlab.ingest;

import io.marketlab.model.finnhub.FinnhubMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest service: a {@link FinnhubClient} whose frames a {@link TradeProducer} sends to Kafka.
 * Start it, let it run, close it (the client stops first, then the producer flushes).
 */
public final class Ingest implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Ingest.class);

  private final IngestConfig config;
  private final IngestMetrics metrics = new IngestMetrics();
  private final TradeProducer producer;
  private final FinnhubClient client;
  private final GapListener gaps;
  private final ScheduledExecutorService progress;
  private final java.util.concurrent.atomic.AtomicBoolean closed =
      new java.util.concurrent.atomic.AtomicBoolean();

  private Ingest(IngestConfig config, Producer<byte[], byte[]> kafka, MicrosClock clock) {
    this.config = config;
    this.producer = new TradeProducer(kafka, config.producer(), metrics, clock);
    this.gaps =
        new GapListener(
            new Listener(),
            new GapTracker(config.producer().ingestId(), clock),
            producer::publishGap);
    this.client = new FinnhubClient(config.client(), gaps, clock, new java.util.Random());
    this.progress =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "ingest-progress");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Connects to Kafka ({@code config.producer().bootstrapServers()}) and to Finnhub. */
  public static Ingest start(IngestConfig config) {
    checkSymbols(config);
    Producer<byte[], byte[]> kafka =
        new org.apache.kafka.clients.producer.KafkaProducer<>(
            TradeProducer.kafkaProperties(config.producer()),
            new org.apache.kafka.common.serialization.ByteArraySerializer(),
            new org.apache.kafka.common.serialization.ByteArraySerializer());
    return start(config, kafka, MicrosClock.system());
  }

  /** With a given producer (e.g. a {@code MockProducer} in tests); the ingest closes it. */
  public static Ingest start(
      IngestConfig config, Producer<byte[], byte[]> kafka, MicrosClock clock) {
    Ingest ingest = new Ingest(config, kafka, clock);
    LOG.info(
        "ingest {} starting: {} -> {} (topic {}, dead letters {})",
        config.producer().ingestId(),
        config.client().redactedUrl(),
        config.producer().bootstrapServers(),
        config.producer().topic(),
        config.producer().dlqTopic());
    long every = config.progressInterval().toMillis();
    if (every > 0) {
      ingest.progress.scheduleAtFixedRate(
          () -> LOG.info("ingest {}", ingest.metrics.snapshot().line()),
          every,
          every,
          TimeUnit.MILLISECONDS);
    }
    ingest.client.start();
    return ingest;
  }

  private static void checkSymbols(IngestConfig config) {
    if (config.symbolCheckUrl() == null) {
      return;
    }
    SymbolCatalog catalog = new SymbolCatalog(config.symbolCheckUrl(), config.client().token());
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

  public String ingestId() {
    return config.producer().ingestId();
  }

  public IngestMetrics metrics() {
    return metrics;
  }

  FinnhubClient client() {
    return client;
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
    producer.close();
    LOG.info("ingest {} stopped: {}", ingestId(), metrics.snapshot().line());
  }

  private final class Listener implements FinnhubListener {
    @Override
    public void onMessage(ReceivedFrame frame, FinnhubMessage message) {
      producer.publish(frame, message);
    }

    @Override
    public void onDisconnected(String reason) {
      metrics.reconnect();
    }
  }
}
