package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketlab.config.SharedInputs;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.fixtures.metrics.PrometheusApi;
import io.marketlab.model.session.SessionReader;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.reference.ReferenceCandle;
import io.marketlab.scenarios.reference.ReferenceTrade;
import io.marketlab.scenarios.reference.Resolution;
import io.marketlab.testinfra.LabEngines;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's demo command: engines, processor, replay of the project's own session, ingest and
 * dashboard. Once every trade is stored, the dashboard it announces serves the page and, through
 * its API, the reference's symbols, newest trades and candles; then a stop (SIGTERM, as Ctrl-C)
 * shuts it down cleanly.
 */
@LabEngines
class DemoCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DASHBOARD =
      Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:[0-9]+)");
  private static final String ETH = "BINANCE:ETHUSDT";
  private static final Pattern PROMETHEUS =
      Pattern.compile("lab: Prometheus (http://127\\.0\\.0\\.1:[0-9]+) scrapes every part");

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void demo_should_replay_the_shipped_session_into_cassandra_and_serve_the_dashboard(
      EngineSet engines) throws Exception {
    Path root = engines.settings().projectRoot();
    Path session = root.resolve("replay-data/btc-eth-demo.session.gz");
    long trades = SessionReader.stats(session).trades();
    Reference reference =
        ReferenceCalculator.compute(session, ReferenceCalculator.Options.defaults());
    List<String> symbols;
    try (SessionReader reader = SessionReader.open(session)) {
      symbols = new ArrayList<>(reader.header().symbols());
    }
    symbols.sort(null);

    ProcessBuilder builder =
        new ProcessBuilder(root.resolve("lab").toString(), "demo", "--speed", "max", "--port", "0");
    builder.redirectErrorStream(true);
    builder.environment().put("FINNHUB_TOKEN", "");
    builder.environment().put("LAB_SKIP_BUILD", "1");
    Process demo = builder.start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = follow(demo, output);
    try {
      await()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> !demo.isAlive() || has(output, "the session is replayed and stored ("));
      assertThat(demo.isAlive()).as(String.join("\n", output)).isTrue();
      assertThat(String.join("\n", output))
          .contains("the session is replayed and stored (" + trades + " trades)");
      String url = dashboardUrl(output);
      assertEveryPartScraped(output);

      HttpResponse<String> page = get(url + "/");
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body())
          .contains("<title>Market Lab — live dashboard</title>")
          .contains("vendor/lightweight-charts.standalone.production.js")
          .contains("dashboard.js");
      assertThat(get(url + "/dashboard.js").statusCode()).isEqualTo(200);

      assertThat(json(url + "/api/health").get("status").asText()).isEqualTo("ok");

      List<String> served = new ArrayList<>();
      json(url + "/api/symbols").forEach(node -> served.add(node.asText()));
      assertThat(served).isEqualTo(symbols);

      assertNewestTrades(url, reference);
      // trade rows come from the real-time query, candles from the stateful one a batch later:
      // the page shows every candle once that batch is written
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(() -> assertMinuteCandles(url, reference));
    } finally {
      // SIGTERM through the handle: Process.destroy() would also close the demo's output, and its
      // shutdown lines would be lost
      demo.toHandle().destroy(); // the demo's shutdown hook stops what it started
      boolean exited = demo.waitFor(3, TimeUnit.MINUTES);
      if (!exited) {
        demo.destroyForcibly();
      }
      reader.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(exited).as("the demo stops on SIGTERM").isTrue();
    }
    assertThat(String.join("\n", output))
        .contains("lab: stopping the demo...")
        .contains("stopping processor");
  }

  /**
   * The check: during the demo the lab's Prometheus ({@code /api/v1/targets}) has every
   * part up: the engines' agents, the processor, the ingest and the dashboard. Without the {@code
   * prometheus} program the demo says so and runs on; under CI that fails here.
   */
  private static void assertEveryPartScraped(List<String> output) {
    Matcher prometheus = PROMETHEUS.matcher(String.join("\n", output));
    if (!prometheus.find()) {
      assertThat(SharedInputs.required())
          .as("the demo started no Prometheus:\n" + String.join("\n", output))
          .isFalse();
      return;
    }
    PrometheusApi api = new PrometheusApi(prometheus.group(1));
    List<String> parts = List.of("kafka", "cassandra", "processor", "ingest", "dashboard");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              java.util.Set<String> up = new java.util.TreeSet<>();
              for (PrometheusApi.Target target : api.targets()) {
                if (target.up()) {
                  up.add(target.job());
                }
              }
              assertThat(up).as(api.targetSummary()).containsAll(parts);
            });
  }

  /** /api/trades: the newest 10 ETH trades, newest first by (trade time, arrival). */
  private void assertNewestTrades(String url, Reference reference) throws Exception {
    List<ReferenceTrade> eth = new ArrayList<>();
    for (ReferenceTrade trade : reference.trades()) {
      if (trade.symbol().equals(ETH)) {
        eth.add(trade);
      }
    }
    eth.sort(
        Comparator.comparingLong(ReferenceTrade::timeMs)
            .thenComparingLong(ReferenceTrade::arrival)
            .reversed());
    JsonNode answer = json(url + "/api/trades?symbol=" + encode(ETH) + "&limit=10");
    assertThat(answer.get("symbol").asText()).isEqualTo(ETH);
    JsonNode served = answer.get("trades");
    assertThat(served).hasSize(10);
    for (int i = 0; i < 10; i++) {
      JsonNode trade = served.get(i);
      ReferenceTrade expected = eth.get(i);
      assertThat(trade.get("timeMs").asLong()).as("trade %d", i).isEqualTo(expected.timeMs());
      assertThat(trade.get("price").decimalValue())
          .as("trade %d", i)
          .isEqualByComparingTo(BigDecimal.valueOf(expected.price()));
      assertThat(trade.get("volume").decimalValue())
          .as("trade %d", i)
          .isEqualByComparingTo(BigDecimal.valueOf(expected.volume()));
      assertThat(trade.get("priceUpdate").asBoolean()).isEqualTo(expected.isPriceUpdate());
    }
  }

  /** /api/candles: every 1m ETH candle of the session, as the reference computes it. */
  private void assertMinuteCandles(String url, Reference reference) throws Exception {
    List<ReferenceCandle> expected = new ArrayList<>();
    for (ReferenceCandle candle : reference.candles()) {
      if (candle.symbol().equals(ETH) && candle.resolution() == Resolution.M1) {
        expected.add(candle);
      }
    }
    long from = expected.get(0).windowStartMs();
    long to = expected.get(expected.size() - 1).windowStartMs() + 60_000;
    JsonNode candles =
        json(url
                + "/api/candles?symbol="
                + encode(ETH)
                + "&resolution=1m&from="
                + from
                + "&to="
                + to)
            .get("candles");
    assertThat(candles).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode candle = candles.get(i);
      ReferenceCandle want = expected.get(i);
      assertThat(candle.get("time").asLong()).isEqualTo(want.windowStartMs() / 1000);
      assertThat(candle.get("open").decimalValue())
          .isEqualByComparingTo(BigDecimal.valueOf(want.open()));
      assertThat(candle.get("high").decimalValue())
          .isEqualByComparingTo(BigDecimal.valueOf(want.high()));
      assertThat(candle.get("low").decimalValue())
          .isEqualByComparingTo(BigDecimal.valueOf(want.low()));
      assertThat(candle.get("close").decimalValue())
          .isEqualByComparingTo(BigDecimal.valueOf(want.close()));
      assertThat(candle.get("volume").doubleValue()).isEqualTo(want.volume());
      assertThat(candle.get("vwap").doubleValue()).isEqualTo(want.vwap());
      assertThat(candle.get("tradeCount").asLong()).isEqualTo(want.tradeCount());
    }
  }

  private static Thread follow(Process process, List<String> output) {
    Thread thread =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  output.add(line);
                }
              } catch (IOException e) {
                output.add("(output stopped: " + e + ")");
              }
            },
            "demo-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static boolean has(List<String> output, String text) {
    for (String line : output) {
      if (line.contains(text)) {
        return true;
      }
    }
    return false;
  }

  private static String dashboardUrl(List<String> output) {
    for (String line : output) {
      Matcher matcher = DASHBOARD.matcher(line);
      if (matcher.find()) {
        return matcher.group(1);
      }
    }
    throw new AssertionError("the demo named no dashboard:\n" + String.join("\n", output));
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String url) throws Exception {
    HttpResponse<String> response = get(url);
    assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
