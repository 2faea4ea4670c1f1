package io.marketlab.scenarios.pipeline;

import com.datastax.oss.driver.api.core.CqlSession;
import io.marketlab.fixtures.EngineException;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.local.LocalSparkApplication;
import io.marketlab.ingest.Ingest;
import io.marketlab.ingest.IngestConfig;
import io.marketlab.ingest.IngestMetrics;
import io.marketlab.ingest.ReplayServer;
import io.marketlab.ingest.ReplayServerConfig;
import io.marketlab.ingest.TradeProducerConfig;
import io.marketlab.scenarios.compare.StoredCandle;
import io.marketlab.scenarios.compare.StoredTrade;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.reference.ReferenceTrade;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end-to-end run of the real pipeline on a session: processor (spark-submit, own JVM) → replay
 * server → ingest → Kafka → processor → Cassandra, then everything read back. Each run has its own
 * topic, keyspace and checkpoint, so runs never see each other's data.
 */
public final class PipelineRun {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);

  /** An action during the replay: at a wall-clock time after the replay starts. */
  public record Step(Duration at, Action action) {}

  public enum Action {
    KILL_PROCESSOR,
    START_PROCESSOR,
    RESTART_PROCESSOR
  }

  /**
   * @param speed replay speed; {@code Double.POSITIVE_INFINITY} = as fast as possible
   * @param stallTimeout give up when nothing new is stored for this long
   */
  public record Options(String name, Path session, Set<String> symbols, double speed, Duration watermarkDelay,
      List<Step> steps, Duration stallTimeout) {

    public static Options of(String name, Path session) {
      return new Options(name, session, Set.of(), Double.POSITIVE_INFINITY, Duration.ofSeconds(10), List.of(),
          Duration.ofSeconds(120));
    }

    public Options withSpeed(double value) {
      return new Options(name, session, symbols, value, watermarkDelay, steps, stallTimeout);
    }

    public Options withSteps(List<Step> value) {
      return new Options(name, session, symbols, speed, watermarkDelay, value, stallTimeout);
    }

    public Options withStallTimeout(Duration value) {
      return new Options(name, session, symbols, speed, watermarkDelay, steps, value);
    }

    public Options withSymbols(Set<String> value) {
      return new Options(name, session, value, speed, watermarkDelay, steps, stallTimeout);
    }
  }

  /** What the run stored, beside what the reference says it should have. */
  public record Result(
      Reference reference,
      List<StoredTrade> trades,
      List<StoredCandle> candles,
      long ingestDeadLetters,
      long processorDeadLetters,
      long lateTrades,
      long[] latencyMillis,
      Duration replayTook,
      Duration took,
      String keyspace,
      String topic,
      IngestMetrics.Snapshot ingest) {

    public double tradesPerSecond() {
      return trades.size() / Math.max(0.001, took.toMillis() / 1000.0);
    }
  }

  private PipelineRun() {}

  public static Result run(EngineSet engines, Options options, Consumer<String> progress) {
    Instant started = Instant.now();
    Set<String> subscribed = options.symbols();
    Reference reference = ReferenceCalculator.compute(options.session(),
        new ReferenceCalculator.Options(subscribed, options.watermarkDelay()));
    Set<String> symbols = new LinkedHashSet<>(subscribed);
    if (symbols.isEmpty()) {
      try (io.marketlab.model.session.SessionReader header = io.marketlab.model.session.SessionReader.open(options.session())) {
        symbols.addAll(header.header().symbols());
      }
    }
    String id = options.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_"
        + UUID.randomUUID().toString().substring(0, 8);
    String topic = "trades." + id;
    String keyspace = ("s_" + id).substring(0, Math.min(48, id.length() + 2));
    Path checkpoint = engines.settings().workDir().resolve("checkpoints").resolve(id);
    progress.accept(String.format(Locale.ROOT, "%s: %d trades in the session (reference), topic %s, keyspace %s",
        options.name(), reference.trades().size(), topic, keyspace));

    LocalSparkApplication processor = ProcessorProcess.create(engines,
        new ProcessorProcess.Options("processor-" + id, topic, keyspace, checkpoint, options.watermarkDelay(), "1g"),
        false);
    long t0 = System.nanoTime();
    KafkaTopics.ensure(engines.kafka().getBootstrapServers(),
        engines.settings().get(io.marketlab.config.Settings.KAFKA_PARTITIONS), topic, topic + ".dlq");
    processor.start();
    progress.accept(String.format(Locale.ROOT, "%s: processor ready in %.1f s", options.name(), seconds(t0)));

    String bootstrap = engines.kafka().getBootstrapServers();
    ReplayServerConfig serverConfig = ReplayServerConfig.defaults().withSpeed(options.speed());
    IngestMetrics.Snapshot ingestMetrics;
    Duration replayTook;
    try (CqlSession session = CqlSession.builder().addContactPoints(engines.cassandra().getContactPoints())
        .withLocalDatacenter(engines.cassandra().getLocalDatacenter()).build()) {
      CassandraReader reader = new CassandraReader(session, keyspace);
      LocalDate firstDay = firstDay(reference);
      LocalDate lastDay = lastDay(reference);
      long replayStart = System.nanoTime();
      try (ReplayServer server = ReplayServer.fromSession(options.session(), serverConfig).start();
          Ingest ingest = Ingest.start(IngestConfig.of(URI.create(server.url()), "lab-replay", new ArrayList<>(symbols),
              bootstrap).withProducer(new TradeProducerConfig(bootstrap, topic, topic + ".dlq", 1, null)))) {
        Thread steps = stepRunner(options.steps(), processor, progress, options.name());
        waitFor(() -> server.finished().isDone(), Duration.ofHours(2), options.name() + ": replay", progress,
            () -> server.progress().toString());
        // The server has queued every frame; the client may still be reading them.
        long expected = reference.trades().size();
        awaitReceived(ingest, expected, options, progress);
        replayTook = Duration.ofNanos(System.nanoTime() - replayStart);
        waitFor(() -> ingest.metrics().snapshot().acked() + ingest.metrics().snapshot().sendFailures()
            >= ingest.metrics().snapshot().trades(), Duration.ofMinutes(2), options.name() + ": ingest acks", progress,
            () -> ingest.metrics().snapshot().line());
        steps.join();
        ingest.close();
        ingestMetrics = ingest.metrics().snapshot();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new EngineException(options.name() + ": the replay did not finish: " + e.getMessage(), e);
      }
      progress.accept(String.format(Locale.ROOT, "%s: replay done in %.1f s; %s", options.name(),
          replayTook.toMillis() / 1000.0, ingestMetrics.line()));
      awaitStored(reader, symbols, firstDay, lastDay, reference.trades().size(), options, progress);
      List<StoredCandle> candles = awaitStableCandles(reader, symbols, firstDay, lastDay,
          reference.candles().size());
      List<StoredTrade> trades = reader.trades(symbols, firstDay, lastDay);
      LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
      long processorDeadLetters = reader.countDeadLetters(topic, today.minusDays(1), today.plusDays(1));
      long late = reader.countLateTrades(symbols, firstDay, lastDay);
      long[] latency = new long[trades.size()];
      for (int i = 0; i < trades.size(); i++) {
        latency[i] = Math.max(0, (trades.get(i).storedAtMicros() - trades.get(i).receivedAtMicros()) / 1000);
      }
      Duration took = Duration.between(started, Instant.now());
      return new Result(reference, trades, candles, ingestMetrics.deadLetters(), processorDeadLetters, late, latency,
          replayTook, took, keyspace, topic, ingestMetrics);
    } finally {
      processor.stopRunning();
      ProcessorProcess.deleteCopy(engines.settings().workDir(), "processor-" + id);
    }
  }

  private static Thread stepRunner(List<Step> steps, LocalSparkApplication processor, Consumer<String> progress,
      String name) {
    Thread thread = new Thread(() -> {
      long start = System.nanoTime();
      for (Step step : steps) {
        long wait = step.at().toNanos() - (System.nanoTime() - start);
        if (wait > 0) {
          try {
            Thread.sleep(wait / 1_000_000);
          } catch (InterruptedException e) {
            return;
          }
        }
        progress.accept(name + ": step " + step.action() + " at " + step.at().toMillis() + " ms");
        switch (step.action()) {
          case KILL_PROCESSOR -> processor.findRunning().ifPresent(ProcessHandle::destroyForcibly);
          case START_PROCESSOR -> processor.start();
          case RESTART_PROCESSOR -> {
            processor.findRunning().ifPresent(ProcessHandle::destroyForcibly);
            processor.start();
          }
        }
      }
    }, "scenario-steps");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Until the ingest has received every trade the reference expects, or nothing arrives for 30 s. */
  private static void awaitReceived(Ingest ingest, long expected, Options options, Consumer<String> progress) {
    long last = -1;
    long lastChange = System.nanoTime();
    while (ingest.metrics().snapshot().trades() < expected) {
      long received = ingest.metrics().snapshot().trades();
      if (received != last) {
        last = received;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > 30_000_000_000L) {
        progress.accept(String.format(Locale.ROOT, "%s: the ingest received %d of %d trades and nothing more for 30 s",
            options.name(), received, expected));
        return;
      }
      pause(100);
    }
  }

  private static void awaitStored(CassandraReader reader, Set<String> symbols, LocalDate firstDay, LocalDate lastDay,
      long expected, Options options, Consumer<String> progress) {
    long last = -1;
    long lastChange = System.nanoTime();
    long lastReport = 0;
    while (true) {
      long stored = reader.countTrades(symbols, firstDay, lastDay);
      if (stored >= expected) {
        return;
      }
      if (stored != last) {
        last = stored;
        lastChange = System.nanoTime();
      } else if (System.nanoTime() - lastChange > options.stallTimeout().toNanos()) {
        progress.accept(String.format(Locale.ROOT, "%s: stored %d of %d trades and nothing new for %d s; checking what "
            + "is there", options.name(), stored, expected, options.stallTimeout().toSeconds()));
        return;
      }
      if (System.nanoTime() - lastReport > 5_000_000_000L) {
        progress.accept(String.format(Locale.ROOT, "%s: stored %d of %d trades", options.name(), stored, expected));
        lastReport = System.nanoTime();
      }
      pause(500);
    }
  }

  /**
   * Candles are rewritten after the trades of their batch: wait until at least as many as the
   * reference expects are there and two reads agree (or a minute passes; the comparison then says
   * what differs).
   */
  private static List<StoredCandle> awaitStableCandles(CassandraReader reader, Set<String> symbols, LocalDate firstDay,
      LocalDate lastDay, int expected) {
    List<StoredCandle> previous = reader.candles(symbols, firstDay, lastDay);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      pause(1_000);
      List<StoredCandle> current = reader.candles(symbols, firstDay, lastDay);
      if (current.size() >= expected && current.equals(previous)) {
        return current;
      }
      previous = current;
    }
    return previous;
  }

  private interface Condition {
    boolean holds();
  }

  private static void waitFor(Condition condition, Duration timeout, String what, Consumer<String> progress,
      java.util.function.Supplier<String> status) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long lastReport = System.nanoTime();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new EngineException(what + " did not finish within " + timeout.toSeconds() + " s: " + status.get());
      }
      if (System.nanoTime() - lastReport > 5_000_000_000L) {
        progress.accept(what + ": " + status.get());
        lastReport = System.nanoTime();
      }
      pause(100);
    }
  }

  private static LocalDate firstDay(Reference reference) {
    long min = Long.MAX_VALUE;
    for (ReferenceTrade trade : reference.trades()) {
      min = Math.min(min, trade.timeMs());
    }
    return CassandraReader.day(min == Long.MAX_VALUE ? System.currentTimeMillis() : min);
  }

  private static LocalDate lastDay(Reference reference) {
    long max = Long.MIN_VALUE;
    for (ReferenceTrade trade : reference.trades()) {
      max = Math.max(max, trade.timeMs());
    }
    return CassandraReader.day(max == Long.MIN_VALUE ? System.currentTimeMillis() : max);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted", e);
    }
  }

}
