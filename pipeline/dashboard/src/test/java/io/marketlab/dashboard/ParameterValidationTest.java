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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParameterValidationTest {

  static InMemoryMarketStore store;
  static DashboardServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() {
    store = new InMemoryMarketStore(List.of("AAPL"));
    store.put(
        TestData.candle(
            "AAPL",
            Resolution.SECOND,
            Instant.parse("2024-08-08T10:00:00Z"),
            0,
            Instant.parse("2024-08-08T10:00:01Z")));
    server = new DashboardServer(store, DashboardConfig.defaults().withPort(0));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0} -> 400 on {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/candles                                                        | symbol",
        "/api/candles?symbol=                                                | symbol",
        "/api/candles?symbol=MSFT                                            | symbol",
        "/api/candles?symbol=AAPL&resolution=5m                              | resolution",
        "/api/candles?symbol=AAPL&from=yesterday                             | from",
        "/api/candles?symbol=AAPL&to=2024-13-01T00:00:00Z                    | to",
        "/api/candles?symbol=AAPL&from=2024-08-08T10:00:00Z&to=2024-08-08T09:00:00Z | from",
        "/api/candles?symbol=AAPL&resolution=1s&from=2024-08-08T00:00:00Z&to=2024-08-09T00:00:00Z | to",
        "/api/candles?symbol=AAPL&from=%2B1000000000-01-01T00:00:00Z              | from",
        "/api/candles?symbol=AAPL&to=%2B1000000000-01-01T00:00:00Z                | to",
        "/api/candles?symbol=AAPL&from=%2B10000-01-01T00:00:00Z                   | from",
        "/api/candles?symbol=AAPL&from=-1000000000-01-01T00:00:00Z               | from",
        "/api/candles?symbol=AAPL&from=1969-12-31T23:59:59Z                      | from",
        "/api/candles?symbol=AAPL&to=-1                                          | to",
        "/api/candles?symbol=AAPL&from=999999999999999                           | from",
        "/api/candles?symbol=AAPL&resolution=1h&from=1970-01-01T00:00:00Z&to=%2B9999-12-31T00:00:00Z | to",
        "/api/trades?symbol=AAPL&limit=0                                     | limit",
        "/api/trades?symbol=AAPL&limit=ten                                   | limit",
        "/api/trades?symbol=AAPL&limit=1001                                  | limit",
        "/api/trades                                                         | symbol",
        "/api/stream?symbol=AAPL&resolution=1d                               | resolution",
        "/api/stream?resolution=1s                                           | symbol",
      })
  void should_answer_400_naming_the_bad_parameter(String path, String parameter) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.body()).doesNotContain("\n");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("parameter").asText()).isEqualTo(parameter);
    assertThat(body.get("error").asText()).contains(parameter);
  }

  @ParameterizedTest(name = "{0} is accepted")
  @CsvSource({
    "/api/candles?symbol=AAPL&resolution=1s&from=2024-08-08T10:00:00",
    "/api/candles?symbol=AAPL&resolution=1s&to=1723111200000",
    "/api/candles?symbol=AAPL&resolution=1h",
    "/api/trades?symbol=AAPL&limit=1000",
    "/api/candles?symbol=AAPL&resolution=1h&from=9999-12-31T00:00:00Z",
    "/api/candles?symbol=AAPL&resolution=1m&to=1970-01-01T00:10:00Z",
  })
  void should_accept_valid_parameters(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
