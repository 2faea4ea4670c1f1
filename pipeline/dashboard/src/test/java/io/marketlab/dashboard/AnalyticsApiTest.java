package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketlab.layout.HourlyComparison;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /api/hourly and /api/anomalies over HTTP (the store's reads: DashboardStoreIT). */
class AnalyticsApiTest {

  static final long H = Instant.parse("2024-08-09T10:00:00Z").toEpochMilli();
  static final long HOUR = 3_600_000L;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private InMemoryMarketStore store;
  private DashboardServer server;

  private static HourlyComparison.Hour hour(
      long start, double close, long trades, boolean isFinal) {
    return new HourlyComparison.Hour(
        start, 100, 110, 90, close, 5, 101, trades, 20, 0.01, 99, isFinal);
  }

  @BeforeEach
  void start() {
    store = new InMemoryMarketStore(List.of("AAPL"));
    store.put("AAPL", hour(H - 24 * HOUR, 80, 50, true));
    store.put("AAPL", hour(H - HOUR, 100, 40, true));
    store.put("AAPL", hour(H, 105, 60, false));
    store.add(
        "AAPL",
        new AnomalyRow(
            Instant.ofEpochMilli(H + 1000).toString(),
            "price_jump",
            9.5,
            0.01,
            0.001,
            8,
            105,
            3,
            Instant.ofEpochMilli(H).toString(),
            104.0));
    server = new DashboardServer(store, DashboardConfig.defaults().withPort(0));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void an_hour_should_come_with_the_previous_hour_and_the_same_hour_a_day_before()
      throws Exception {
    HttpResponse<String> answer =
        get(
            "/api/hourly?symbol=AAPL&from="
                + Instant.ofEpochMilli(H)
                + "&to="
                + Instant.ofEpochMilli(H + HOUR));

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode hours = json.readTree(answer.body()).get("hours");
    assertThat(hours).hasSize(1);
    JsonNode current = hours.get(0);
    assertThat(current.get("hourStart").asText()).isEqualTo("2024-08-09T10:00:00Z");
    assertThat(current.get("isFinal").asBoolean()).isFalse();
    JsonNode comparisons = current.get("comparisons");
    assertThat(comparisons).hasSize(2);
    assertThat(comparisons.get(0).get("kind").asText()).isEqualTo(HourlyComparison.PREVIOUS_HOUR);
    JsonNode close = comparisons.get(0).get("changes").get(0);
    assertThat(close.get("metric").asText()).isEqualTo("CLOSE");
    assertThat(close.get("absolute").asDouble()).isEqualTo(5.0);
    assertThat(close.get("percent").asDouble()).isEqualTo(5.0);
    assertThat(comparisons.get(1).get("kind").asText()).isEqualTo(HourlyComparison.SAME_HOUR);
    assertThat(comparisons.get(1).get("hoursAgo").asInt()).isEqualTo(24);
  }

  @Test
  void an_anomaly_should_be_served_with_its_baseline() throws Exception {
    JsonNode answer = json.readTree(get("/api/anomalies?symbol=AAPL").body());

    assertThat(answer.get("anomalies")).hasSize(1);
    JsonNode jump = answer.get("anomalies").get(0);
    assertThat(jump.get("kind").asText()).isEqualTo("price_jump");
    assertThat(jump.get("score").asDouble()).isEqualTo(9.5);
    assertThat(jump.get("prevClose").asDouble()).isEqualTo(104.0);
  }

  @Test
  void a_range_the_wrong_way_round_should_be_a_clear_400() throws Exception {
    HttpResponse<String> answer =
        get("/api/anomalies?symbol=AAPL&from=2024-08-09T11:00:00Z&to=2024-08-09T10:00:00Z");

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("must be before");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
