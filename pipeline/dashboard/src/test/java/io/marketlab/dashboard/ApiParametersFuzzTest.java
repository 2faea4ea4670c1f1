package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketlab.layout.Resolution;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the dashboard API's parameters ({@link ApiParameters}, and the {@link Partitions} the
 * Cassandra store plans an accepted range with) through the real server over loopback HTTP.
 *
 * <p>An input is a first line naming the endpoint ({@code candles} or {@code trades}), then the
 * query as {@code key=value&key=value}; keys and values are sent exactly (percent-encoded here).
 * Properties (pipeline/dashboard/README.md, API): every answer is 200 or a 400 whose one-line JSON
 * body names a parameter of the request and repeats it in the message, never a 500; an accepted
 * candle range has from &lt; to, at most 5000 windows, only candles inside it, and is one that the
 * Cassandra store can plan ({@code Partitions.DEFAULT} covers it in at most 400 partitions); an
 * accepted trade request answers at most {@code limit} trades.
 *
 * <p>Seeds: {@code src/test/resources/io/marketlab/dashboard/ApiParametersFuzzTestInputs/query/}.
 */
class ApiParametersFuzzTest {

  static final List<String> SYMBOLS = List.of("AAPL", "BINANCE:BTCUSDT");
  static final Set<String> PARAMETERS = Set.of("symbol", "resolution", "from", "to", "limit");
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** One server for the whole run (a fuzzing run calls the test hundreds of thousands of times). */
  private static final class Server {
    static final DashboardServer SERVER = start();

    private static DashboardServer start() {
      InMemoryMarketStore store = new InMemoryMarketStore(SYMBOLS);
      Instant minute = Instant.parse("2024-08-08T21:00:00Z");
      for (int i = 0; i < 120; i++) {
        store.put(
            TestData.candle(
                "AAPL",
                Resolution.MINUTE,
                minute.plusSeconds(60L * i),
                i,
                minute.plusSeconds(7200)));
        store.put(
            TestData.candle(
                "AAPL", Resolution.SECOND, minute.plusSeconds(i), i, minute.plusSeconds(7200)));
      }
      store.put(TestData.candle("AAPL", Resolution.HOUR, minute, 0, minute.plusSeconds(7200)));
      for (int i = 0; i < 30; i++) {
        store.add(TestData.trade("AAPL", minute.plusMillis(250L * i), i, 200 + i, 1500));
      }
      DashboardServer server = new DashboardServer(store, DashboardConfig.defaults().withPort(0));
      Runtime.getRuntime().addShutdownHook(new Thread(server::close));
      return server;
    }
  }

  /**
   * Starts the server before the first input, outside its time limit (a loaded machine is slow).
   */
  @BeforeAll
  static void startServer() {
    assertThat(Server.SERVER.port()).isPositive();
  }

  @FuzzTest
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  @DictionaryEntries({
    "candles",
    "trades",
    "symbol=AAPL",
    "&resolution=",
    "1s",
    "1m",
    "1h",
    "&from=",
    "&to=",
    "&limit=",
    "2024-08-08T21:00:00Z",
    "2024-08-08T21:00:00",
    "+1000000000-01-01T00:00:00Z",
    "1723150800000",
    "-999999999999999"
  })
  void query(byte[] input) throws Exception {
    String text = new String(input, StandardCharsets.UTF_8);
    int newline = text.indexOf('\n');
    String endpoint = newline < 0 ? text : text.substring(0, newline);
    String query = newline < 0 ? "" : text.substring(newline + 1);
    if (!endpoint.equals("candles") && !endpoint.equals("trades")) {
      endpoint = input.length > 0 && (input[0] & 1) == 1 ? "trades" : "candles";
    }

    StringBuilder uri =
        new StringBuilder("http://127.0.0.1:")
            .append(Server.SERVER.port())
            .append("/api/")
            .append(endpoint);
    String separator = "?";
    for (String pair : query.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      uri.append(separator)
          .append(URLEncoder.encode(key, StandardCharsets.UTF_8))
          .append('=')
          .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
      separator = "&";
    }
    if (uri.length() > 6000) {
      return; // past what an HTTP server takes in a request line; not the API's business
    }

    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(uri.toString()))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    String body = response.body();
    assertThat(response.statusCode()).as("%s -> %s", uri, body).isIn(200, 400);
    assertThat(body).as("one line").doesNotContain("\n");
    JsonNode json = JSON.readTree(body);
    if (response.statusCode() == 400) {
      String parameter = json.path("parameter").asText();
      assertThat(parameter).as("the parameter named by %s", body).isIn(PARAMETERS);
      assertThat(json.path("error").asText()).contains(parameter);
    } else if (endpoint.equals("candles")) {
      checkCandles(uri.toString(), json);
    } else {
      checkTrades(uri.toString(), json);
    }
  }

  private static void checkCandles(String uri, JsonNode json) {
    Resolution resolution = Resolution.parse(json.get("resolution").asText());
    if (json.get("from").isNull()) {
      assertThat(json.get("candles")).isEmpty();
      return;
    }
    Instant from = Instant.parse(json.get("from").asText());
    Instant to = Instant.parse(json.get("to").asText());
    assertThat(from).as(uri).isBefore(to);
    long windows = Duration.between(from, to).toMillis() / resolution.widthMillis();
    assertThat(windows).as("windows of %s", uri).isLessThanOrEqualTo(ApiParameters.MAX_WINDOWS);
    for (JsonNode candle : json.get("candles")) {
      Instant start = Instant.parse(candle.get("windowStart").asText());
      assertThat(start).as(uri).isAfterOrEqualTo(from).isBefore(to);
    }
    List<Instant> buckets = Partitions.DEFAULT.candleBuckets(resolution, from, to);
    assertThat(buckets).as("buckets of %s", uri).isNotEmpty();
    assertThat(Partitions.tradeDays(from, to)).isNotEmpty();
  }

  private static void checkTrades(String uri, JsonNode json) {
    int limit = ApiParameters.DEFAULT_TRADE_LIMIT;
    String query = URI.create(uri).getRawQuery();
    if (query != null) {
      for (String pair : query.split("&")) {
        if (pair.startsWith("limit=")) {
          String value =
              java.net.URLDecoder.decode(pair.substring("limit=".length()), StandardCharsets.UTF_8);
          if (!value.isBlank()) {
            limit = Integer.parseInt(value.trim());
          }
          break;
        }
      }
    }
    assertThat(json.get("trades").size()).as(uri).isLessThanOrEqualTo(limit);
  }
}
