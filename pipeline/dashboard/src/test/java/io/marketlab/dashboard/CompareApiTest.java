package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketlab.layout.Resolution;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** /api/compare over HTTP. */
class CompareApiTest {

  static final Instant T0 = CrossSymbolTest.T0;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private InMemoryMarketStore store;
  private DashboardServer server;

  private static Candle minute(String symbol, int minute, double close) {
    Instant start = T0.plusSeconds(60L * minute);
    return new Candle(
        symbol,
        Resolution.MINUTE,
        start,
        close,
        close,
        close,
        close,
        1,
        close,
        1,
        start,
        start,
        true,
        start);
  }

  @BeforeEach
  void start() {
    store = new InMemoryMarketStore(List.of("AAA", "BBB", "CCC"));
    double[] a = {100, 101, 99, 103, 102};
    double[] b = {50, 50.5, 49.5, 51.5, 51};
    for (int i = 0; i < a.length; i++) {
      store.put(minute("AAA", i, a[i]));
      store.put(minute("BBB", i, b[i]));
    }
    store.put(minute("CCC", 3, 10));
    server = new DashboardServer(store, DashboardConfig.defaults().withPort(0));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void the_default_answer_should_normalise_every_symbol_and_correlate_each_pair() throws Exception {
    HttpResponse<String> answer = get("/api/compare");

    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(answer.body());
    assertThat(body.get("to").asText()).isEqualTo("2024-08-09T10:05:00Z");
    assertThat(body.get("lines"))
        .extracting(l -> l.get("symbol").asText())
        .containsExactly("AAA", "BBB", "CCC");
    JsonNode aaa = body.get("lines").get(0);
    assertThat(aaa.get("base").asDouble()).isEqualTo(100.0);
    assertThat(aaa.get("points").get(3).get("percent").asDouble()).isCloseTo(3.0, within(1e-12));
    JsonNode pairs = body.get("correlations");
    assertThat(pairs).hasSize(3);
    assertThat(pairs.get(0).get("a").asText()).isEqualTo("AAA");
    assertThat(pairs.get(0).get("b").asText()).isEqualTo("BBB");
    assertThat(pairs.get(0).get("points").asInt()).isEqualTo(4);
    assertThat(pairs.get(0).get("correlation").asDouble()).isCloseTo(1.0, within(1e-12));
    assertThat(pairs.get(1).get("points").asInt()).isZero();
    assertThat(pairs.get(1).get("correlation").isNull()).isTrue();
  }

  @Test
  void a_start_should_move_the_base() throws Exception {
    JsonNode body =
        json.readTree(get("/api/compare?symbols=BBB,AAA&start=" + T0.plusSeconds(120)).body());

    assertThat(body.get("start").asText()).isEqualTo("2024-08-09T10:02:00Z");
    assertThat(body.get("lines").get(0).get("symbol").asText()).isEqualTo("BBB");
    assertThat(body.get("lines").get(0).get("base").asDouble()).isEqualTo(49.5);
    assertThat(body.get("lines").get(1).get("base").asDouble()).isEqualTo(99.0);
  }

  @Test
  void bad_requests_should_name_their_parameter() throws Exception {
    assertRefused("/api/compare?symbols=AAA,ZZZ", "symbols", "unknown symbol 'ZZZ'");
    assertRefused("/api/compare?symbols=AAA,,BBB", "symbols", "empty name");
    assertRefused(
        "/api/compare?symbols=AAA&from="
            + T0
            + "&to="
            + T0.plusSeconds(60)
            + "&start="
            + T0.plusSeconds(600),
        "start",
        "must be in");
    assertRefused("/api/compare?from=" + T0 + "&to=" + T0, "from", "must be before");
  }

  private void assertRefused(String path, String parameter, String message) throws Exception {
    HttpResponse<String> answer = get(path);
    assertThat(answer.statusCode()).as(path).isEqualTo(400);
    JsonNode body = json.readTree(answer.body());
    assertThat(body.get("parameter").asText()).isEqualTo(parameter);
    assertThat(body.get("error").asText()).contains(message);
  }

  private HttpResponse<String> get(String path) throws Exception {
    String safe = path.replace("+", URLEncoder.encode("+", StandardCharsets.UTF_8));
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + safe)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
