package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketlab.layout.Resolution;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * /api/gaps and the incomplete mark of candles, over HTTP (the store's reads: DashboardStoreIT).
 */
class GapsApiTest {

  static final Instant T = Instant.parse("2024-08-08T23:54:14.087Z");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private InMemoryMarketStore store;
  private DashboardServer server;

  @BeforeEach
  void start() {
    store = new InMemoryMarketStore(List.of("AAPL"));
    // an ingest start (no from), a reconnect of 30.5 s, and another symbol's gap
    store.add(
        new GapRow("AAPL", "ingest-start: started", "ing-1", null, T, 1_000_000L, 2_500_000L));
    store.add(
        new GapRow(
            "AAPL",
            "reconnect: silent for 30 s",
            "ing-1",
            T.plusSeconds(60),
            T.plusMillis(90_500),
            61_000_000L,
            95_000_000L));
    store.add(new GapRow("MSFT", "ingest-start: started", "ing-1", null, T, 0, 0));
    server = new DashboardServer(store, DashboardConfig.defaults().withPort(0));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void should_answer_every_gap_of_the_symbol_oldest_first_with_its_span() throws Exception {
    HttpResponse<String> answer = get("/api/gaps?symbol=AAPL");

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.body())
        .isEqualTo(
            "{\"symbol\":\"AAPL\",\"from\":\"1970-01-01T00:00:00Z\",\"to\":\"+10000-01-01T00:00:00Z\","
                + "\"limited\":false,\"gaps\":["
                + "{\"symbol\":\"AAPL\",\"reason\":\"ingest-start: started\",\"category\":\"ingest-start\","
                + "\"ingestId\":\"ing-1\",\"from\":null,\"to\":\"2024-08-08T23:54:14.087Z\","
                + "\"start\":\"2024-08-08T23:54:14.087Z\",\"end\":\"2024-08-08T23:54:14.087Z\","
                + "\"startTime\":1723161254,\"endTime\":1723161255,"
                + "\"fromReceivedAt\":\"1970-01-01T00:00:01Z\",\"toReceivedAt\":\"1970-01-01T00:00:02.500Z\"},"
                + "{\"symbol\":\"AAPL\",\"reason\":\"reconnect: silent for 30 s\",\"category\":\"reconnect\","
                + "\"ingestId\":\"ing-1\",\"from\":\"2024-08-08T23:55:14.087Z\",\"to\":\"2024-08-08T23:55:44.587Z\","
                + "\"start\":\"2024-08-08T23:55:14.087Z\",\"end\":\"2024-08-08T23:55:44.587Z\","
                + "\"startTime\":1723161314,\"endTime\":1723161345,"
                + "\"fromReceivedAt\":\"1970-01-01T00:01:01Z\",\"toReceivedAt\":\"1970-01-01T00:01:35Z\"}]}");
  }

  @Test
  void a_range_should_keep_the_gaps_that_meet_it_even_when_they_start_before_it() throws Exception {
    // 23:55:30 lies inside the reconnect gap (23:55:14.087 .. 23:55:44.587)
    JsonNode gaps =
        json.readTree(
                get("/api/gaps?symbol=AAPL&from=2024-08-08T23:55:30Z&to=2024-08-09T00:00:00Z")
                    .body())
            .get("gaps");

    assertThat(gaps)
        .singleElement()
        .satisfies(g -> assertThat(g.get("category").asText()).isEqualTo("reconnect"));
  }

  @Test
  void bad_parameters_should_be_400_naming_them() throws Exception {
    assertThat(status("/api/gaps")).isEqualTo(400);
    assertThat(status("/api/gaps?symbol=AAPL&from=yesterday")).isEqualTo(400);
    assertThat(status("/api/gaps?symbol=AAPL&from=2024-08-09T00:00:00Z&to=2024-08-08T00:00:00Z"))
        .isEqualTo(400);
    assertThat(status("/api/gaps?symbol=AAPL&to=+1000000000-01-01T00:00:00Z")).isEqualTo(400);
    HttpResponse<String> unknown = get("/api/gaps?symbol=NOPE");
    assertThat(json.readTree(unknown.body()).get("parameter").asText()).isEqualTo("symbol");
  }

  @Test
  void cassandra_down_should_be_a_503() throws Exception {
    store.failQueriesWith("table market.gaps does not exist yet");

    HttpResponse<String> answer = get("/api/gaps?symbol=AAPL");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(json.readTree(answer.body()).get("error").asText())
        .isEqualTo("table market.gaps does not exist yet");
  }

  @Test
  void a_candle_that_meets_a_gap_should_be_served_as_incomplete() throws Exception {
    Candle plain =
        TestData.candle("AAPL", Resolution.MINUTE, Instant.parse("2024-08-08T23:54:00Z"), 1, T);
    Candle marked =
        TestData.candle("AAPL", Resolution.MINUTE, Instant.parse("2024-08-08T23:55:00Z"), 2, T);
    store.put(plain);
    store.put(
        new Candle(
            marked.symbol(),
            marked.resolution(),
            marked.windowStart(),
            marked.open(),
            marked.high(),
            marked.low(),
            marked.close(),
            marked.volume(),
            marked.vwap(),
            marked.tradeCount(),
            marked.firstTradeTs(),
            marked.lastTradeTs(),
            marked.isFinal(),
            marked.updatedAt(),
            true));

    JsonNode candles =
        json.readTree(get("/api/candles?symbol=AAPL&resolution=1m").body()).get("candles");

    assertThat(candles).hasSize(2);
    assertThat(candles.get(0).get("incomplete").asBoolean()).isFalse();
    assertThat(candles.get(1).get("incomplete").asBoolean()).isTrue();
  }

  private int status(String path) throws Exception {
    return get(path).statusCode();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
