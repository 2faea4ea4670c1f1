package io.marketlab.ingest.cli;

import io.marketlab.config.SettingsDefaults;
import io.marketlab.ingest.Ingest;
import io.marketlab.ingest.IngestConfig;
import io.marketlab.ingest.TradeProducerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab ingest}: Finnhub (or a replay server) to Kafka until Ctrl-C. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    defaultValueProvider = SettingsDefaults.class,
    description =
        "Stream trades from Finnhub into Kafka (Avro, one trade per message) until Ctrl-C."
            + " Token from env FINNHUB_TOKEN.")
public final class IngestCommand implements Callable<Integer> {

  @Option(
      names = "--url",
      descriptionKey = "lab.finnhub.url",
      description = "websocket URL (default: ${DEFAULT-VALUE})")
  URI url;

  @Option(
      names = "--symbols",
      split = ",",
      paramLabel = "A,B",
      descriptionKey = "lab.symbols",
      description = "symbols to subscribe (default: ${DEFAULT-VALUE})")
  List<String> symbols;

  @Option(
      names = "--bootstrap",
      descriptionKey = "lab.kafka.bootstrap",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
  String bootstrap;

  @Option(
      names = "--topic",
      descriptionKey = "lab.topic",
      description = "trades topic (default: ${DEFAULT-VALUE})")
  String topic;

  @Option(
      names = "--dlq-topic",
      descriptionKey = "lab.dlqTopic",
      description = "dead-letter topic (default: ${DEFAULT-VALUE})")
  String dlqTopic;

  @Option(
      names = "--linger-ms",
      descriptionKey = "lab.ingest.lingerMs",
      description = "producer linger.ms (default: ${DEFAULT-VALUE})")
  int lingerMs;

  @Option(
      names = "--silence-timeout",
      descriptionKey = "lab.ingest.silenceTimeout",
      converter = CliSupport.DurationConverter.class,
      description = "reconnect when no frame arrives for this long (default: ${DEFAULT-VALUE})")
  Duration silenceTimeout;

  @Option(
      names = "--future-skew",
      descriptionKey = "lab.ingest.futureSkew",
      converter = CliSupport.DurationConverter.class,
      description =
          "dead-letter a trade stamped more than this after its frame's receipt (default:"
              + " ${DEFAULT-VALUE})")
  Duration futureSkew;

  @Option(
      names = "--progress",
      defaultValue = "5s",
      converter = CliSupport.DurationConverter.class,
      description = "progress line interval (default: ${DEFAULT-VALUE})")
  Duration progress;

  @Option(
      names = "--check-symbols",
      paramLabel = "REST_URL",
      arity = "0..1",
      fallbackValue = "https://finnhub.io/api/v1",
      description =
          "check the symbols against Finnhub's REST symbol lists first"
              + " (optional base URL, default https://finnhub.io/api/v1)")
  URI checkSymbols;

  @Override
  public Integer call() {
    try {
      IngestConfig config =
          new IngestConfig(
              CliSupport.clientConfig(url, symbols)
                  .withSilenceTimeout(silenceTimeout)
                  .withFutureSkew(futureSkew),
              new TradeProducerConfig(bootstrap, topic, dlqTopic, lingerMs, null),
              Duration.ZERO,
              checkSymbols);
      try (Ingest ingest = Ingest.start(config)) {
        // Ctrl-C: stop the client, flush the producer; close() is idempotent.
        Thread hook = new Thread(ingest::close, "ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.err.println(
            "ingest "
                + ingest.ingestId()
                + ": "
                + config.client().redactedUrl()
                + " -> "
                + bootstrap
                + " ("
                + topic
                + "), Ctrl-C to stop");
        // Progress goes to stderr directly: it must show whatever logging setup the host has.
        while (!ingest.terminated().isDone()) {
          try {
            ingest.terminated().get(progress.toMillis(), TimeUnit.MILLISECONDS);
          } catch (TimeoutException stillRunning) {
            System.err.println("ingest: " + ingest.metrics().snapshot().line());
          } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
          }
        }
        CliSupport.removeHook(hook);
      }
      return 0;
    } catch (Exception e) {
      return CliSupport.fail(e);
    }
  }
}
