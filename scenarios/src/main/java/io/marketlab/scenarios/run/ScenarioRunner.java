package io.marketlab.scenarios.run;

import io.marketlab.config.Durations;
import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.harness.LatencyStats;
import io.marketlab.harness.StoredTrade;
import io.marketlab.scenarios.compare.AnalyticsChecks;
import io.marketlab.scenarios.compare.Comparisons;
import io.marketlab.scenarios.compare.DeadLetterChecks;
import io.marketlab.scenarios.compare.GapChecks;
import io.marketlab.scenarios.compare.InjectionChecks;
import io.marketlab.scenarios.compare.Lateness;
import io.marketlab.scenarios.compare.Placement;
import io.marketlab.scenarios.inject.Injection;
import io.marketlab.scenarios.pipeline.AlertWatch;
import io.marketlab.scenarios.pipeline.PipelineRun;
import io.marketlab.scenarios.reference.Originals;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceAnalytics;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.report.Check;
import io.marketlab.scenarios.report.FaultEvent;
import io.marketlab.scenarios.report.ScenarioResult;
import io.marketlab.scenarios.spec.Scenario;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs one scenario on an engine set: materialises its session, runs the real pipeline on it
 * ({@link PipelineRun}) once or {@code repeat} times, and turns what was stored into checks against
 * the independent reference. It never throws for a failed check; a run that cannot complete (an
 * engine down, a processor that does not start) is one failed check with the reason. Each fault
 * step is a check of its own (it acted and proved it), and the supervised processor restarts are
 * checked against {@code expect.maxProcessorRestarts}; both are in the result's fault timeline.
 */
public final class ScenarioRunner {

  private final EngineSet engines;
  private final SessionCache sessions;
  private final Consumer<String> progress;

  public ScenarioRunner(EngineSet engines, Consumer<String> progress) {
    this(engines, new SessionCache(engines.settings().workDir().resolve("sessions")), progress);
  }

  public ScenarioRunner(EngineSet engines, SessionCache sessions, Consumer<String> progress) {
    this.engines = engines;
    this.sessions = sessions;
    this.progress = progress;
  }

  public ScenarioResult run(Scenario scenario) {
    Instant started = Instant.now();
    String sessionText = scenario.session().describe();
    progress.accept(
        scenario.name()
            + ": "
            + sessionText
            + ", speed "
            + scenario.speedText()
            + ", "
            + scenario.repeat()
            + " run(s)");
    Path projectRoot = engines.settings().projectRoot().toAbsolutePath().normalize();
    for (Path input : scenario.session().inputs()) {
      if (!Files.isRegularFile(input)) {
        if (!input.startsWith(projectRoot)) {
          // Shared real data lives beside the project: a machine without it skips, it does not
          // fail.
          progress.accept(scenario.name() + ": SKIPPED, missing shared data " + input);
          return ScenarioResult.skipped(
              scenario.name(), scenario.description(), sessionText, "missing shared data " + input);
        }
        return failed(
            scenario,
            started,
            sessionText,
            "session",
            "a session file",
            "missing",
            "missing file " + input);
      }
    }
    Path session;
    try {
      session = sessions.materialize(scenario, progress);
    } catch (RuntimeException e) {
      return failed(
          scenario,
          started,
          sessionText,
          "session",
          "a session file",
          "no session",
          "cannot make the session: " + e.getMessage());
    }

    Injection.Plan plan = null;
    if (scenario.inject() != null) {
      try {
        Injected injected =
            inject(
                scenario,
                session,
                sessions.dir(),
                anomalyParams(engines.settings()),
                engines.settings().get(Settings.INGEST_FUTURE_SKEW),
                progress);
        session = injected.session();
        plan = injected.plan();
      } catch (RuntimeException e) {
        return failed(
            scenario,
            started,
            sessionText,
            "session",
            "anomalies injected",
            "none",
            "cannot inject the anomalies: " + e.getMessage());
      }
    }

    List<Check> checks = new ArrayList<>();
    Reference reference;
    try {
      reference =
          reference(scenario, session, checks, engines.settings().get(Settings.INGEST_FUTURE_SKEW));
    } catch (RuntimeException e) {
      return failed(
          scenario,
          started,
          sessionText,
          "reference",
          "a reference",
          "none",
          "cannot compute the reference: " + e.getMessage());
    }
    List<PipelineRun.Result> runs = new ArrayList<>();
    List<FaultEvent> timeline = new ArrayList<>();
    for (int run = 1; run <= scenario.repeat(); run++) {
      String prefix = scenario.repeat() > 1 ? "run " + run + ": " : "";
      String runLabel = scenario.repeat() > 1 ? "run " + run : "";
      PipelineRun.Options options =
          new PipelineRun.Options(
              scenario.name() + (run > 1 ? "-run" + run : ""),
              session,
              scenario.symbols(),
              scenario.speed(),
              scenario.watermark(),
              scenario.steps(),
              scenario.stallTimeout(),
              scenario.expect().alerts(),
              scenario.bursts());
      try {
        PipelineRun.Result result = PipelineRun.run(engines, options, reference, progress);
        runs.add(result);
        checks.addAll(
            checks(
                prefix,
                scenario
                    .expect()
                    .withLatencyTimes(engines.settings().get(Settings.SCENARIO_LATENCY_FACTOR)),
                result));
        if (plan != null) {
          checks.addAll(
              injectionChecks(prefix, plan, reference, anomalyParams(engines.settings()), result));
        }
        result.timeline().forEach(event -> timeline.add(event.inRun(runLabel)));
      } catch (RuntimeException e) {
        Throwable shown = e;
        if (e instanceof PipelineRun.RunFailed failed) {
          // the steps still say what they did before the run broke
          checks.addAll(stepChecks(prefix, failed.timeline()));
          failed.timeline().forEach(event -> timeline.add(event.inRun(runLabel)));
          shown = failed.getCause();
        }
        checks.add(
            Check.of(
                prefix + "pipeline run",
                false,
                "a complete run",
                "failed",
                shown.getClass().getSimpleName() + ": " + shown.getMessage()));
        break;
      }
    }
    for (int run = 2; run <= runs.size(); run++) {
      checks.add(
          Comparisons.identicalCandles(
              "candles of run " + run + " = candles of run 1 (determinism)",
              runs.get(0).candles(),
              runs.get(run - 1).candles()));
    }
    return finish(scenario, started, sessionText, checks, runs, timeline);
  }

  /** A run that could not start: one failed check, no runs, no timeline. */
  private ScenarioResult failed(
      Scenario scenario,
      Instant started,
      String sessionText,
      String check,
      String expected,
      String actual,
      String detail) {
    return finish(
        scenario,
        started,
        sessionText,
        List.of(Check.of(check, false, expected, actual, detail)),
        List.of(),
        List.of());
  }

  /** A session with anomalies injected, and the plan that says where. */
  public record Injected(Path session, Injection.Plan plan) {}

  /**
   * Injects the scenario's anomalies into its (untouched) session: planned on the untouched
   * session's reference, written beside the cache as {@code NAME.injected.session.gz}.
   */
  public static Injected inject(
      Scenario scenario,
      Path session,
      Path dir,
      ReferenceAnalytics.Params params,
      java.time.Duration futureSkew,
      Consumer<String> progress) {
    ReferenceCalculator.Options options =
        new ReferenceCalculator.Options(scenario.symbols(), scenario.watermark(), futureSkew);
    Reference untouched = ReferenceCalculator.compute(session, options);
    Injection.Plan plan =
        Injection.plan(untouched, Injection.priceScales(session), params, scenario.inject());
    Path output = dir.resolve(scenario.name() + ".injected.session.gz");
    long changed = Injection.write(session, output, plan);
    progress.accept(
        String.format(
            Locale.ROOT,
            "%s: injected %d anomalies (%s), %d trades changed, into %s",
            scenario.name(),
            plan.injected().size(),
            scenario.inject().describe(),
            changed,
            output));
    for (Injection.Injected one : plan.injected()) {
      progress.accept(scenario.name() + ":   " + one.describe());
    }
    for (String shortfall : plan.shortfalls()) {
      progress.accept(scenario.name() + ":   planned fewer: " + shortfall);
    }
    return new Injected(output, plan);
  }

  static List<Check> injectionChecks(
      String prefix,
      Injection.Plan plan,
      Reference reference,
      ReferenceAnalytics.Params params,
      PipelineRun.Result result) {
    if (result.anomalies() == null) {
      return List.of(
          Check.of(
              prefix + "injected anomalies flagged (recall)",
              false,
              "the stored anomalies",
              "not read",
              "the run read no anomalies table"));
    }
    InjectionChecks.Recall recall =
        InjectionChecks.recall(plan, reference, params, result.anomalies());
    List<Check> checks = new ArrayList<>();
    for (Check check : InjectionChecks.checks(recall, plan)) {
      checks.add(renamed(prefix, check));
    }
    return checks;
  }

  /**
   * What the scenario must store. For an import of public data it is computed from the original
   * files, by the reference's own parsers, not from the session the importer made of them (a trade
   * or symbol lost on import shows as a difference), and a pinned {@code expect.storedTrades} is
   * checked against the reference's own count; otherwise from the session file (a synthetic session
   * is its own original: the generator writes the frames, the reference reads them).
   */
  static Reference reference(Scenario scenario, Path session, List<Check> checks) {
    return reference(scenario, session, checks, ReferenceCalculator.Options.DEFAULT_FUTURE_SKEW);
  }

  /** As above, with the ingest's future skew in force (lab.ingest.futureSkew). */
  static Reference reference(
      Scenario scenario, Path session, List<Check> checks, java.time.Duration futureSkew) {
    ReferenceCalculator.Options options =
        new ReferenceCalculator.Options(scenario.symbols(), scenario.watermark(), futureSkew);
    // An injected session is its own original: the transform wrote what differs from the files.
    if (scenario.inject() != null
        || !(scenario.session() instanceof Scenario.ImportSession imported)) {
      return ReferenceCalculator.compute(session, options);
    }
    Originals originals =
        Originals.read(
            new Originals.Inputs(
                imported.format().cliName(),
                imported.files(),
                imported.symbols(),
                imported.from(),
                imported.to(),
                imported.zone()));
    Reference reference = ReferenceCalculator.compute(originals, options);
    if (!scenario.expect().storedTrades().isReference()) {
      checks.add(pinnedCount(scenario.expect().storedTrades().exactly(), originals, reference));
    }
    return reference;
  }

  /** The reference's own count of trades from the originals equals the count the scenario pins. */
  static Check pinnedCount(long pinned, Originals originals, Reference reference) {
    long counted = reference.trades().size();
    String dropped = originals.describeDropped();
    return Check.of(
        "reference trades from the originals = pinned count",
        counted == pinned,
        pinned,
        counted,
        counted == pinned
            ? ""
            : String.format(
                Locale.ROOT,
                "reference read %,d trades from the originals (%s%s); the scenario pins %,d"
                    + " (expect.storedTrades)",
                counted,
                originals.describeFiles(),
                dropped.isEmpty() ? "" : "; left out: " + dropped,
                pinned));
  }

  private ScenarioResult finish(
      Scenario scenario,
      Instant started,
      String sessionText,
      List<Check> checks,
      List<PipelineRun.Result> runs,
      List<FaultEvent> timeline) {
    Map<String, String> figures = new LinkedHashMap<>();
    int total = 0;
    for (PipelineRun.Result result : runs) {
      total += result.latencyMillis().length;
    }
    long[] latencies = new long[total];
    List<long[]> candleLatencies = new ArrayList<>();
    int next = 0;
    for (int run = 1; run <= runs.size(); run++) {
      PipelineRun.Result result = runs.get(run - 1);
      String prefix = runs.size() > 1 ? "run " + run + " " : "";
      figures(figures, prefix, result);
      for (SegmentRates.Segment segment :
          SegmentRates.of(
              new io.marketlab.ingest.SpeedProfile(scenario.speed(), scenario.bursts()),
              result.trades())) {
        figures.put(prefix + "segment " + segment.name(), segment.rates());
      }
      System.arraycopy(result.latencyMillis(), 0, latencies, next, result.latencyMillis().length);
      next += result.latencyMillis().length;
      candleLatencies.add(result.candleLatencyMillis());
    }
    ScenarioResult result =
        new ScenarioResult(
            scenario.name(),
            scenario.description(),
            sessionText,
            started,
            Duration.between(started, Instant.now()),
            List.copyOf(checks),
            latencies,
            figures,
            null,
            timeline,
            concat(candleLatencies));
    for (FaultEvent event : result.timeline()) {
      progress.accept(scenario.name() + ": timeline " + event.line());
    }
    progress.accept(
        String.format(
            Locale.ROOT,
            "%s: %s in %.1f s (%d checks, %d failed)",
            scenario.name(),
            result.status(),
            result.took().toMillis() / 1000.0,
            checks.size(),
            result.failures().size()));
    return result;
  }

  /**
   * The checks of one run: its fault steps, trades (values, late flags), candles (values, final
   * flags), where every row was found, dead letters (the ingest's count, the dead-letter topic's
   * records), late trades (count, content), latency, supervised processor restarts.
   */
  static List<Check> checks(
      String prefix, Scenario.Expectations expect, PipelineRun.Result result) {
    Reference reference = result.reference();
    List<Check> checks = new ArrayList<>(stepChecks(prefix, result.timeline()));
    checks.add(renamed(prefix, Comparisons.trades(reference.trades(), result.trades())));
    boolean dropped = false;
    for (io.marketlab.scenarios.report.FaultEvent event : result.timeline()) {
      dropped |= ARRIVAL_STEPS.contains(event.step());
    }
    // With drops, or the ingest killed or stopped, the pin counts the session's trades (checked
    // against the originals); what must be stored is what arrived, compared one by one above.
    if (!expect.storedTrades().isReference() && !dropped) {
      checks.add(
          Check.equal(
              prefix + "stored trade count",
              expect.storedTrades().exactly(),
              (long) result.trades().size()));
    }
    checks.add(renamed(prefix, Lateness.tradeFlags(reference, result.trades())));
    for (Check candles :
        Comparisons.candles(reference.candles(), result.candles(), expect.candles())) {
      checks.add(renamed(prefix, candles));
    }
    if (!expect.candles().isEmpty()) {
      checks.add(renamed(prefix, Lateness.finality(reference, result.candles(), expect.candles())));
    }
    checks.add(
        renamed(
            prefix, Placement.check(result.trades(), result.candles(), result.lateTradeRows())));
    long deadLetters = expect.deadLetters().resolve(reference.deadLetters());
    checks.add(
        count(
            prefix + "ingest dead letters",
            deadLetters,
            result.ingestDeadLetters(),
            expect.deadLetters().isReference()
                ? String.format(
                    Locale.ROOT,
                    " (reference: %d malformed frames, %d unknown frames, %d frames with %d"
                        + " rejected trades; one dead letter per frame)",
                    reference.malformedFrames(),
                    reference.unknownFrames(),
                    reference.rejectedFrames(),
                    reference.rejectedTrades())
                : ""));
    checks.add(
        renamed(
            prefix,
            expect.deadLetters().isReference()
                ? DeadLetterChecks.matches(
                    reference.expectedDeadLetters(), result.deadLetterRecords())
                : DeadLetterChecks.count(deadLetters, result.deadLetterRecords())));
    checks.add(
        count(
            prefix + "processor dead letters",
            expect.processorDeadLetters().resolve(0),
            result.processorDeadLetters(),
            ""));
    checks.add(
        count(
            prefix + "late trades kept in late_trades",
            expect.lateTrades().resolve(reference.lateTrades()),
            result.lateTrades(),
            ""));
    if (expect.lateTrades().isReference()) {
      checks.add(
          renamed(prefix, Lateness.lateTrades(reference, result.lateTradeRows(), result.trades())));
    }
    LatencyStats latency = LatencyStats.of(result.latencyMillis());
    Scenario.LatencyBounds bounds = expect.latency();
    latency(checks, prefix + "latency p50", bounds.p50(), latency.p50());
    latency(checks, prefix + "latency p95", bounds.p95(), latency.p95());
    latency(checks, prefix + "latency p99", bounds.p99(), latency.p99());
    latency(checks, prefix + "latency max", bounds.max(), latency.max());
    checks.add(restarts(prefix, expect.maxProcessorRestarts(), result));
    checks.add(renamed(prefix, GapChecks.gaps(reference.gaps(), result.gaps())));
    checks.add(renamed(prefix, GapChecks.incomplete(reference, result.marks())));
    if (result.hourly() != null && !expect.candles().isEmpty()) {
      ReferenceAnalytics.Result analytics =
          ReferenceAnalytics.compute(reference, anomalyParams(LabSettings.loadAnywhere()));
      checks.add(renamed(prefix, AnalyticsChecks.hourly(analytics.hours(), result.hourly())));
      checks.add(
          renamed(prefix, AnalyticsChecks.anomalies(analytics.anomalies(), result.anomalies())));
    }
    checks.addAll(alertChecks(prefix, expect.alerts(), result));
    return checks;
  }

  /**
   * The anomalies the reference raises on a scenario's whole session (no faults, no engines), per
   * symbol-hour: what {@code lab scenario analytics} prints.
   */
  public static String analyticsSummary(
      Scenario scenario,
      SessionCache sessions,
      ReferenceAnalytics.Params params,
      boolean list,
      java.util.function.Consumer<String> progress) {
    for (Path input : scenario.session().inputs()) {
      if (!Files.isRegularFile(input)) {
        return scenario.name() + ": skipped, missing " + input;
      }
    }
    Path session = sessions.materialize(scenario, progress);
    Injection.Plan plan = null;
    if (scenario.inject() != null) {
      Injected injected =
          inject(
              scenario,
              session,
              sessions.dir(),
              params,
              ReferenceCalculator.Options.DEFAULT_FUTURE_SKEW,
              progress);
      session = injected.session();
      plan = injected.plan();
    }
    Reference reference = reference(scenario, session, new ArrayList<>());
    ReferenceAnalytics.Result analytics = ReferenceAnalytics.compute(reference, params);
    java.util.Map<String, int[]> perHour = new java.util.TreeMap<>();
    for (ReferenceAnalytics.Hour hour : analytics.hours()) {
      perHour.put(hour.symbol() + " " + Instant.ofEpochMilli(hour.hourStartMs()), new int[3]);
    }
    for (ReferenceAnalytics.Anomaly a : analytics.anomalies()) {
      int[] counts =
          perHour.computeIfAbsent(
              a.symbol() + " " + Instant.ofEpochMilli(a.tsMs() / 3_600_000L * 3_600_000L),
              k -> new int[3]);
      counts[a.kind().equals(ReferenceAnalytics.PRICE_JUMP) ? 0 : 1]++;
    }
    StringBuilder text = new StringBuilder();
    int most = 0;
    for (int[] counts : perHour.values()) {
      most = Math.max(most, counts[0] + counts[1]);
    }
    text.append(
        String.format(
            Locale.ROOT,
            "%s: %d anomalies in %d symbol-hours (at most %d in one)%n",
            scenario.name(),
            analytics.anomalies().size(),
            perHour.size(),
            most));
    for (java.util.Map.Entry<String, int[]> hour : perHour.entrySet()) {
      text.append(
          String.format(
              Locale.ROOT,
              "  %-40s %3d price jumps, %3d volume spikes%n",
              hour.getKey(),
              hour.getValue()[0],
              hour.getValue()[1]));
    }
    if (plan != null) {
      InjectionChecks.Recall recall =
          InjectionChecks.recall(
              plan, reference, params, InjectionChecks.asStored(analytics.anomalies()));
      text.append("  injected: ").append(recall.describe()).append(System.lineSeparator());
      for (String missed : recall.missed()) {
        text.append("  missed: ").append(missed).append(System.lineSeparator());
      }
    }
    if (list) {
      for (ReferenceAnalytics.Anomaly a : analytics.anomalies()) {
        text.append(
            String.format(
                Locale.ROOT,
                "  %s %s %-12s score %8.2f value %.6g baseline %.6g close %s volume %s%n",
                a.symbol(),
                Instant.ofEpochMilli(a.tsMs()),
                a.kind(),
                a.score(),
                a.value(),
                a.baseline(),
                a.close(),
                a.volume()));
      }
    }
    return text.toString().stripTrailing();
  }

  /** The anomaly settings in force (the processor reads the same ones). */
  public static ReferenceAnalytics.Params anomalyParams(LabSettings settings) {
    return new ReferenceAnalytics.Params(
        settings.get(Settings.ANOMALY_HALFLIFE),
        settings.get(Settings.ANOMALY_WARMUP),
        settings.get(Settings.ANOMALY_JUMP_THRESHOLD),
        settings.get(Settings.ANOMALY_JUMP_FLOOR),
        settings.get(Settings.ANOMALY_VOLUME_THRESHOLD),
        settings.get(Settings.ANOMALY_VOLUME_FLOOR),
        (int) settings.get(Settings.ANOMALY_COOLDOWN).toSeconds());
  }

  /** Each expected alert fired for this run in the real Prometheus and resolved again. */
  static List<Check> alertChecks(String prefix, List<String> expected, PipelineRun.Result result) {
    List<Check> checks = new ArrayList<>();
    for (String alert : expected) {
      AlertWatch.Seen seen =
          result.alerts().stream().filter(s -> s.alert().equals(alert)).findFirst().orElse(null);
      boolean passed = seen != null && seen.firedAndResolved();
      String actual =
          seen == null || seen.fired() == null
              ? "never fired"
                  + (seen == null || seen.labels().isEmpty() ? "" : " (" + seen.labels() + ")")
              : "fired at "
                  + seen.fired()
                  + " "
                  + seen.labels()
                  + (seen.resolved() == null
                      ? ", not resolved by the end of the run"
                      : ", resolved at " + seen.resolved());
      checks.add(
          Check.of(
              prefix + "alert " + alert + " fired and resolved",
              passed,
              "fires in Prometheus for this run, then resolves",
              actual,
              passed ? "" : actual));
    }
    return checks;
  }

  /**
   * One check per fault step that ran: it passed when the step acted and proved it (a kill: the pid
   * is gone; a start: healthy). Steps not run are in the timeline, not checks: the failed step
   * before them is the one line to read.
   */
  static List<Check> stepChecks(String prefix, List<FaultEvent> timeline) {
    List<Check> checks = new ArrayList<>();
    for (FaultEvent event : timeline) {
      if (!event.isStep() || event.verdict() == FaultEvent.Verdict.NOT_RUN) {
        continue;
      }
      boolean passed = event.verdict() == FaultEvent.Verdict.OK;
      checks.add(
          Check.of(
              prefix + "step " + event.title(),
              passed,
              expectedOf(event.step()),
              event.outcome(),
              passed ? "" : event.outcome()));
    }
    return checks;
  }

  /** What a step proves when it passes, by its kind. */
  static String expectedOf(String step) {
    if (step.startsWith("kill-")) {
      return "a process hit, its pid gone";
    }
    if (step.startsWith("start-")) {
      return "a new process, healthy";
    }
    if (step.startsWith("pause-")) {
      return "a process hit, stopped (state T)";
    }
    if (step.startsWith("resume-")) {
      return "the paused process, running again";
    }
    return "killed (pid gone), then started (healthy)";
  }

  private static Check restarts(String prefix, int allowed, PipelineRun.Result result) {
    int restarts = result.processorRestarts();
    boolean passed = restarts <= allowed;
    String detail = "";
    if (!passed) {
      FaultEvent first =
          result.timeline().stream().filter(event -> !event.isStep()).findFirst().orElse(null);
      detail =
          "the processor exited on its own and the harness restarted it "
              + restarts
              + " time(s), more than the "
              + allowed
              + " allowed"
              + (first == null ? "" : "; first at " + first.atText() + ": " + first.outcome());
    }
    return Check.of(
        prefix + "supervised processor restarts ≤ " + allowed,
        passed,
        "≤ " + allowed,
        restarts,
        detail);
  }

  private static Check renamed(String prefix, Check check) {
    return prefix.isEmpty()
        ? check
        : new Check(
            prefix + check.name(),
            check.passed(),
            check.expected(),
            check.actual(),
            check.detail());
  }

  private static Check count(String name, long expected, long actual, String why) {
    boolean passed = expected == actual;
    return Check.of(
        name,
        passed,
        expected,
        actual,
        passed ? "" : "expected " + expected + why + ", got " + actual);
  }

  private static void latency(List<Check> checks, String name, Duration bound, long actualMillis) {
    if (bound == null) {
      return;
    }
    boolean passed = actualMillis <= bound.toMillis();
    checks.add(
        Check.of(
            name + " ≤ " + Durations.format(bound),
            passed,
            "≤ " + bound.toMillis() + " ms",
            actualMillis + " ms",
            passed ? "" : actualMillis + " ms is above the bound of " + bound.toMillis() + " ms"));
  }

  /** Steps after which a run is judged on the frames that arrived ({@link PipelineRun}). */
  private static final java.util.Set<String> ARRIVAL_STEPS =
      java.util.Set.of(
          PipelineRun.Action.DROP.label(),
          PipelineRun.Action.KILL_INGEST.label(),
          PipelineRun.Action.STOP_INGEST.label());

  private static void figures(
      Map<String, String> figures, String prefix, PipelineRun.Result result) {
    double replaySeconds = result.replayTook().toMillis() / 1000.0;
    LatencyStats latency = LatencyStats.of(result.latencyMillis());
    figures.put(
        prefix + "session trades (reference)",
        Integer.toString(result.reference().trades().size()));
    figures.put(prefix + "trades stored", Integer.toString(result.trades().size()));
    if (result.ingest() != null) {
      figures.put(
          prefix + "trades acknowledged (ingest, summed over its processes)",
          Long.toString(result.ingest().acked()));
    }
    io.marketlab.scenarios.compare.Comparisons.Balance balance =
        io.marketlab.scenarios.compare.Comparisons.balance(
            result.reference().trades(), result.trades());
    figures.put(prefix + "trades lost", Long.toString(balance.lost()));
    figures.put(prefix + "trades doubled", Long.toString(balance.doubled()));
    figures.put(prefix + "gap records", Integer.toString(result.gaps().size()));
    figures.put(prefix + "candles stored", Integer.toString(result.candles().size()));
    figures.put(prefix + "replay time", String.format(Locale.ROOT, "%.1f s", replaySeconds));
    figures.put(
        prefix + "replay rate",
        String.format(
            Locale.ROOT,
            "%.0f trades/s",
            result.reference().trades().size() / Math.max(0.001, replaySeconds)));
    figures.put(
        prefix + "run time (processor start → candles read back)",
        String.format(Locale.ROOT, "%.1f s", result.took().toMillis() / 1000.0));
    long firstReceived = Long.MAX_VALUE;
    long lastStored = Long.MIN_VALUE;
    for (StoredTrade trade : result.trades()) {
      firstReceived = Math.min(firstReceived, trade.receivedAtMicros());
      lastStored = Math.max(lastStored, trade.storedAtMicros());
    }
    if (!result.trades().isEmpty()) {
      double seconds = Math.max(0.001, (lastStored - firstReceived) / 1e6);
      figures.put(
          prefix + "pipeline time (first trade received → last stored)",
          String.format(Locale.ROOT, "%.1f s", seconds));
      figures.put(
          prefix + "pipeline rate",
          String.format(Locale.ROOT, "%.0f trades/s", result.trades().size() / seconds));
    }
    figures.put(
        prefix + "latency p50 / p95 / p99 / max",
        String.format(
            Locale.ROOT,
            "%d / %d / %d / %d ms",
            latency.p50(),
            latency.p95(),
            latency.p99(),
            latency.max()));
    LatencyStats candleLatency = LatencyStats.of(result.candleLatencyMillis());
    figures.put(
        prefix + "candle latency p50 / p99 / max (updated_at − receipt of its latest trade)",
        String.format(
            Locale.ROOT,
            "%d / %d / %d ms over %d candles",
            candleLatency.p50(),
            candleLatency.p99(),
            candleLatency.max(),
            candleLatency.count()));
    figures.put(prefix + "ingest dead letters", Long.toString(result.ingestDeadLetters()));
    figures.put(
        prefix + "dead-letter topic records", Integer.toString(result.deadLetterRecords().size()));
    figures.put(
        prefix + "processor restarts (supervised)", Integer.toString(result.processorRestarts()));
    figures.put(prefix + "late trades", Long.toString(result.lateTrades()));
    figures.put(prefix + "keyspace / topic", result.keyspace() + " / " + result.topic());
  }

  private static long[] concat(List<long[]> parts) {
    int total = 0;
    for (long[] part : parts) {
      total += part.length;
    }
    long[] all = new long[total];
    int next = 0;
    for (long[] part : parts) {
      System.arraycopy(part, 0, all, next, part.length);
      next += part.length;
    }
    return all;
  }
}
