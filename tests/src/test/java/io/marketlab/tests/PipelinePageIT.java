package io.marketlab.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketlab.dashboard.CassandraMarketStore;
import io.marketlab.dashboard.DashboardConfig;
import io.marketlab.dashboard.DashboardServer;
import io.marketlab.dashboard.PipelineConfig;
import io.marketlab.fixtures.EngineSet;
import io.marketlab.harness.Feed;
import io.marketlab.harness.PipelineStack;
import io.marketlab.harness.RunNames;
import io.marketlab.scenarios.pipeline.HarnessReference;
import io.marketlab.scenarios.reference.Reference;
import io.marketlab.scenarios.reference.ReferenceCalculator;
import io.marketlab.scenarios.reference.ReferenceCandle;
import io.marketlab.scenarios.reference.ReferenceGap;
import io.marketlab.scenarios.reference.ReferenceTrade;
import io.marketlab.testinfra.LabEngines;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline page's API and the gaps on the market page over a real run (a harness stack on the
 * lab's engines, the dashboard sharing its store session as in lab demo), every figure checked
 * against the independent reference of the session: topic offsets and lag, decoded messages and
 * their paging, dead letters, the gaps and the incomplete candles, each engine up, and 404 for a
 * topic that does not exist.
 */
@LabEngines
class PipelinePageIT {

  private static final Logger LOG = LoggerFactory.getLogger(PipelinePageIT.class);
  private static final String ETH = "BINANCE:ETHUSDT";

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void the_pipeline_page_should_show_what_the_run_wrote(EngineSet engines) throws Exception {
    Path session = engines.settings().projectRoot().resolve("replay-data/btc-eth-demo.session.gz");
    Reference reference =
        ReferenceCalculator.compute(session, ReferenceCalculator.Options.defaults());
    RunNames names = RunNames.unique("it-pipeline-page", engines.settings().workDir());

    try (PipelineStack stack =
            PipelineStack.builder(engines, names, Feed.replay(session, Double.POSITIVE_INFINITY))
                .progress(line -> LOG.info("it-pipeline-page: {}", line))
                .start();
        CassandraMarketStore store =
            new CassandraMarketStore(stack.session(), names.keyspace(), List.of());
        DashboardServer server =
            new DashboardServer(
                store,
                DashboardConfig.defaults().withPort(0),
                PipelineConfig.forRun(
                    engines.kafka().getBootstrapServers(), names.topic(), names.checkpoint()))) {
      stack.finishReplay(HarnessReference.expectation(reference));
      String base = "http://127.0.0.1:" + server.port();

      // Topics: one record per trade, one letter per bad frame, one gap per symbol's start; the
      // processor has committed everything (finishReplay waited on exactly that).
      JsonNode topics = ok(base + "/api/pipeline/topics").get("topics");
      JsonNode trades = topics.get(0);
      JsonNode letters = topics.get(1);
      JsonNode gapTopic = topics.get(2);
      int partitions = engines.settings().get(io.marketlab.config.Settings.KAFKA_PARTITIONS);
      assertThat(trades.get("name").asText()).isEqualTo(names.topic());
      assertThat(trades.get("partitions").asInt()).isEqualTo(partitions);
      assertThat(trades.get("startOffset").asLong()).isZero();
      assertThat(trades.get("endOffset").asLong()).isEqualTo(reference.trades().size());
      assertThat(trades.get("lag").asLong()).isZero();
      assertThat(letters.get("name").asText()).isEqualTo(names.deadLetterTopic());
      assertThat(letters.get("messages").asLong()).isEqualTo(reference.deadLetters());
      assertThat(letters.get("lag").isNull()).isTrue();
      assertThat(gapTopic.get("name").asText()).isEqualTo(names.gapTopic());
      assertThat(gapTopic.get("messages").asLong()).isEqualTo(reference.gaps().size());
      assertThat(gapTopic.get("lag").asLong()).isZero();

      // Messages: the newest page of partition 0 is its last offsets, newest first, each a trade
      // of the session; the next page goes on below it.
      JsonNode offsets0 = trades.get("partitionOffsets").get(0);
      long end0 = offsets0.get("endOffset").asLong();
      JsonNode page =
          ok(base + "/api/pipeline/messages?topic=" + names.topic() + "&partition=0&limit=5");
      JsonNode older =
          ok(
              base
                  + "/api/pipeline/messages?topic="
                  + names.topic()
                  + "&partition=0&limit=5&offset="
                  + page.get("next").get("offset").asLong());
      Set<String> sessionTrades = new HashSet<>();
      for (ReferenceTrade trade : reference.trades()) {
        sessionTrades.add(
            trade.symbol() + " " + trade.price() + " " + trade.volume() + " " + trade.timeMs());
      }
      List<Long> seen = new ArrayList<>();
      for (JsonNode message : concat(page.get("messages"), older.get("messages"))) {
        JsonNode value = message.get("value");
        seen.add(message.get("offset").asLong());
        assertThat(message.get("key").asText()).isEqualTo(value.get("symbol").asText());
        assertThat(sessionTrades)
            .contains(
                value.get("symbol").asText()
                    + " "
                    + value.get("price").asDouble()
                    + " "
                    + value.get("volume").asDouble()
                    + " "
                    + value.get("trade_ts_ms").asLong());
        assertThat(value.get("trade_time").asText())
            .isEqualTo(Instant.ofEpochMilli(value.get("trade_ts_ms").asLong()).toString());
      }
      List<Long> expectedOffsets = new ArrayList<>();
      for (long offset = end0 - 1; offset >= end0 - 10; offset--) {
        expectedOffsets.add(offset);
      }
      assertThat(seen).containsExactlyElementsOf(expectedOffsets);

      // The gaps topic decodes to the reference's gaps.
      JsonNode gapMessages =
          ok(base + "/api/pipeline/messages?topic=" + names.gapTopic() + "&limit=100")
              .get("messages");
      Set<String> decodedGaps = new TreeSet<>();
      for (JsonNode message : gapMessages) {
        JsonNode value = message.get("value");
        decodedGaps.add(
            value.get("symbol").asText()
                + " "
                + value.get("reason").asText().replaceFirst(":.*", "")
                + " "
                + text(value.get("from_trade_ts_ms"))
                + " "
                + text(value.get("to_trade_ts_ms")));
      }
      Set<String> referenceGaps = new TreeSet<>();
      for (ReferenceGap gap : reference.gaps()) {
        referenceGaps.add(
            gap.symbol() + " " + gap.category() + " " + gap.fromMs() + " " + gap.toMs());
      }
      assertThat(decodedGaps).isEqualTo(referenceGaps);

      // Dead letters: as many as the reference expects (at most a page), each with its reason.
      JsonNode deadLetters = ok(base + "/api/pipeline/dead-letters?limit=100").get("messages");
      assertThat(deadLetters).hasSize((int) Math.min(100, reference.deadLetters()));
      for (JsonNode letter : deadLetters) {
        assertThat(letter.get("category").asText()).isIn("malformed", "unknown-type", "rejected");
      }

      // /api/gaps of a symbol: the reference's gaps of it, and the candles they touch marked.
      JsonNode gaps =
          ok(base + "/api/gaps?symbol=" + URLEncoder.encode(ETH, StandardCharsets.UTF_8))
              .get("gaps");
      Set<String> served = new TreeSet<>();
      for (JsonNode gap : gaps) {
        served.add(
            gap.get("category").asText()
                + " "
                + millis(gap.get("from"))
                + " "
                + millis(gap.get("to")));
      }
      Set<String> wanted = new TreeSet<>();
      for (ReferenceGap gap : reference.gaps()) {
        if (gap.symbol().equals(ETH)) {
          wanted.add(gap.category() + " " + gap.fromMs() + " " + gap.toMs());
        }
      }
      assertThat(served).isNotEmpty().isEqualTo(wanted);

      Set<Long> incompleteWanted = new TreeSet<>();
      List<ReferenceCandle> minuteCandles = new ArrayList<>();
      for (ReferenceCandle candle : reference.candles()) {
        if (candle.symbol().equals(ETH)
            && candle.resolution() == io.marketlab.scenarios.reference.Resolution.M1) {
          minuteCandles.add(candle);
          if (reference.incompleteCandles().contains(candle.key())) {
            incompleteWanted.add(candle.windowStartMs());
          }
        }
      }
      long from = minuteCandles.get(0).windowStartMs();
      long to = minuteCandles.get(minuteCandles.size() - 1).windowStartMs() + 60_000;
      JsonNode candles =
          ok(base
                  + "/api/candles?symbol="
                  + URLEncoder.encode(ETH, StandardCharsets.UTF_8)
                  + "&resolution=1m&from="
                  + from
                  + "&to="
                  + to)
              .get("candles");
      Set<Long> incompleteServed = new TreeSet<>();
      for (JsonNode candle : candles) {
        assertThat(candle.get("tradeCount").asLong()).isPositive();
        if (candle.get("incomplete").asBoolean()) {
          incompleteServed.add(Instant.parse(candle.get("windowStart").asText()).toEpochMilli());
        }
      }
      assertThat(candles).hasSize(minuteCandles.size());
      assertThat(incompleteServed).isNotEmpty().isEqualTo(incompleteWanted);

      // Summary: every engine up while the run's processor runs; latency over stored trades.
      JsonNode summary = ok(base + "/api/pipeline/summary");
      for (JsonNode engine : summary.get("engines")) {
        assertThat(engine.get("state").asText())
            .as(engine.get("name").asText() + ": " + engine.get("detail").asText())
            .isEqualTo("up");
      }
      assertThat(summary.get("latency").get("sampleCount").asInt()).isPositive();

      // A topic that does not exist: 404 naming it.
      HttpResponse<String> unknown = get(base + "/api/pipeline/topics?topic=no.such.topic");
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(json.readTree(unknown.body()).get("error").asText())
          .isEqualTo("topic 'no.such.topic' does not exist in Kafka");
      assertThat(get(base + "/api/pipeline/messages?topic=no.such.topic").statusCode())
          .isEqualTo(404);
    }
  }

  private static List<JsonNode> concat(JsonNode first, JsonNode second) {
    List<JsonNode> all = new ArrayList<>();
    first.forEach(all::add);
    second.forEach(all::add);
    return all;
  }

  private static String text(JsonNode value) {
    return value == null || value.isNull() ? "null" : value.asText();
  }

  private static String millis(JsonNode iso) {
    return iso == null || iso.isNull()
        ? "null"
        : Long.toString(Instant.parse(iso.asText()).toEpochMilli());
  }

  private JsonNode ok(String url) throws Exception {
    HttpResponse<String> answer = get(url);
    assertThat(answer.statusCode()).as(url + " -> " + answer.body()).isEqualTo(200);
    return json.readTree(answer.body());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
