package io.marketlab.ingest.bench;

import io.marketlab.ingest.FinnhubClientConfig;
import io.marketlab.ingest.Ingest;
import io.marketlab.ingest.IngestConfig;
import io.marketlab.ingest.IngestMetrics;
import io.marketlab.ingest.ReplayProgress;
import io.marketlab.ingest.ReplayServer;
import io.marketlab.ingest.ReplayServerConfig;
import io.marketlab.ingest.TradeProducerConfig;
import io.marketlab.ingest.journal.JournalConfig;
import io.marketlab.model.session.SessionReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Throughput of the ingest path: a max-speed replay through the websocket client and the Avro
 * producer into a real Kafka, timed from the first frame received to the last broker ack. Not a
 * test; run by the engine owner against a running broker.
 */
public final class IngestBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(IngestBenchmark.class);

  /** Topics of their own, so a benchmark never mixes with the demo's {@code trades}. */
  static final String DEFAULT_TOPIC = "bench.trades";

  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  private IngestBenchmark() {}

  /**
   * @param trades trades the replay server sent (and the ingest had to deliver)
   * @param acked trades acknowledged by the broker
   * @param failed send attempts that failed (each resent from the journal)
   * @param elapsed first frame received to last ack
   * @param tradesPerSecond acked / elapsed
   * @param latencyP50Micros receipt-to-ack latency percentiles, µs
   */
  public record Result(
      long trades,
      long frames,
      long acked,
      long failed,
      Duration elapsed,
      double tradesPerSecond,
      long latencyP50Micros,
      long latencyP99Micros,
      long latencyMaxMicros) {

    String line() {
      return String.format(
          "%d trades (%d frames) in %.3f s = %.0f trades/s; acked %d, failed %d;"
              + " receipt->ack p50 %d us, p99 %d us, max %d us",
          trades,
          frames,
          elapsed.toNanos() / 1e9,
          tradesPerSecond,
          acked,
          failed,
          latencyP50Micros,
          latencyP99Micros,
          latencyMaxMicros);
    }
  }

  public static Result run(Path session, String bootstrap) {
    return run(session, bootstrap, DEFAULT_TOPIC, DEFAULT_TIMEOUT);
  }

  static Result run(Path session, String bootstrap, String topic, Duration timeout) {
    return run(session, bootstrap, topic, timeout, Ingest::start);
  }

  /** With a given way to start the ingest (a test passes one backed by a MockProducer). */
  static Result run(
      Path session,
      String bootstrap,
      String topic,
      Duration timeout,
      Function<IngestConfig, Ingest> starter) {
    List<String> symbols;
    try (SessionReader reader = SessionReader.open(session)) {
      symbols = reader.header().symbols();
    }
    if (symbols.isEmpty()) {
      throw new IllegalArgumentException("session " + session + " names no symbols in its header");
    }
    ReplayServerConfig serverConfig =
        ReplayServerConfig.defaults()
            .withSpeed(Double.POSITIVE_INFINITY)
            .withStartOnFirstSubscription(true, Duration.ofMillis(500));
    Path journal = temporaryJournal();
    try (ReplayServer server = ReplayServer.fromSession(session, serverConfig).start()) {
      IngestConfig config =
          new IngestConfig(
              FinnhubClientConfig.of(URI.create(server.url()), null, symbols),
              new TradeProducerConfig(
                  bootstrap, topic, topic + ".dlq", TradeProducerConfig.DEFAULT_LINGER_MS, null),
              JournalConfig.at(journal),
              Duration.ofSeconds(5),
              null);
      try (Ingest ingest = starter.apply(config)) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IngestMetrics metrics = ingest.metrics();
        while (metrics.snapshot().frames() == 0) {
          waitOrFail(deadline, "no frame arrived");
        }
        long start = System.nanoTime();
        ReplayProgress sent;
        while (true) {
          IngestMetrics.Snapshot now = metrics.snapshot();
          if (server.finished().isDone()) {
            sent = server.progress();
            // A failed send is resent from the journal: done when every trade is acknowledged.
            if (now.acked() >= sent.tradesSent()) {
              break;
            }
          }
          waitOrFail(deadline, "not all trades acknowledged: " + now.line());
        }
        long elapsedNanos = System.nanoTime() - start;
        IngestMetrics.Snapshot last = metrics.snapshot();
        Result result =
            new Result(
                sent.tradesSent(),
                last.frames(),
                last.acked(),
                last.sendFailures(),
                Duration.ofNanos(elapsedNanos),
                last.acked() / (elapsedNanos / 1e9),
                last.sendLatencyMicros().getValueAtPercentile(50),
                last.sendLatencyMicros().getValueAtPercentile(99),
                last.sendLatencyMicros().getMaxValue());
        LOG.info("ingest benchmark: {}", result.line());
        return result;
      }
    } finally {
      deleteTree(journal);
    }
  }

  /** Each run journals into a directory of its own, removed afterwards. */
  private static Path temporaryJournal() {
    try {
      return Files.createTempDirectory("ingest-bench-journal");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a journal directory for the benchmark", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      LOG.warn("cannot delete the benchmark's journal {}: {}", dir, e.toString());
    }
  }

  private static void waitOrFail(long deadlineNanos, String what) {
    if (System.nanoTime() > deadlineNanos) {
      throw new IllegalStateException("benchmark timed out: " + what);
    }
    LockSupport.parkNanos(1_000_000);
  }

  /** {@code IngestBenchmark SESSION [BOOTSTRAP]}. */
  public static void main(String[] args) {
    if (args.length < 1) {
      System.err.println("usage: IngestBenchmark SESSION [BOOTSTRAP (default 127.0.0.1:9092)]");
      System.exit(2);
    }
    String bootstrap = args.length > 1 ? args[1] : TradeProducerConfig.DEFAULT_BOOTSTRAP;
    System.out.println(run(Path.of(args[0]), bootstrap).line());
  }
}
