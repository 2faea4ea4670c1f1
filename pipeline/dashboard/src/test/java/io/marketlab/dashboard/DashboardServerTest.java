package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketlab.layout.Resolution;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DashboardServerTest {

  static final Instant FIRST_MINUTE = Instant.parse("2024-08-08T21:00:00Z");
  static final int MINUTES = 300; // crosses midnight: 21:00 .. 01:59
  static final Instant UPDATED = Instant.parse("2024-08-09T02:00:00Z");

  final ObjectMapper json = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  InMemoryMarketStore store;
  DashboardServer server;
  List<StoredTrade> trades = new ArrayList<>();

  @BeforeEach
  void start() {
    store = new InMemoryMarketStore(List.of("AAPL", "BINANCE:BTCUSDT"));
    for (int i = 0; i < MINUTES; i++) {
      store.put(
          TestData.candle(
              "AAPL", Resolution.MINUTE, FIRST_MINUTE.plusSeconds(60L * i), i, UPDATED));
    }
    for (int i = 0; i < 20; i++) {
      StoredTrade trade =
          TestData.trade(
              "AAPL",
              Instant.parse("2024-08-09T01:59:00Z").plusMillis(100L * i),
              i,
              200 + i,
              (i + 1) * 1000L);
      trades.add(trade);
      store.add(trade);
    }
    server =
        new DashboardServer(
            store, DashboardConfig.defaults().withPort(0).withPollInterval(Duration.ofMillis(50)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void should_list_the_symbols() throws Exception {
    assertThat(json.readValue(get("/api/symbols").body(), String[].class))
        .containsExactly("AAPL", "BINANCE:BTCUSDT");
  }

  @Test
  void should_answer_the_last_200_windows_up_to_the_newest_candle_by_default() throws Exception {
    JsonNode body = json.readTree(ok("/api/candles?symbol=AAPL&resolution=1m"));
    JsonNode candles = body.get("candles");

    Instant newest = FIRST_MINUTE.plusSeconds(60L * (MINUTES - 1));
    assertThat(candles).hasSize(ApiParameters.DEFAULT_WINDOWS);
    assertThat(candles.get(candles.size() - 1).get("windowStart").asText())
        .isEqualTo(newest.toString());
    assertThat(candles.get(0).get("windowStart").asText())
        .isEqualTo(newest.minusSeconds(60L * 199).toString());
    assertThat(candles.get(0).get("time").asLong())
        .isEqualTo(newest.minusSeconds(60L * 199).getEpochSecond());
    assertThat(body.get("to").asText()).isEqualTo(newest.plusSeconds(60).toString());
  }

  @Test
  void should_answer_the_same_range_for_iso_and_epoch_millisecond_bounds() throws Exception {
    Instant from = Instant.parse("2024-08-08T23:58:00Z");
    Instant to = Instant.parse("2024-08-09T00:03:00Z");
    JsonNode iso =
        json.readTree(ok("/api/candles?symbol=AAPL&resolution=1m&from=" + from + "&to=" + to))
            .get("candles");
    JsonNode millis =
        json.readTree(
                ok(
                    "/api/candles?symbol=AAPL&resolution=1m&from="
                        + from.toEpochMilli()
                        + "&to="
                        + to.toEpochMilli()))
            .get("candles");

    assertThat(iso).hasSize(5);
    assertThat(iso.get(0).get("windowStart").asText()).isEqualTo("2024-08-08T23:58:00Z");
    assertThat(iso.get(4).get("windowStart").asText()).isEqualTo("2024-08-09T00:02:00Z");
    assertThat(millis).isEqualTo(iso);
    // index of 23:58 is 178 minutes after 21:00
    Candle expected = TestData.candle("AAPL", Resolution.MINUTE, from, 178, UPDATED);
    assertThat(iso.get(0).get("open").asDouble()).isEqualTo(expected.open());
    assertThat(iso.get(0).get("vwap").asDouble()).isEqualTo(expected.vwap());
    assertThat(iso.get(0).get("volume").asDouble()).isEqualTo(expected.volume());
  }

  @Test
  void should_answer_an_empty_list_for_a_symbol_without_candles() throws Exception {
    JsonNode body = json.readTree(ok("/api/candles?symbol=BINANCE:BTCUSDT&resolution=1s"));
    assertThat(body.get("candles")).isEmpty();
  }

  @Test
  void should_answer_the_latest_trades_newest_first() throws Exception {
    JsonNode body = json.readTree(ok("/api/trades?symbol=AAPL&limit=3"));
    JsonNode list = body.get("trades");

    assertThat(list).hasSize(3);
    for (int i = 0; i < 3; i++) {
      StoredTrade expected = trades.get(trades.size() - 1 - i);
      assertThat(list.get(i).get("id").asText()).isEqualTo(expected.identity());
      assertThat(list.get(i).get("price").asDouble()).isEqualTo(expected.price());
      assertThat(list.get(i).get("time").asText()).isEqualTo(expected.tradeTs().toString());
    }
  }

  @Test
  void should_answer_fifty_trades_when_no_limit_is_given() throws Exception {
    for (int i = 20; i < 80; i++) {
      store.add(
          TestData.trade(
              "AAPL", Instant.parse("2024-08-09T01:59:30Z").plusMillis(i), i, 300, 1000));
    }
    assertThat(json.readTree(ok("/api/trades?symbol=AAPL")).get("trades")).hasSize(50);
  }

  @Test
  void should_summarise_latency_of_the_stored_trades() throws Exception {
    JsonNode body = json.readTree(ok("/api/latency"));
    // 20 trades with latencies 1..20 ms: nearest-rank p50 = 10th, p99 = 20th
    assertThat(body.get("sampleCount").asInt()).isEqualTo(20);
    assertThat(body.get("p50Ms").asDouble()).isEqualTo(10.0);
    assertThat(body.get("p99Ms").asDouble()).isEqualTo(20.0);
    assertThat(body.get("maxMs").asDouble()).isEqualTo(20.0);
  }

  @Test
  void should_report_health_and_a_503_while_the_store_is_down() throws Exception {
    assertThat(get("/api/health").statusCode()).isEqualTo(200);
    store.failWith("table market.candles does not exist yet");

    HttpResponse<String> health = get("/api/health");
    HttpResponse<String> candles = get("/api/candles?symbol=AAPL");

    assertThat(health.statusCode()).isEqualTo(503);
    assertThat(candles.statusCode()).isEqualTo(503);
    assertThat(json.readTree(candles.body()).get("error").asText())
        .isEqualTo("table market.candles does not exist yet");
  }

  @Test
  void should_serve_the_page_and_the_chart_library() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body())
        .contains("vendor/lightweight-charts.standalone.production.js", "dashboard.js");
    assertThat(get("/vendor/lightweight-charts.standalone.production.js").body())
        .contains("Lightweight Charts");
    assertThat(get("/dashboard.js").statusCode()).isEqualTo(200);
  }

  String ok(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as(path + " -> " + response.body()).isEqualTo(200);
    return response.body();
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  URI uri(String path) {
    // keep ':' of symbols like BINANCE:BTCUSDT legal in the query
    return URI.create(
        "http://127.0.0.1:"
            + server.port()
            + path.replace("BINANCE:", URLEncoder.encode("BINANCE:", StandardCharsets.UTF_8)));
  }
}
