package io.marketlab.tests.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.marketlab.config.LabSettings;
import io.marketlab.config.Settings;
import io.marketlab.config.SharedInputs;
import io.marketlab.dashboard.CassandraMarketStore;
import io.marketlab.dashboard.DashboardConfig;
import io.marketlab.dashboard.DashboardServer;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.local.LocalPrometheus;
import io.marketlab.fixtures.metrics.PrometheusApi;
import io.marketlab.harness.Expectation;
import io.marketlab.harness.Feed;
import io.marketlab.harness.PipelineStack;
import io.marketlab.harness.RunNames;
import io.marketlab.layout.BucketSpan;
import io.marketlab.scenarios.pipeline.HarnessReference;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.reference.ReferenceTrade;
import io.marketlab.scenarios.synthetic.SyntheticSession;
import io.marketlab.testinfra.LabEngines;
import io.marketlab.tests.grafana.DashboardQueries.Dashboard;
import io.marketlab.tests.grafana.DashboardQueries.Query;
import io.marketlab.tests.grafana.DashboardQueries.Variable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every query of the Grafana bundle (deploy/grafana/dashboards) on the real engines: a replay of a
 * synthetic session with malformed frames (so that dead letters exist) runs through the whole
 * pipeline while the lab's Prometheus scrapes every part and the lab's dashboard serves requests;
 * then each PromQL query must give a series with a finite value at some instant of the replay, and
 * each CQL query, with its variables resolved as Grafana would (the symbol and day variables run on
 * Cassandra first), must run on the run's keyspace, read one partition, and return rows for every
 * symbol of the session. The failure lists every query that did not answer and why.
 *
 * <p>Needs the {@code prometheus} program (Debian package); under CI its absence fails.
 */
@LabEngines
class GrafanaQueriesIT {

  private static final Logger LOG = LoggerFactory.getLogger(GrafanaQueriesIT.class);

  /** 2 symbols, 120 s at 60 trades/s, malformed frames mixed in (the malformed-input gate's). */
  private static final SyntheticSession.Spec SESSION =
      new SyntheticSession.Spec(
          11,
          List.of("SYN:ALPHA", "SYN:BETA"),
          Instant.parse("2024-01-02T14:30:00Z"),
          120,
          60,
          false,
          true,
          120_000);

  /** Half speed of the session's clock: about a minute of replay, thirty scrapes at 2 s. */
  private static final double SPEED = 2;

  @TempDir Path dir;

  @Test
  void every_dashboard_query_should_answer_on_the_real_prometheus_and_cassandra(EngineSet engines)
      throws Exception {
    List<Dashboard> dashboards =
        DashboardQueries.readAll(
            engines.settings().projectRoot().resolve("deploy/grafana/dashboards"));
    LabSettings settings = engines.settings();
    LocalPrometheus prometheus = new LocalPrometheus(settings, false);
    if (prometheus.binary().isEmpty() && prometheus.findRunning().isEmpty()) {
      if (SharedInputs.required()) {
        throw new AssertionError(prometheus.missingMessage());
      }
      assumeTrue(false, prometheus.missingMessage());
    }
    // the lab's own Prometheus (adopted when lab up runs it): the run's processor registers there
    prometheus.start();
    try {
      Path session = dir.resolve("grafana-it.session.gz");
      SyntheticSession.write(SESSION, session);
      Reference reference =
          ReferenceCalculator.compute(
              session,
              new ReferenceCalculator.Options(
                  java.util.Set.of(),
                  Duration.ofSeconds(10),
                  settings.get(Settings.INGEST_FUTURE_SKEW)));
      Expectation expected = HarnessReference.expectation(reference);
      RunNames names = RunNames.unique("it-grafana", settings.workDir());
      List<String> problems = new ArrayList<>();

      Instant started = Instant.now();
      try (PipelineStack stack =
              PipelineStack.builder(engines, names, Feed.replay(session, SPEED))
                  .progress(line -> LOG.info("it-grafana: {}", line))
                  .start();
          CassandraMarketStore store =
              new CassandraMarketStore(stack.session(), names.keyspace(), List.of());
          DashboardServer dashboard =
              new DashboardServer(store, DashboardConfig.defaults().withPort(0))) {
        // scraped like the demo's dashboard
        dashboard.registerScrapeTarget(settings.workDir(), "dashboard-" + dashboard.port());
        ScheduledExecutorService traffic = dashboardTraffic(dashboard.url());
        try {
          stack.awaitReplayed(expected.trades());
        } finally {
          traffic.shutdownNow();
        }
        Instant replayed = Instant.now();
        problems.addAll(checkPromQl(settings, prometheus, dashboards, started, replayed));

        stack.awaitStored(expected);
        CqlCheck cql = new CqlCheck(stack.session(), names.keyspace());
        for (Dashboard each : dashboards) {
          problems.addAll(checkCql(cql, each, names.keyspace(), reference));
        }
      }
      assertThat(problems)
          .as(
              "dashboard queries that did not answer (run it-grafana, keyspace %s)",
              names.keyspace())
          .isEmpty();
    } finally {
      prometheus.stop();
    }
  }

  private static List<String> checkPromQl(
      LabSettings settings,
      LocalPrometheus prometheus,
      List<Dashboard> dashboards,
      Instant from,
      Instant to)
      throws java.io.IOException {
    Duration scrape = settings.get(Settings.PROMETHEUS_SCRAPE_INTERVAL);
    // Grafana's $__rate_interval is at least four scrape intervals
    GrafanaMacros macros = new GrafanaMacros(from, to, scrape.multipliedBy(4), Map.of());
    PromQlCheck check =
        new PromQlCheck(
            new PrometheusApi(prometheus.url()),
            MetricCatalogue.load(settings.projectRoot()),
            macros,
            scrape);
    List<String> problems = new ArrayList<>();
    for (Dashboard dashboard : dashboards) {
      List<Query> queries = dashboard.queries().stream().filter(Query::isPromQl).toList();
      for (PromQlCheck.Outcome outcome : check.run(queries)) {
        if (outcome.answered()) {
          LOG.info(
              "{}: {} series at {}: {}",
              outcome.query().describe(),
              outcome.series(),
              outcome.at(),
              outcome.expression());
        } else {
          problems.add(
              outcome.query().describe() + ": " + outcome.expression() + ": " + outcome.problem());
        }
      }
    }
    return problems;
  }

  /**
   * Each CQL query of {@code dashboard}, for every symbol of the session, over the range of the
   * symbol's trades on the day its newest trade was made.
   */
  private static List<String> checkCql(
      CqlCheck check, Dashboard dashboard, String keyspace, Reference reference) {
    List<String> problems = new ArrayList<>();
    if (dashboard.queries().stream().noneMatch(Query::isCql)) {
      return problems;
    }
    TreeSet<String> symbols = new TreeSet<>(reference.tradesPerSymbol().keySet());
    symbols:
    for (String symbol : symbols) {
      long newest = Long.MIN_VALUE;
      for (ReferenceTrade trade : reference.trades()) {
        if (trade.symbol().equals(symbol)) {
          newest = Math.max(newest, trade.timeMs());
        }
      }
      LocalDate day = BucketSpan.DAY.of(newest);
      long oldest = newest;
      for (ReferenceTrade trade : reference.trades()) {
        if (trade.symbol().equals(symbol) && BucketSpan.DAY.of(trade.timeMs()).equals(day)) {
          oldest = Math.min(oldest, trade.timeMs());
        }
      }
      GrafanaMacros macros =
          new GrafanaMacros(
              Instant.ofEpochMilli(oldest),
              Instant.ofEpochMilli(newest).plusSeconds(60),
              Duration.ofSeconds(8),
              Map.of());
      Map<String, String> expectedValues = Map.of("symbol", symbol, "day", day.toString());
      // variables in order, each one's query seeing the values above it, as Grafana resolves them
      for (Variable variable : dashboard.variables()) {
        String value = variable.name().equals("keyspace") ? keyspace : variable.defaultValue();
        if (variable.query() != null) {
          CqlCheck.Outcome outcome = check.run(variable.query(), macros);
          if (outcome.problem() != null) {
            problems.add(
                variable.query().describe()
                    + " ("
                    + symbol
                    + "): "
                    + outcome.cql()
                    + ": "
                    + outcome.problem());
            continue symbols;
          }
          if (variable.name().equals("symbol")) {
            if (!new TreeSet<>(outcome.firstColumn()).equals(symbols)) {
              problems.add(
                  "variable symbol offers "
                      + outcome.firstColumn()
                      + ", the session has "
                      + symbols);
            }
            value = symbol;
          } else {
            value = outcome.firstColumn().get(0);
          }
          String wanted = expectedValues.get(variable.name());
          if (wanted != null && !wanted.equals(value)) {
            problems.add(
                "variable "
                    + variable.name()
                    + " ("
                    + symbol
                    + ") is "
                    + value
                    + ", expected "
                    + wanted
                    + " (the reference)");
          }
        }
        macros = macros.with(variable.name(), value);
      }
      for (Query query : dashboard.panelQueries()) {
        if (!query.isCql()) {
          continue;
        }
        CqlCheck.Outcome outcome = check.run(query, macros);
        if (outcome.problem() == null) {
          LOG.info("{} ({}): {} rows: {}", query.describe(), symbol, outcome.rows(), outcome.cql());
        } else {
          problems.add(
              query.describe() + " (" + symbol + "): " + outcome.cql() + ": " + outcome.problem());
        }
      }
    }
    return problems;
  }

  /**
   * Requests to the lab's dashboard every second while the replay runs, so that its request metrics
   * have series: the health, the symbol list, and a bad request (HTTP 400).
   */
  private static ScheduledExecutorService dashboardTraffic(String url) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    List<String> paths = List.of("api/health", "api/symbols", "api/candles?symbol=");
    Map<String, Integer> last = new LinkedHashMap<>();
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "grafana-it-dashboard-traffic");
              thread.setDaemon(true);
              return thread;
            });
    executor.scheduleAtFixedRate(
        () -> {
          for (String path : paths) {
            try {
              HttpResponse<Void> response =
                  http.send(
                      HttpRequest.newBuilder(URI.create(url + path))
                          .timeout(Duration.ofSeconds(5))
                          .build(),
                      HttpResponse.BodyHandlers.discarding());
              if (!Integer.valueOf(response.statusCode())
                  .equals(last.put(path, response.statusCode()))) {
                LOG.info("dashboard {} answers HTTP {}", path, response.statusCode());
              }
            } catch (java.io.IOException e) {
              LOG.warn("dashboard {}: {}", path, e.toString());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        },
        0,
        1,
        TimeUnit.SECONDS);
    return executor;
  }
}
