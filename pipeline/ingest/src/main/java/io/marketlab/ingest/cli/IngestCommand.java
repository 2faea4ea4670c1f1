package io.marketlab.ingest.cli;

import io.marketlab.config.LabSettings;
import io.marketlab.config.ScrapeTargets;
import io.marketlab.config.SettingsDefaults;
import io.marketlab.ingest.Ingest;
import io.marketlab.ingest.IngestConfig;
import io.marketlab.ingest.IngestMetricsConfig;
import io.marketlab.ingest.IngestStatus;
import io.marketlab.ingest.SessionTimeline;
import io.marketlab.ingest.TradeProducerConfig;
import io.marketlab.ingest.journal.JournalConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
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
      names = "--name",
      defaultValue = "ingest",
      description =
          "this ingest's name: its journal is <work dir>/journal/NAME unless --journal-dir is"
              + " given (default: ${DEFAULT-VALUE})")
  String name;

  @Option(
      names = "--journal-dir",
      descriptionKey = "lab.ingest.journalDir",
      description =
          "the disk journal's directory; a restart on it resends what Kafka did not acknowledge,"
              + " with the same ingest id (default: <work dir>/journal/NAME)")
  Path journalDir;

  @Option(
      names = "--journal-max-bytes",
      descriptionKey = "lab.ingest.journalMaxBytes",
      description =
          "disk the journal may use; when full, new frames are refused and counted"
              + " (default: ${DEFAULT-VALUE})")
  long journalMaxBytes;

  @Option(
      names = "--journal-segment-bytes",
      descriptionKey = "lab.ingest.journalSegmentBytes",
      description = "journal segment file size (default: ${DEFAULT-VALUE})")
  long journalSegmentBytes;

  @Option(
      names = "--journal-fsync-interval",
      descriptionKey = "lab.ingest.journalFsyncInterval",
      converter = CliSupport.DurationConverter.class,
      description =
          "how often the journal is forced to disk; 0 = at once (default: ${DEFAULT-VALUE})")
  Duration journalFsyncInterval;

  @Option(
      names = "--future-skew",
      descriptionKey = "lab.ingest.futureSkew",
      converter = CliSupport.DurationConverter.class,
      description =
          "dead-letter a trade stamped more than this after its frame's receipt (default:"
              + " ${DEFAULT-VALUE})")
  Duration futureSkew;

  @Option(
      names = "--metrics-port",
      descriptionKey = "lab.ingest.metricsPort",
      description =
          "port of /metrics (Prometheus) on 127.0.0.1; 0 = a free one, -1 = none; registered as"
              + " scrape target ingest/NAME (default: ${DEFAULT-VALUE})")
  int metricsPort;

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

  @Option(
      names = "--status-file",
      paramLabel = "FILE",
      description =
          "write the ingest's status (JSON: figures, journal position, state) to FILE, replaced"
              + " atomically, every --status-interval and once more when it stops; for a parent"
              + " process that waits on the ingest (default: none)")
  Path statusFile;

  @Option(
      names = "--status-interval",
      defaultValue = "200ms",
      converter = CliSupport.DurationConverter.class,
      description = "how often the status file is rewritten (default: ${DEFAULT-VALUE})")
  Duration statusInterval;

  @Option(
      names = "--receipt-session",
      paramLabel = "SESSION",
      description =
          "the feed replays this session file: check trade times against the receipts it"
              + " recorded instead of the wall clock (as the scenarios' reference does; default: none)")
  Path receiptSession;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description =
          "read the Finnhub token from FILE and delete the file (instead of FINNHUB_TOKEN): how a"
              + " parent process hands the token over without an environment variable (default: none)")
  Path tokenFile;

  @Option(
      names = "--stop-with-pid",
      paramLabel = "PID",
      description =
          "stop cleanly when the process PID exits (a child never outlives its parent; default: none)")
  Long stopWithPid;

  private volatile boolean shuttingDown;

  @Override
  public Integer call() {
    StatusReporter status = statusFile == null ? null : new StatusReporter(statusFile);
    SessionTimeline timeline = null;
    try {
      if (receiptSession != null) {
        timeline = SessionTimeline.open(receiptSession, new LinkedHashSet<>(symbols));
      }
      int code = run(status, timeline);
      if (status != null && !shuttingDown) {
        status.finish(IngestStatus.State.STOPPED, null);
      }
      return code;
    } catch (Exception e) {
      if (status != null) {
        status.finish(
            IngestStatus.State.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
      }
      return CliSupport.fail(e);
    } finally {
      if (timeline != null) {
        timeline.close();
      }
      if (status != null) {
        status.close();
      }
    }
  }

  private int run(StatusReporter status, SessionTimeline timeline) throws Exception {
    {
      if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
        throw new IllegalArgumentException(
            "--name '" + name + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
      }
      Path workDir = LabSettings.loadAnywhere().workDir();
      Path dir = journalDir != null ? journalDir : workDir.resolve("journal").resolve(name);
      IngestConfig config =
          new IngestConfig(
              withTimeline(
                  CliSupport.clientConfig(url, symbols, readTokenFile())
                      .withSilenceTimeout(silenceTimeout)
                      .withFutureSkew(futureSkew),
                  timeline),
              new TradeProducerConfig(bootstrap, topic, dlqTopic, lingerMs, null),
              new JournalConfig(dir, journalMaxBytes, journalSegmentBytes, journalFsyncInterval),
              Duration.ZERO,
              checkSymbols,
              new IngestMetricsConfig(metricsPort, new ScrapeTargets(workDir).root(), name));
      try (Ingest ingest = Ingest.start(config)) {
        // Ctrl-C, SIGTERM: stop the client, let the sender drain, write the last status; close()
        // is idempotent.
        Thread hook =
            new Thread(
                () -> {
                  ingest.close();
                  if (status != null) {
                    status.finish(IngestStatus.State.STOPPED, null);
                  }
                },
                "ingest-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (status != null) {
          status.start(ingest, statusInterval);
        }
        if (stopWithPid != null) {
          stopWithParent(stopWithPid);
        }
        System.err.println(
            "ingest "
                + ingest.ingestId()
                + " (journal "
                + dir
                + "): "
                + config.client().redactedUrl()
                + " -> "
                + bootstrap
                + " ("
                + topic
                + "), metrics "
                + ingest.metricsUrl().orElse("off")
                + ", Ctrl-C to stop");
        // Progress goes to stderr directly: it must show whatever logging setup the host has.
        awaitTermination(
            ingest.terminated(),
            progress,
            () -> System.err.println("ingest: " + ingest.metrics().snapshot().line()));
        // When the JVM is shutting down, the hook closes the ingest and writes the last status.
        shuttingDown = !CliSupport.removeHook(hook);
      }
      return 0;
    }
  }

  /**
   * Waits for {@code terminated}, running {@code onProgress} every {@code progress}, and throws
   * when it failed: also when it failed before the first wait (a refused token can come back before
   * the ingest's start line is printed).
   */
  static void awaitTermination(
      java.util.concurrent.CompletableFuture<Void> terminated,
      Duration progress,
      Runnable onProgress)
      throws Exception {
    while (true) {
      try {
        terminated.get(progress.toMillis(), TimeUnit.MILLISECONDS);
        return;
      } catch (TimeoutException stillRunning) {
        onProgress.run();
      } catch (ExecutionException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
  }

  private static io.marketlab.ingest.FinnhubClientConfig withTimeline(
      io.marketlab.ingest.FinnhubClientConfig client, SessionTimeline timeline) {
    return timeline == null ? client : client.withReceiptTimeline(timeline);
  }

  /** The token of {@code --token-file}, which is deleted once read; null without the option. */
  private String readTokenFile() {
    if (tokenFile == null) {
      return null;
    }
    try {
      String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
      Files.deleteIfExists(tokenFile);
      return token;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --token-file " + tokenFile + ": " + e);
    }
  }

  /** When {@code pid} exits (or runs no more), this JVM exits: its shutdown hook stops cleanly. */
  private static void stopWithParent(long pid) {
    java.util.Optional<ProcessHandle> parent = ProcessHandle.of(pid);
    if (parent.isEmpty() || !parent.get().isAlive()) {
      System.err.println("ingest: process " + pid + " (--stop-with-pid) is gone; stopping");
      System.exit(0);
    }
    parent
        .get()
        .onExit()
        .thenRun(
            () -> {
              System.err.println("ingest: process " + pid + " (--stop-with-pid) exited; stopping");
              System.exit(0);
            });
  }
}
