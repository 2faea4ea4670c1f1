package io.marketlab.harness;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import io.marketlab.fixtures.Engine;
import io.marketlab.fixtures.EngineException;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.Topology;
import io.marketlab.fixtures.local.LocalEngine;
import io.marketlab.fixtures.local.LocalSparkApplication;
import io.marketlab.ingest.IngestMetrics;
import io.marketlab.ingest.ReplayProgress;
import io.marketlab.ingest.ReplayServer;
import io.marketlab.ingest.ReplayServerConfig;
import io.marketlab.ingest.TokenPolicy;
import io.marketlab.ingest.journal.JournalConfig;
import io.marketlab.model.Checkpoints;
import io.marketlab.model.session.SessionReader;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 *
 * <p><b>Supervision.</b> When the processor exits on its own (not through {@link #killProcessor},
 * {@link #close} or a failed start), the stack starts it again on the same checkpoint, after a
 * short backoff, at most {@link #DEFAULT_MAX_RESTARTS} times within {@link #DEFAULT_RESTART_WINDOW}
 * ({@link Builder#processorRestarts}); one more exit inside that window fails the run: every wait
 * then throws with the processor's log tail ({@link #failure()}).
 *
 * <p><b>Faults.</b> {@link #kill(FaultTarget)} and {@link #start(FaultTarget)} are a scenario's
 * fault steps on the processor, the ingest and on local engines (SIGKILL of the child JVM; start
 * again on the same data directory, checkpoint or journal); {@link #stop(FaultTarget)} stops the
 * ingest cleanly. Each proves itself ({@link FaultProof}) or throws {@link FaultException}.
 *
 * <p><b>The ingest</b> is a child JVM of its own ({@link IngestProcess}: {@code lab ingest} on the
 * lab's classpath, heap {@code LAB_INGEST_HEAP}, logs/ingest-ID.log); the waits on it read the
 * status file it rewrites every 200 ms.
 */
public final class PipelineStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineStack.class);

  /** Supervised processor restarts allowed within {@link #DEFAULT_RESTART_WINDOW}. */
  public static final int DEFAULT_MAX_RESTARTS = 8;

  public static final Duration DEFAULT_RESTART_WINDOW = Duration.ofMinutes(10);

  /** How long reading the dead-letter topic from its start to its end may take. */
  private static final Duration DEAD_LETTER_READ_TIMEOUT = Duration.ofSeconds(60);

  /** How long a Cassandra that is back may take until the stack's own session answers again. */
  private static final Duration SESSION_BACK_TIMEOUT = Duration.ofSeconds(60);

  /** The processor JVM's heap: its driver holds one micro-batch at a time. */
  private final EngineSet engines;

  private final RunNames names;
  private final Feed feed;
  private final boolean withProcessor;
  private final Duration watermarkDelay;
  private final Consumer<String> progress;
  private final int maxRestarts;
  private final Duration restartWindow;
  private final Closer parts = new Closer();
  private final Waits waits;

  private volatile List<String> symbols;
  private volatile LocalSparkApplication processor;
  private volatile ReplayServer server;
  private volatile IngestProcess ingest;
  private final java.util.Set<Long> paused = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * How long {@link #awaitReplayed} waits for Kafka to acknowledge the ingest's journal: longer
   * than a gate scenario's Kafka outage (3 min) plus the broker's start and the resend.
   */
  static final Duration JOURNAL_DRAIN_TIMEOUT = Duration.ofMinutes(10);

  private volatile CqlSession session;
  private volatile StoreReader reader;
  private volatile long replayStartNanos;
  private volatile Duration replayTook;
  private volatile boolean closed;
  private volatile Supervisor supervisor;
  private volatile String failure;

  private PipelineStack(Builder builder) {
    this.engines = builder.engines;
    this.names = builder.names;
    this.feed = builder.feed;
    this.withProcessor = builder.withProcessor;
    this.watermarkDelay = builder.watermarkDelay;
    this.progress = builder.progress;
    this.maxRestarts = builder.maxRestarts;
    this.restartWindow = builder.restartWindow;
    this.waits = new Waits(names.run(), progress, this::throwIfFailed);
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
    private int maxRestarts = DEFAULT_MAX_RESTARTS;
    private Duration restartWindow = DEFAULT_RESTART_WINDOW;

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

    /**
     * How often the stack restarts a processor that exits on its own: at most {@code max} times
     * within {@code window} (default 5 within 10 min); 0 = never (an exit then stays an exit).
     */
    public Builder processorRestarts(int max, Duration window) {
      if (max < 0) {
        throw new IllegalArgumentException("max restarts must be >= 0, got " + max);
      }
      maxRestarts = max;
      restartWindow = Objects.requireNonNull(window, "window");
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
          (short) Topology.replicationFactor(engines.nodes()),
          names.topic(),
          names.deadLetterTopic(),
          names.gapTopic());
      if (application != null) {
        progress.accept(
            "starting the Spark processor (spark-submit to "
                + engines.spark().getMasterUrl()
                + ")...");
        application.start();
        progress.accept(
            String.format(
                Locale.ROOT, "processor ready in %.1f s", (System.nanoTime() - startNanos) / 1e9));
        supervise(application);
      }
      URI url;
      String token;
      Path receiptSession = null;
      if (feed instanceof Feed.Replay replay) {
        ReplayServer replayServer =
            ReplayServer.fromSession(
                    replay.session(),
                    ReplayServerConfig.defaults()
                        .withSpeed(replay.speed())
                        .withBursts(replay.bursts()))
                .recordSent()
                .start();
        parts.add("the replay server", replayServer);
        server = replayServer;
        url = URI.create(replayServer.url());
        // The lab's own replay server (plain ws:// on loopback) accepts anything: no token.
        token = null;
        // The trades are historical and arrive now, at any speed: the ingest checks their times
        // against the receipts the session recorded, as the reference checks them.
        receiptSession = replay.session();
      } else {
        Feed.Finnhub live = (Feed.Finnhub) feed;
        url = live.url();
        token = live.token();
        TokenPolicy.from(engines.settings()).check(url);
      }
      startIngest(url, token, receiptSession, bootstrap);
      // The replay's clock starts at the ingest's first subscription, once its JVM runs.
      replayStartNanos = System.nanoTime();
      if (withProcessor) {
        CqlSession cql =
            CqlSession.builder()
                .addContactPoints(engines.cassandra().getContactPoints())
                .withLocalDatacenter(engines.cassandra().getLocalDatacenter())
                .withConfigLoader(
                    // A Cassandra that restarts is reconnected to within seconds, not a minute.
                    DriverConfigLoader.programmaticBuilder()
                        // Read what the processor wrote at LOCAL_QUORUM (one node in three may be
                        // down or just back, its hints not replayed yet).
                        .withString(DefaultDriverOption.REQUEST_CONSISTENCY, "LOCAL_QUORUM")
                        .withDuration(
                            DefaultDriverOption.RECONNECTION_BASE_DELAY, Duration.ofMillis(500))
                        .withDuration(
                            DefaultDriverOption.RECONNECTION_MAX_DELAY, Duration.ofSeconds(2))
                        .build())
                .build();
        parts.add("the Cassandra session", cql);
        session = cql;
        reader = new StoreReader(cql, names.keyspace(), ReadRetry.standard(progress));
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
            Supervisor watching = supervisor;
            if (watching != null) {
              watching.close();
            }
            application.stopRunning();
          } finally {
            ProcessorProcess.deleteCopy(engines.settings().workDir(), names.processor());
          }
        });
    processor = application;
    return application;
  }

  /** Watches the started processor: an exit nobody asked for restarts it on the checkpoint. */
  private void supervise(LocalSparkApplication application) {
    if (maxRestarts == 0) {
      return;
    }
    Supervisor watching =
        new Supervisor(
            "processor",
            "checkpoint " + names.checkpoint(),
            new Supervisor.Child() {
              @Override
              public Supervisor.Running start() {
                if (closed) {
                  throw new IllegalStateException("the stack is closed");
                }
                application.start();
                return running(application);
              }

              @Override
              public String logTail() {
                return application.tailOfLog(30);
              }
            },
            new RestartPolicy(maxRestarts, restartWindow),
            Supervisor::standardBackoff,
            System::nanoTime,
            progress,
            this::pipelineState,
            message -> failure = message);
    supervisor = watching;
    watching.watch(running(application));
  }

  private static Supervisor.Running running(LocalEngine engine) {
    return new Supervisor.Running(
        engine.process().map(ProcessHandle::pid).orElse(-1L), engine.onExit());
  }

  private static List<String> subscribedSymbols(Feed feed) {
    if (feed instanceof Feed.Replay replay && replay.symbols().isEmpty()) {
      try (SessionReader header = SessionReader.open(replay.session())) {
        return List.copyOf(header.header().symbols());
      }
    }
    return feed.symbols();
  }

  /** The ingest as a child JVM on the run's journal, started; closed with the stack. */
  private void startIngest(URI url, String token, Path receiptSession, String bootstrap) {
    LabSettings settings = engines.settings();
    IngestProcess process =
        IngestProcess.forRun(
            settings,
            new IngestProcess.Options(
                names.ingest(),
                url,
                token,
                symbols,
                receiptSession,
                bootstrap,
                names.topic(),
                names.deadLetterTopic(),
                journal(),
                settings.get(Settings.INGEST_FUTURE_SKEW)),
            () -> server == null ? 0 : server.connectionsOpened());
    parts.add("the ingest " + names.ingest(), process);
    ingest = process;
    long start = System.nanoTime();
    FaultProof started = process.start();
    progress.accept(
        String.format(
            Locale.ROOT,
            "ingest running as pid %d in %.1f s (log %s)",
            started.pid(),
            (System.nanoTime() - start) / 1e9,
            settings.logDir().resolve(names.ingest() + ".log")));
  }

  /**
   * The port of the running ingest's Prometheus {@code /metrics} on 127.0.0.1 (it registers itself
   * as the scrape target {@code ingest/NAME}, NAME = {@link RunNames#ingest()}); empty when it
   * serves none.
   */
  public java.util.OptionalInt ingestMetricsPort() {
    return requireIngest().metricsPort();
  }

  /** The URL of the running ingest's {@code /metrics}, if it serves one. */
  public Optional<String> ingestMetricsUrl() {
    java.util.OptionalInt port = ingestMetricsPort();
    return port.isPresent()
        ? Optional.of("http://127.0.0.1:" + port.getAsInt() + "/metrics")
        : Optional.empty();
  }

  /**
   * The run's ingest processes so far: the first and each one a step started again, with what each
   * journaled (the record of which frames reached the pipeline).
   */
  public List<IngestLaunch> ingestLaunches() {
    List<IngestLaunch> launches = requireIngest().launches();
    if (launches.stream().noneMatch(launch -> launch.framesJournaled().isPresent())) {
      return launches;
    }
    // Gap records are journal entries too (the ingest journals each before the frame after it):
    // what a launch journaled counts them, the frames it read do not.
    return IngestLaunch.framesOnly(
        launches,
        KafkaReadBack.gapJournalSeqs(
            engines.kafka().getBootstrapServers(), names.gapTopic(), Duration.ofSeconds(60)));
  }

  private IngestProcess requireIngest() {
    IngestProcess running = ingest;
    if (running == null) {
      throw new IllegalStateException(names.run() + ": the ingest is not started");
    }
    return running;
  }

  /**
   * The run's ingest journal: WORK/journal/ID (the ID of its checkpoint), with the journal settings
   * in force (max bytes, segment bytes, fsync interval).
   */
  private JournalConfig journal() {
    Path dir =
        engines.settings().workDir().resolve("journal").resolve(names.checkpoint().getFileName());
    return new JournalConfig(
        dir,
        engines.settings().get(Settings.INGEST_JOURNAL_MAX_BYTES),
        engines.settings().get(Settings.INGEST_JOURNAL_SEGMENT_BYTES),
        engines.settings().get(Settings.INGEST_JOURNAL_FSYNC_INTERVAL));
  }

  /**
   * The run's ingest figures from its status file, summed over its launches (a killed launch's up
   * to its last status, at most 200 ms before the kill).
   */
  public IngestMetrics.Snapshot ingestMetrics() {
    return requireIngest().metrics();
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

  /**
   * A crash of the processor: kill -9 of its JVM (no shutdown hook, no clean stop), proven: the pid
   * it hit is gone. Not a crash for supervision: the processor stays down until {@link
   * #startProcessor()}.
   *
   * @throws FaultException when no processor runs, or its pid outlives the kill
   */
  public FaultProof killProcessor() {
    LocalSparkApplication application = requireProcessor();
    Supervisor watching = supervisor;
    if (watching != null) {
      watching.expectExit();
    }
    FaultProof proof =
        ProcessKill.kill("processor " + names.processor(), application.findRunning());
    Optional<ProcessHandle> still = application.findRunning();
    if (still.isPresent()) {
      throw new FaultException(
          "processor "
              + names.processor()
              + " still runs as pid "
              + still.get().pid()
              + " after the SIGKILL to pid "
              + proof.pid()
              + ": the kill hit another process",
          still.get().pid());
    }
    return withExitCode(proof, application);
  }

  /**
   * Starts the processor again on the run's checkpoint, where it resumes (not once the stack
   * closed), and supervises it again.
   *
   * @throws FaultException when a processor runs already (nothing to start)
   */
  public FaultProof startProcessor() {
    LocalSparkApplication application = requireProcessor();
    if (closed) {
      throw new IllegalStateException(
          names.run() + ": the stack is closed; the processor stays stopped");
    }
    Optional<ProcessHandle> running = application.findRunning();
    if (running.isPresent()) {
      throw new FaultException(
          "the processor already runs as pid " + running.get().pid() + "; nothing to start",
          running.get().pid());
    }
    Instant at = Instant.now();
    long start = System.nanoTime();
    application.start();
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    Supervisor.Running started = running(application);
    Supervisor watching = supervisor;
    if (watching != null) {
      watching.watch(started);
    }
    return new FaultProof(
        started.pid(),
        at,
        took,
        String.format(
            Locale.ROOT,
            "processor started as pid %d on checkpoint %s; ready after %.1f s",
            started.pid(),
            names.checkpoint(),
            took.toMillis() / 1000.0));
  }

  /** {@link #killProcessor()}, then {@link #startProcessor()}. */
  public void restartProcessor() {
    killProcessor();
    startProcessor();
  }

  /**
   * A fault: SIGKILL of the processor or of a local engine's JVM, proven (the pid is gone).
   *
   * @throws FaultException when the target is not a local process of this lab, none runs, or its
   *     pid outlives the kill
   */
  public FaultProof kill(FaultTarget target) {
    return kill(target, 0);
  }

  /**
   * {@link #kill(FaultTarget)} of node {@code node} (1-based) of a set of brokers or Cassandra
   * nodes ({@code lab up --nodes 3}); 0 = the engine itself (node 1 of a set).
   */
  public FaultProof kill(FaultTarget target, int node) {
    if (target == FaultTarget.PROCESSOR) {
      return killProcessor();
    }
    if (target == FaultTarget.INGEST) {
      return requireIngest().kill();
    }
    LocalEngine engine = localEngine(engines, target, node);
    FaultProof proof = ProcessKill.kill(engine.name(), engine.findRunning());
    // the proof is about the pid the signal went to; the engine itself must be gone too
    Optional<ProcessHandle> still = engine.findRunning();
    if (still.isPresent()) {
      throw new FaultException(
          engine.name()
              + " still runs as pid "
              + still.get().pid()
              + " after the SIGKILL to pid "
              + proof.pid()
              + ": the kill hit another process",
          still.get().pid());
    }
    return withExitCode(proof, engine);
  }

  /**
   * Starts the processor or a local engine again after a kill and waits until it is healthy: an
   * engine on its data directory (for Cassandra also until the stack's own session answers again).
   *
   * @throws FaultException when the target is not a local process of this lab or runs already
   */
  public FaultProof start(FaultTarget target) {
    return start(target, 0);
  }

  /** {@link #start(FaultTarget)} of node {@code node} of a node set; 0 = the engine itself. */
  public FaultProof start(FaultTarget target, int node) {
    if (target == FaultTarget.PROCESSOR) {
      return startProcessor();
    }
    if (target == FaultTarget.INGEST) {
      if (closed) {
        throw new IllegalStateException(
            names.run() + ": the stack is closed; the ingest stays stopped");
      }
      return requireIngest().start();
    }
    LocalEngine engine = localEngine(engines, target, node);
    if (closed) {
      throw new IllegalStateException(
          names.run() + ": the stack is closed; " + engine.name() + " stays stopped");
    }
    Optional<ProcessHandle> running = engine.findRunning();
    if (running.isPresent()) {
      throw new FaultException(
          engine.name() + " already runs as pid " + running.get().pid() + "; nothing to start",
          running.get().pid());
    }
    Instant at = Instant.now();
    long start = System.nanoTime();
    engine.startAgain();
    long pid = engine.process().map(ProcessHandle::pid).orElse(-1L);
    String healthy =
        String.format(Locale.ROOT, "healthy after %.1f s", (System.nanoTime() - start) / 1e9);
    if (target == FaultTarget.CASSANDRA && session != null) {
      awaitSessionAnswers();
      healthy +=
          String.format(
              Locale.ROOT,
              ", the stack's session answers after %.1f s",
              (System.nanoTime() - start) / 1e9);
    }
    return new FaultProof(
        pid,
        at,
        Duration.ofNanos(System.nanoTime() - start),
        engine.name() + " started as pid " + pid + " on its data directory; " + healthy);
  }

  /**
   * A clean stop of the ingest: SIGTERM, it stops its client, lets its sender drain (at most 10 s)
   * and writes its last status, proven (the pid is gone, that status says it stopped). Frames the
   * replay server sends meanwhile reach no one, as with a kill.
   *
   * @throws FaultException for any other target (only the ingest has a stop step), or when no
   *     ingest runs
   */
  public FaultProof stop(FaultTarget target) {
    if (target != FaultTarget.INGEST) {
      throw new FaultException("only the ingest can be stopped by a step, not " + target.label());
    }
    return requireIngest().stop();
  }

  /**
   * A freeze: SIGSTOP of the processor or a local engine's JVM, proven (the kernel shows it
   * stopped). It keeps its sockets and data; peers see it stop answering. Supervision sees no exit.
   * A paused process is resumed when the stack closes, so that it can be stopped.
   *
   * @throws FaultException when the target is not a local process of this lab or none runs
   */
  public FaultProof pause(FaultTarget target) {
    return pause(target, 0);
  }

  /** {@link #pause(FaultTarget)} of node {@code node} of a node set; 0 = the engine itself. */
  public FaultProof pause(FaultTarget target, int node) {
    if (target == FaultTarget.INGEST) {
      return requireIngest().pause();
    }
    Optional<ProcessHandle> running = running(target, node);
    FaultProof proof = ProcessPause.pause(label(target, node), running);
    paused.add(proof.pid());
    return proof;
  }

  /**
   * Lets a paused process run again, proven (the kernel shows it no longer stopped); for Cassandra
   * also waits until the stack's own session answers again.
   *
   * @throws FaultException when the target is not paused
   */
  public FaultProof resume(FaultTarget target) {
    return resume(target, 0);
  }

  /** {@link #resume(FaultTarget)} of node {@code node} of a node set; 0 = the engine itself. */
  public FaultProof resume(FaultTarget target, int node) {
    if (target == FaultTarget.INGEST) {
      return requireIngest().resume();
    }
    FaultProof proof = ProcessPause.resume(label(target, node), running(target, node));
    paused.remove(proof.pid());
    if (target == FaultTarget.CASSANDRA && session != null) {
      long start = System.nanoTime();
      awaitSessionAnswers();
      return new FaultProof(
          proof.pid(),
          proof.at(),
          proof.took(),
          proof.outcome()
              + String.format(
                  Locale.ROOT,
                  "; the stack's session answers after %.1f s",
                  (System.nanoTime() - start) / 1e9));
    }
    return proof;
  }

  private Optional<ProcessHandle> running(FaultTarget target, int node) {
    if (target == FaultTarget.PROCESSOR) {
      return requireProcessor().findRunning();
    }
    return localEngine(engines, target, node).findRunning();
  }

  private String label(FaultTarget target, int node) {
    if (target == FaultTarget.CASSANDRA || target == FaultTarget.KAFKA) {
      return localEngine(engines, target, node).name();
    }
    return target.label();
  }

  /** Every pid paused by {@link #pause} and not resumed: a stopped process cannot stop. */
  private void resumePaused() {
    for (Long pid : List.copyOf(paused)) {
      ProcessHandle.of(pid)
          .filter(ProcessHandle::isAlive)
          .filter(handle -> ProcessPause.isStopped(handle.pid()))
          .ifPresent(
              handle -> {
                try {
                  ProcessPause.resume("paused pid " + handle.pid(), Optional.of(handle));
                } catch (FaultException e) {
                  LOG.warn(
                      "could not resume pid {} before closing: {}", handle.pid(), e.getMessage());
                }
              });
      paused.remove(pid);
    }
  }

  /**
   * A network cut of the feed: the replay server closes every websocket connection at once (no
   * close frame); what it sends while the ingest reconnects is lost, and it records what it sent
   * ({@link #sentFrames()}).
   *
   * @throws FaultException when the feed is live, or no connection was open to cut
   */
  public FaultProof dropWebsocket() {
    ReplayServer replayServer =
        replayServer()
            .orElseThrow(() -> new FaultException("a live feed has no replay server to drop", -1));
    // A cut without a close frame can reach the client late (it may notice only when the silence
    // timeout fires): a drop waits for the ingest to be connected again, up to that timeout and
    // half a minute more, rather than cut nothing.
    Duration patience = engines.settings().get(Settings.SILENCE_TIMEOUT).plusSeconds(30);
    long waitStart = System.nanoTime();
    long waitUntil = waitStart + patience.toNanos();
    while (replayServer.progress().connections() == 0 && System.nanoTime() < waitUntil) {
      java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
    }
    Duration waited = Duration.ofNanos(System.nanoTime() - waitStart);
    Instant at = Instant.now();
    long start = System.nanoTime();
    List<Integer> cut = replayServer.drop();
    if (cut.isEmpty()) {
      throw new FaultException(
          "no websocket connection was open to drop (waited "
              + waited.toSeconds()
              + " s for the ingest to connect)",
          -1);
    }
    return new FaultProof(
        -1,
        at,
        Duration.ofNanos(System.nanoTime() - start),
        "replay server cut connection(s) "
            + cut
            + " without a close frame, after "
            + replayServer.progress().framesSent()
            + " frames sent"
            + (waited.toMillis() >= 100
                ? String.format(
                    Locale.ROOT,
                    " (waited %.1f s for the ingest to connect again)",
                    waited.toMillis() / 1000.0)
                : ""));
  }

  /** What the replay server sent, frame by frame (a replay feed only). */
  public Optional<io.marketlab.ingest.SentFrames> sentFrames() {
    return replayServer().flatMap(ReplayServer::sent);
  }

  /** Every row of the run's gaps table (after {@link #awaitStored}). */
  public List<StoredGap> storedGaps() {
    return requireStore().gaps();
  }

  /** Every row of the run's hourly table (after {@link #awaitStored}). */
  public List<StoredHourly> storedHourly() {
    return requireStore().hourly();
  }

  /** Every row of the run's anomalies table (after {@link #awaitStored}). */
  public List<StoredAnomaly> storedAnomalies() {
    return requireStore().anomalies();
  }

  /** Every candle row the run marked incomplete (after {@link #awaitStored}). */
  public List<StoredMark> incompleteCandles() {
    return requireStore().incompleteCandles();
  }

  /**
   * Fails unless a fault step on {@code target} can act on these engines: the processor always can
   * (the stack runs it), an engine only when it is a local child JVM of this lab.
   *
   * @throws FaultException naming the engine and its provider
   */
  public static void checkCanAct(EngineSet engines, FaultTarget target) {
    checkCanAct(engines, target, 0);
  }

  /** {@link #checkCanAct(EngineSet, FaultTarget)} for node {@code node} of a node set. */
  public static void checkCanAct(EngineSet engines, FaultTarget target, int node) {
    if (target == FaultTarget.CASSANDRA || target == FaultTarget.KAFKA) {
      localEngine(engines, target, node);
    }
  }

  private static LocalEngine localEngine(EngineSet engines, FaultTarget target, int node) {
    Engine whole =
        switch (target) {
          case CASSANDRA -> engines.cassandra();
          case KAFKA -> engines.kafka();
          case PROCESSOR -> throw new IllegalArgumentException("the processor is no engine");
          case WEBSOCKET -> throw new IllegalArgumentException("the websocket is no engine");
          case INGEST -> throw new IllegalArgumentException("the ingest is no engine");
        };
    Engine engine;
    try {
      engine = EngineSet.node(whole, node);
    } catch (EngineException e) {
      throw new FaultException(target.label() + ": " + e.getMessage(), -1);
    }
    if (engine instanceof LocalEngine local) {
      return local;
    }
    String kind = engine.getClass().getSimpleName();
    String provider =
        kind.startsWith("External")
            ? "an external cluster"
            : kind.startsWith("Container") ? "a container" : kind;
    throw new FaultException(
        target.label()
            + " is "
            + provider
            + " "
            + new java.util.TreeMap<>(engine.endpoints())
            + ", not a local child JVM of this lab: only local engines can be killed and started"
            + " (LAB_PROVIDER=local)");
  }

  /** The kill's proof with the exit code of the process, when it was this JVM's child. */
  private static FaultProof withExitCode(FaultProof proof, LocalEngine engine) {
    OptionalInt code;
    try {
      CompletableFuture<OptionalInt> exit = engine.onExit();
      code = exit.get(1, TimeUnit.SECONDS);
    } catch (Exception e) {
      code = OptionalInt.empty();
    }
    return code.isEmpty()
        ? proof
        : new FaultProof(
            proof.pid(),
            proof.at(),
            proof.took(),
            proof.outcome() + " (exit code " + code.getAsInt() + ")");
  }

  private void awaitSessionAnswers() {
    CqlSession cql = session;
    waits.waitFor(
        () -> {
          try {
            cql.execute("SELECT release_version FROM system.local");
            return true;
          } catch (RuntimeException e) {
            return false;
          }
        },
        SESSION_BACK_TIMEOUT,
        "the stack's Cassandra session",
        () -> "no answer yet");
  }

  /**
   * What the pipeline is doing, from what the stack knows without asking an engine: the replay, the
   * ingest, the processor's checkpoint and its supervised restarts.
   */
  public String pipelineState() {
    List<String> state = new ArrayList<>();
    replayProgress()
        .ifPresent(
            replay ->
                state.add(
                    "replay "
                        + replay.framesReplayed()
                        + "/"
                        + replay.totalFrames()
                        + " frames"
                        + (replay.finished() ? " (finished)" : "")));
    IngestProcess running = ingest;
    if (running != null) {
      IngestMetrics.Snapshot metrics = running.metrics();
      state.add(
          "ingest "
              + running.findRunning().map(handle -> "pid " + handle.pid()).orElse("not running")
              + " received "
              + metrics.trades()
              + " trades, Kafka acked "
              + metrics.acked()
              + " (journal "
              + metrics.journalDepth()
              + " frames unacknowledged)");
    }
    if (withProcessor) {
      Map<String, Long> batches = Checkpoints.lastCommitted(names.checkpoint());
      state.add("processor " + Checkpoints.describe(batches));
      int restarts = processorRestarts();
      if (restarts > 0) {
        state.add(restarts + " supervised restart(s)");
      }
    }
    return String.join("; ", state);
  }

  /** Restarts the stack made (or tried) on its own, because the processor exited unasked. */
  public int processorRestarts() {
    Supervisor watching = supervisor;
    return watching == null ? 0 : watching.restartCount();
  }

  public List<SupervisedRestart> supervisedRestarts() {
    Supervisor watching = supervisor;
    return watching == null ? List.of() : watching.restarts();
  }

  /**
   * Why the run cannot go on, once it cannot: the processor exited more often than supervision
   * allows, or the ingest exited without a step asking (the message ends with its log tail).
   */
  public Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  private void throwIfFailed() {
    IngestProcess running = ingest;
    if (failure == null && running != null && !closed) {
      running.unaskedExit().ifPresent(why -> failure = why);
    }
    String why = failure;
    if (why != null) {
      throw new EngineException(names.run() + ": " + why);
    }
  }

  /** {@link #awaitReplayed}, then {@link #awaitStored}. */
  public StoredRun finishReplay(Expectation expected) {
    awaitReplayed(expected.trades());
    return awaitStored(expected);
  }

  /**
   * Waits until the replay server has sent the whole session (at most 2 h), the ingest has received
   * {@code expectedTrades} (or nothing more for {@link #RECEIVE_QUIET}) and Kafka has acknowledged
   * every frame of the ingest's journal (at most {@link #JOURNAL_DRAIN_TIMEOUT}: a failed send is
   * resent from the journal, so this also waits out a Kafka outage). Returns the replay time:
   * replay server start to the last trade received.
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
    // The server has sent all it will: an ingest that reads nothing more for RECEIVE_QUIET has
    // what it will get (a fault lost the rest; what arrived is compared).
    waits.awaitReceived(() -> ingestMetrics().trades(), expectedTrades, RECEIVE_QUIET);
    replayTook = Duration.ofNanos(System.nanoTime() - replayStartNanos);
    waits.waitFor(
        () -> ingestMetrics().journalDepth() == 0,
        JOURNAL_DRAIN_TIMEOUT,
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
   * After {@link #awaitReplayed}: stops the feed, waits until the processor has committed every
   * record of the run's topic (its checkpoint against the topic's end offsets; or until it commits
   * nothing new for the stall timeout: what is missing then shows in what is read back), and reads
   * back everything the run stored: every row of the keyspace's trades, candles and late_trades
   * tables (full scans, paged, each page with bounded retries) and every record of the dead-letter
   * topic.
   */
  public StoredRun awaitStored(Expectation expected) {
    if (replayTook == null) {
      throw new IllegalStateException(names.run() + ": awaitReplayed first");
    }
    StoreReader store = requireStore();
    IngestMetrics.Snapshot last = stopFeed();
    progress.accept(
        String.format(
            Locale.ROOT, "replay done in %.1f s; %s", replayTook.toMillis() / 1000.0, last.line()));
    String bootstrap = engines.kafka().getBootstrapServers();
    Map<Integer, Long> ends = KafkaReadBack.endOffsets(bootstrap, names.topic());
    boolean processed =
        waits.awaitProcessed(
            () -> Checkpoints.committedOffsets(names.checkpoint(), names.topic()),
            ends,
            expected.stallTimeout());
    // The gaps query: its topic's end after the ingest closed (gaps still open are written then).
    waits.awaitProcessed(
        () -> Checkpoints.committedOffsets(names.gapCheckpoint(), names.gapTopic()),
        KafkaReadBack.endOffsets(bootstrap, names.gapTopic()),
        expected.stallTimeout());
    long start = System.nanoTime();
    List<StoredTrade> trades = awaitTradeRows(store, expected, processed);
    List<StoredCandle> candles = store.candles();
    List<StoredLateTrade> late = store.lateTrades();
    long processorDeadLetters = store.countDeadLetters(names.topic());
    List<StoredDeadLetter> deadLetters =
        KafkaReadBack.deadLetters(bootstrap, names.deadLetterTopic(), DEAD_LETTER_READ_TIMEOUT);
    progress.accept(
        String.format(
            Locale.ROOT,
            "read back %d trades, %d candles, %d late trades, %d dead letters in %.1f s",
            trades.size(),
            candles.size(),
            late.size(),
            deadLetters.size(),
            (System.nanoTime() - start) / 1e9));
    return new StoredRun(
        trades, candles, late, deadLetters, last, processorDeadLetters, replayTook);
  }

  /**
   * The stored trade rows, once they are all there. The stateful query's checkpoint says that the
   * candles are done; the trade rows may come from the real-time query, whose checkpoint moves only
   * at the end of its interval, and which may still be writing (after a Cassandra outage it sends
   * its backlog). So while fewer rows than expected are stored and their number still grows, read
   * again (every 2 s; a read that finds no new row for the stall timeout ends the wait, and the
   * comparison then names what is missing).
   */
  /**
   * The trade rows once every expected one is stored, or once they stop growing: for the stall
   * timeout, or for {@link #TRADE_ROWS_QUIET} when the stateful query has already committed every
   * record (the real-time writer is then done too, and a fault that lost trades must not cost the
   * whole stall timeout).
   */
  private List<StoredTrade> awaitTradeRows(
      StoreReader store, Expectation expected, boolean processed) {
    List<List<StoredTrade>> latest = new ArrayList<>(List.of(List.<StoredTrade>of()));
    Duration quiet =
        processed && TRADE_ROWS_QUIET.compareTo(expected.stallTimeout()) < 0
            ? TRADE_ROWS_QUIET
            : expected.stallTimeout();
    waits.awaitCount(
        () -> {
          latest.set(0, store.trades());
          return latest.get(0).size();
        },
        (int) Math.min(Integer.MAX_VALUE, expected.trades()),
        quiet,
        Duration.ofSeconds(2),
        "trade rows stored; the real-time writer is still writing");
    return latest.get(0);
  }

  /** How long the ingest may receive nothing after the replay server sent its last frame. */
  static final Duration RECEIVE_QUIET = Duration.ofSeconds(10);

  /** How long trade rows may not grow before they are read back, once the processor is done. */
  static final Duration TRADE_ROWS_QUIET = Duration.ofSeconds(10);

  /**
   * Whether the stateful (candles) query has committed every record of the trades topic now in
   * Kafka: then the candles, the symbols' newest trade times (which the dashboard's trade list
   * starts from) and the analytics of all of it are written, not just the trade rows of the
   * real-time query. False while Kafka cannot be asked.
   */
  public boolean processorCaughtUp() {
    Map<Integer, Long> ends;
    try {
      ends = KafkaReadBack.endOffsets(engines.kafka().getBootstrapServers(), names.topic());
    } catch (RuntimeException e) {
      return false;
    }
    Map<Integer, Long> committed = Checkpoints.committedOffsets(names.checkpoint(), names.topic());
    for (Map.Entry<Integer, Long> end : ends.entrySet()) {
      if (committed.getOrDefault(end.getKey(), 0L) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  /**
   * A bounded count of the trades stored in the partitions of {@code days}, for progress lines (it
   * may time out on a partition that is being written; never the signal that a run is done).
   */
  public long countStoredTrades(DayRange days) {
    return requireStore().countTrades(symbols, days);
  }

  /** Stops, in reverse order, everything the stack started; safe to call twice and from a hook. */
  @Override
  public void close() {
    closed = true;
    resumePaused();
    Supervisor watching = supervisor;
    if (watching != null) {
      watching.close();
    }
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
