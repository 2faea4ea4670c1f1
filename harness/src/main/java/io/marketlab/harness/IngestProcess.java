package io.marketlab.harness;

import io.marketlab.config.Durations;
import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import io.marketlab.fixtures.EngineException;
import io.marketlab.fixtures.health.Health;
import io.marketlab.fixtures.local.LocalJavaApplication;
import io.marketlab.ingest.IngestMetrics;
import io.marketlab.ingest.IngestStatus;
import io.marketlab.ingest.IngestStatusFile;
import io.marketlab.ingest.journal.JournalConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The ingest of a pipeline run as a child JVM of its own ({@code lab ingest}: {@code IngestMain} on
 * the CLI's classpath, an explicit heap {@code LAB_INGEST_HEAP}, logs/NAME.log and .out like every
 * engine), so that a step can kill, stop, start, pause and resume it alone. Every launch runs on
 * the run's journal directory, so a start after a kill keeps the ingest id and resends only what
 * Kafka lacks.
 *
 * <p>The harness never shares the ingest's memory: what it waits on (received, acknowledged, the
 * journal's depth) comes from the status file the ingest rewrites atomically every 200 ms and when
 * it stops ({@link IngestStatusFile}). Figures are summed over the run's launches, each counted up
 * to its last status (a killed process's last one is up to 200 ms old).
 */
final class IngestProcess implements AutoCloseable {

  static final String MAIN_CLASS = "io.marketlab.ingest.IngestMain";

  /** How often the ingest rewrites its status file. */
  private static final Duration STATUS_INTERVAL = Duration.ofMillis(200);

  /**
   * What a run's ingest connects to and where it writes.
   *
   * @param token the Finnhub token of a live feed (handed over in a file the ingest deletes), or
   *     null
   * @param receiptSession the session a replay plays (trade times are checked against its recorded
   *     receipts), or null for a live feed
   */
  record Options(
      String name,
      URI url,
      String token,
      List<String> symbols,
      Path receiptSession,
      String bootstrap,
      String topic,
      String deadLetterTopic,
      JournalConfig journal,
      Duration futureSkew) {}

  /** One launch: the process, where its connections start, its first and its latest status. */
  private static final class Launch {
    final int number;
    final long pid;
    final int firstConnection;
    final IngestStatus first;
    volatile IngestStatus last;
    volatile IngestLaunch.End end = IngestLaunch.End.RUNNING;

    Launch(int number, long pid, int firstConnection, IngestStatus first) {
      this.number = number;
      this.pid = pid;
      this.firstConnection = firstConnection;
      this.first = first;
      this.last = first;
    }
  }

  private final String name;
  private final LocalJavaApplication application;
  private final Path statusFile;
  private final Path tokenFile;
  private final IntSupplier connectionsOpened;
  private final List<Launch> launches = new ArrayList<>();
  private volatile boolean asked;
  private volatile long pausedPid = -1;

  /**
   * @param arguments the main class's arguments; they must make it write {@code statusFile}
   * @param token written to {@code tokenFile} before each launch (owner-only), or null
   * @param connectionsOpened the replay server's count of connections opened so far
   */
  IngestProcess(
      LabSettings settings,
      String name,
      List<Path> classpath,
      String mainClass,
      List<String> arguments,
      Path statusFile,
      String token,
      Path tokenFile,
      IntSupplier connectionsOpened) {
    this.name = name;
    this.statusFile = statusFile;
    this.tokenFile = token == null ? null : tokenFile;
    this.connectionsOpened = connectionsOpened;
    try {
      Files.createDirectories(statusFile.getParent());
      Files.deleteIfExists(statusFile);
    } catch (IOException e) {
      throw new EngineException("cannot prepare the ingest status " + statusFile + ": " + e, e);
    }
    this.application =
        new LocalJavaApplication(
            settings,
            new LocalJavaApplication.Spec(
                name,
                classpath,
                mainClass,
                settings.get(Settings.INGEST_HEAP),
                List.of(
                    "-XX:+UseSerialGC",
                    "-Dlab.root=" + settings.projectRoot(),
                    // Its scrape target goes to this work directory's targets, whatever the
                    // environment says.
                    "-Dlab.workDir=" + settings.workDir()),
                arguments,
                "INFO"),
            this::readiness,
            () -> writeToken(token));
  }

  /** The ingest of a run: {@code IngestMain} with the run's endpoints, topics and journal. */
  static IngestProcess forRun(LabSettings settings, Options options, IntSupplier connections) {
    Path run = settings.workDir().resolve("run");
    Path status = run.resolve(options.name() + ".status.json");
    Path token = run.resolve(options.name() + ".token");
    List<String> arguments = new ArrayList<>();
    add(arguments, "--name", options.name());
    add(arguments, "--url", options.url().toString());
    add(arguments, "--symbols", String.join(",", options.symbols()));
    add(arguments, "--bootstrap", options.bootstrap());
    add(arguments, "--topic", options.topic());
    add(arguments, "--dlq-topic", options.deadLetterTopic());
    add(arguments, "--linger-ms", "1");
    add(arguments, "--journal-dir", options.journal().dir().toString());
    add(arguments, "--journal-max-bytes", Long.toString(options.journal().maxBytes()));
    add(arguments, "--journal-segment-bytes", Long.toString(options.journal().segmentBytes()));
    add(arguments, "--journal-fsync-interval", Durations.format(options.journal().fsyncInterval()));
    add(arguments, "--future-skew", Durations.format(options.futureSkew()));
    add(arguments, "--progress", "5s");
    add(arguments, "--metrics-port", Integer.toString(settings.get(Settings.INGEST_METRICS_PORT)));
    add(arguments, "--status-file", status.toString());
    add(arguments, "--status-interval", Durations.format(STATUS_INTERVAL));
    add(arguments, "--stop-with-pid", Long.toString(ProcessHandle.current().pid()));
    if (options.receiptSession() != null) {
      add(arguments, "--receipt-session", options.receiptSession().toAbsolutePath().toString());
    }
    if (options.token() != null) {
      add(arguments, "--token-file", token.toString());
    }
    return new IngestProcess(
        settings,
        options.name(),
        labClasspath(settings.projectRoot()),
        MAIN_CLASS,
        arguments,
        status,
        options.token(),
        token,
        connections);
  }

  private static void add(List<String> arguments, String option, String value) {
    arguments.add(option);
    arguments.add(value);
  }

  /**
   * The classpath {@code ./lab} runs with (cli/target/classes and the build's
   * cli/target/classpath.txt): the ingest runs exactly as {@code lab ingest} does.
   */
  static List<Path> labClasspath(Path projectRoot) {
    Path cli = projectRoot.resolve("cli/target");
    Path file = cli.resolve("classpath.txt");
    if (!Files.isRegularFile(file)) {
      throw new EngineException(
          "the ingest runs on the lab's classpath, but "
              + file
              + " is missing (build: mvn install -DskipTests)");
    }
    List<Path> classpath = new ArrayList<>();
    classpath.add(cli.resolve("classes"));
    try {
      for (String entry : Files.readString(file).strip().split(java.io.File.pathSeparator)) {
        if (!entry.isEmpty()) {
          classpath.add(Path.of(entry));
        }
      }
    } catch (IOException e) {
      throw new EngineException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return classpath;
  }

  String name() {
    return name;
  }

  /** Where the ingest writes its status. */
  Path statusFile() {
    return statusFile;
  }

  /** The ingest's log (logs/NAME.log), and the end of it for messages. */
  String tailOfLog(int lines) {
    return application.tailOfLog(lines);
  }

  private Health readiness(long pid) {
    Optional<IngestStatus> status;
    try {
      status = IngestStatusFile.read(statusFile);
    } catch (IllegalStateException e) {
      return Health.down(e.getMessage());
    }
    if (status.isEmpty() || status.get().pid() != pid) {
      return Health.down("starting (no status from pid " + pid + " yet)");
    }
    IngestStatus seen = status.get();
    if (seen.state() == IngestStatus.State.RUNNING) {
      return Health.up(
          "ingest " + seen.ingestId() + " on journal " + seen.journalDir() + ", pid " + pid);
    }
    return Health.down(seen.state() + (seen.failure() == null ? "" : ": " + seen.failure()));
  }

  private void writeToken(String token) {
    if (token == null) {
      return;
    }
    try {
      Files.createDirectories(tokenFile.getParent());
      Files.deleteIfExists(tokenFile);
      Files.createFile(
          tokenFile,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(tokenFile, token, StandardCharsets.UTF_8);
    } catch (IOException | UnsupportedOperationException e) {
      throw new EngineException("cannot hand the token to the ingest (" + tokenFile + "): " + e);
    }
  }

  /**
   * Launches the first ingest, or another one after a kill or stop, on the same journal, and waits
   * until its status says it runs.
   *
   * @throws FaultException when an ingest of this run still runs (nothing to start)
   */
  synchronized FaultProof start() {
    Optional<ProcessHandle> running = application.findRunning();
    if (running.isPresent()) {
      throw new FaultException(
          "the ingest already runs as pid " + running.get().pid() + "; nothing to start",
          running.get().pid());
    }
    int connections = connectionsOpened.getAsInt();
    Instant at = Instant.now();
    long start = System.nanoTime();
    if (launches.isEmpty()) {
      application.start();
    } else {
      application.startAgain();
    }
    long pid = application.process().map(ProcessHandle::pid).orElse(-1L);
    IngestStatus first =
        IngestStatusFile.read(statusFile)
            .filter(status -> status.pid() == pid)
            .orElseThrow(() -> new EngineException(name + " is healthy without a status"));
    Launch launch = new Launch(launches.size() + 1, pid, connections + 1, first);
    launches.add(launch);
    asked = false;
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    long waiting = Math.max(0, first.journalOpenedLastSeq() - first.journalOpenedAckedSeq());
    return new FaultProof(
        pid,
        at,
        took,
        String.format(
            Locale.ROOT,
            "ingest %s started as pid %d on journal %s (ingest id %s, %d frame(s) journaled"
                + " before, %d not yet acknowledged); running after %.1f s",
            name,
            pid,
            first.journalDir(),
            first.ingestId(),
            first.journalOpenedLastSeq() + 1,
            waiting,
            took.toMillis() / 1000.0));
  }

  /**
   * SIGKILL of the ingest, proven: the pid is gone. What it wrote to its journal stays there for
   * the next start.
   */
  synchronized FaultProof kill() {
    Launch launch = current();
    refresh();
    boolean before = asked;
    asked = true;
    FaultProof proof;
    try {
      proof = ProcessKill.kill("ingest " + name, application.findRunning());
    } catch (FaultException e) {
      asked = before;
      throw e;
    }
    requireGone(proof.pid(), "SIGKILL");
    launch.end = IngestLaunch.End.KILLED;
    IngestMetrics.Snapshot last = launch.last.metrics();
    return new FaultProof(
        proof.pid(),
        proof.at(),
        proof.took(),
        proof.outcome()
            + exitCode()
            + "; its last status: received "
            + last.trades()
            + " trades, Kafka acked "
            + last.acked()
            + ", journal seq "
            + launch.last.journalLastSeq());
  }

  /**
   * SIGTERM of the ingest: it stops its client, lets the sender drain (at most 10 s) and writes its
   * last status; proven: the pid is gone and that status says it stopped.
   */
  synchronized FaultProof stop() {
    Launch launch = current();
    Optional<ProcessHandle> running = application.findRunning();
    if (running.isEmpty()) {
      throw new FaultException("hit nothing: no ingest " + name + " process is running");
    }
    long pid = running.get().pid();
    boolean before = asked;
    asked = true;
    Instant at = Instant.now();
    long start = System.nanoTime();
    java.util.concurrent.CompletableFuture<OptionalInt> exit = application.onExit();
    try {
      application.stopRunning();
    } catch (RuntimeException e) {
      asked = before;
      throw e;
    }
    requireGone(pid, "SIGTERM");
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    IngestStatus last = refresh();
    launch.end = IngestLaunch.End.STOPPED;
    if (last.pid() != pid || last.state() != IngestStatus.State.STOPPED) {
      throw new FaultException(
          "ingest "
              + name
              + " pid "
              + pid
              + " exited after SIGTERM without its final status (last: "
              + last.state()
              + " of pid "
              + last.pid()
              + ")",
          pid);
    }
    return new FaultProof(
        pid,
        at,
        took,
        String.format(
            Locale.ROOT,
            "SIGTERM to ingest %s pid %d; stopped cleanly after %d ms%s: received %d trades,"
                + " Kafka acked %d, %d frame(s) left in the journal",
            name,
            pid,
            took.toMillis(),
            codeOf(exit),
            last.metrics().trades(),
            last.metrics().acked(),
            last.metrics().journalDepth()));
  }

  /** SIGSTOP of the ingest, proven by the kernel's state T. */
  synchronized FaultProof pause() {
    current();
    FaultProof proof = ProcessPause.pause("ingest " + name, application.findRunning());
    pausedPid = proof.pid();
    return proof;
  }

  /** SIGCONT of the paused ingest, proven: it left state T. */
  synchronized FaultProof resume() {
    current();
    FaultProof proof = ProcessPause.resume("ingest " + name, application.findRunning());
    pausedPid = -1;
    return proof;
  }

  /** The running process, if any. */
  Optional<ProcessHandle> findRunning() {
    return application.findRunning();
  }

  private Launch current() {
    if (launches.isEmpty()) {
      throw new FaultException("hit nothing: the ingest " + name + " was never started");
    }
    return launches.get(launches.size() - 1);
  }

  private void requireGone(long pid, String signal) {
    Optional<ProcessHandle> still = application.findRunning();
    if (still.isPresent()) {
      throw new FaultException(
          "ingest "
              + name
              + " still runs as pid "
              + still.get().pid()
              + " after the "
              + signal
              + " to pid "
              + pid
              + ": the signal hit another process",
          still.get().pid());
    }
  }

  private String exitCode() {
    return codeOf(application.onExit());
  }

  private static String codeOf(java.util.concurrent.CompletableFuture<OptionalInt> exit) {
    try {
      OptionalInt code = exit.get(1, TimeUnit.SECONDS);
      return code.isPresent() ? " (exit code " + code.getAsInt() + ")" : "";
    } catch (Exception e) {
      return "";
    }
  }

  /** The latest status of the current launch, read again from its file when it is that pid's. */
  synchronized IngestStatus refresh() {
    Launch launch = current();
    try {
      IngestStatusFile.read(statusFile)
          .filter(status -> status.pid() == launch.pid)
          .ifPresent(status -> launch.last = status);
    } catch (IllegalStateException e) {
      // A status that cannot be read now keeps the last one read.
    }
    return launch.last;
  }

  /**
   * The port of the running launch's Prometheus {@code /metrics} on 127.0.0.1, from its status
   * file; empty when it serves none or no launch runs.
   */
  synchronized OptionalInt metricsPort() {
    if (launches.isEmpty()) {
      return OptionalInt.empty();
    }
    int port = refresh().metricsPort();
    return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
  }

  /**
   * The run's ingest figures: each launch's counters up to its latest status, summed; the journal's
   * figures (bytes, depth, acked seq) are the current launch's.
   */
  synchronized IngestMetrics.Snapshot metrics() {
    if (launches.isEmpty()) {
      return IngestStatus.noMetrics();
    }
    refresh();
    IngestMetrics.Snapshot total = null;
    for (Launch launch : launches) {
      total = total == null ? launch.last.metrics() : plus(total, launch.last.metrics());
    }
    return total;
  }

  /** {@code a} then {@code b}: counters added, histograms merged, the journal's figures of b. */
  static IngestMetrics.Snapshot plus(IngestMetrics.Snapshot a, IngestMetrics.Snapshot b) {
    java.util.Map<String, Long> letters = new java.util.TreeMap<>(a.deadLettersByReason());
    for (java.util.Map.Entry<String, Long> entry : b.deadLettersByReason().entrySet()) {
      letters.merge(entry.getKey(), entry.getValue(), Long::sum);
    }
    org.HdrHistogram.Histogram latency = a.sendLatencyMicros().copy();
    latency.add(b.sendLatencyMicros());
    return new IngestMetrics.Snapshot(
        a.frames() + b.frames(),
        a.trades() + b.trades(),
        a.priceUpdates() + b.priceUpdates(),
        a.pings() + b.pings(),
        a.serverErrors() + b.serverErrors(),
        a.reconnects() + b.reconnects(),
        a.acked() + b.acked(),
        a.sendFailures() + b.sendFailures(),
        java.util.Map.copyOf(letters),
        latency,
        a.sendRetries() + b.sendRetries(),
        b.journalBytes(),
        b.journalDepth(),
        b.ackedSeq(),
        a.lostJournalFullFrames() + b.lostJournalFullFrames(),
        a.lostJournalFullTrades() + b.lostJournalFullTrades(),
        a.lostJournalErrorFrames() + b.lostJournalErrorFrames());
  }

  /** The run's ingest launches so far, with what each journaled where it is known. */
  synchronized List<IngestLaunch> launches() {
    if (!launches.isEmpty()) {
      refresh();
    }
    List<IngestLaunch> result = new ArrayList<>();
    for (int i = 0; i < launches.size(); i++) {
      Launch launch = launches.get(i);
      long opened = launch.first.journalOpenedLastSeq();
      OptionalLong journaled = OptionalLong.empty();
      if (i + 1 < launches.size()) {
        journaled = OptionalLong.of(launches.get(i + 1).first.journalOpenedLastSeq() - opened);
      } else if (launch.end == IngestLaunch.End.STOPPED
          && launch.last.state() == IngestStatus.State.STOPPED) {
        journaled = OptionalLong.of(launch.last.journalLastSeq() - opened);
      }
      result.add(
          new IngestLaunch(
              launch.number,
              launch.pid,
              launch.firstConnection,
              opened,
              journaled,
              launch.end,
              launch.last.journaledByConnection()));
    }
    return List.copyOf(result);
  }

  /**
   * Why the run cannot go on, when the ingest is gone without a step asking: it exited on its own
   * (with the end of its log) or its status says it failed.
   */
  synchronized Optional<String> unaskedExit() {
    if (asked || launches.isEmpty()) {
      return Optional.empty();
    }
    Launch launch = current();
    if (launch.end != IngestLaunch.End.RUNNING
        || ProcessHandle.of(launch.pid).map(ProcessHandle::isAlive).orElse(false)) {
      return Optional.empty();
    }
    launch.end = IngestLaunch.End.EXITED;
    IngestStatus last = refresh();
    return Optional.of(
        "the ingest "
            + name
            + " (pid "
            + launch.pid
            + ") exited on its own"
            + exitCode()
            + (last.failure() == null ? "" : ": " + last.failure())
            + "; last lines of its log:\n"
            + application.tailOfLog(20));
  }

  /**
   * Stops the ingest cleanly if it runs (resumed first when paused: a stopped process cannot handle
   * SIGTERM); its final status stays readable. Safe to call twice.
   */
  @Override
  public synchronized void close() {
    asked = true;
    long paused = pausedPid;
    if (paused > 0 && ProcessPause.isStopped(paused)) {
      try {
        ProcessPause.resume("ingest " + name, ProcessHandle.of(paused));
      } catch (FaultException e) {
        // stopRunning below ends it with SIGKILL if it cannot stop
      }
    }
    pausedPid = -1;
    try {
      if (application.findRunning().isPresent()) {
        application.stopRunning();
        if (!launches.isEmpty()) {
          refresh();
          current().end = IngestLaunch.End.STOPPED;
        }
      }
    } finally {
      if (tokenFile != null) {
        try {
          Files.deleteIfExists(tokenFile);
        } catch (IOException e) {
          // lab reset removes it
        }
      }
    }
  }
}
