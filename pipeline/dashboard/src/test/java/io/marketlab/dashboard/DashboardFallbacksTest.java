package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the API answers when there is nothing to show or something goes wrong: a store without data,
 * an unknown symbol, a bad date, a store that is down or throws, a live stream with nothing new.
 * Each answer is compared whole, as JSON, with the body the page receives.
 */
class DashboardFallbacksTest {

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private InMemoryMarketStore store;
  private DashboardServer server;
  private Thread reader;
  private ListAppender<ILoggingEvent> capturedLog;

  private void serve(List<String> symbols) {
    store = new InMemoryMarketStore(symbols);
    server =
        new DashboardServer(
            store, DashboardConfig.defaults().withPort(0).withPollInterval(Duration.ofMillis(50)));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (reader != null) {
      reader.interrupt();
    }
    if (capturedLog != null) {
      ((Logger) LoggerFactory.getLogger("io.marketlab.dashboard")).detachAppender(capturedLog);
    }
  }

  @Test
  void an_empty_store_should_answer_empty_lists_and_a_zero_latency_sample() throws Exception {
    serve(List.of());

    assertThat(body("/api/symbols", 200)).isEqualTo(json.readTree("[]"));
    // No known symbols: any symbol is accepted, and there is no newest candle to anchor a range.
    assertThat(body("/api/candles?symbol=AAPL", 200))
        .isEqualTo(
            json.readTree(
                """
                {"symbol":"AAPL","resolution":"1m","from":null,"to":null,"candles":[]}"""));
    assertThat(body("/api/trades?symbol=AAPL", 200))
        .isEqualTo(json.readTree("{\"symbol\":\"AAPL\",\"trades\":[]}"));
    assertThat(body("/api/latency", 200))
        .isEqualTo(json.readTree("{\"sampleCount\":0,\"p50Ms\":0.0,\"p99Ms\":0.0,\"maxMs\":0.0}"));
    JsonNode health = body("/api/health", 200);
    assertThat(health.get("status").asText()).isEqualTo("ok");
    assertThat(health.get("symbols").asInt()).isZero();
    assertThat(health.get("liveClients").asInt()).isZero();
  }

  @Test
  void a_from_without_to_on_an_empty_store_should_answer_the_default_200_windows_from_it()
      throws Exception {
    serve(List.of("AAPL"));

    // 10:00 + 200 windows of 1 minute = 13:20
    assertThat(body("/api/candles?symbol=AAPL&resolution=1m&from=2024-08-08T10:00:00Z", 200))
        .isEqualTo(
            json.readTree(
                """
                {"symbol":"AAPL","resolution":"1m","from":"2024-08-08T10:00:00Z",
                 "to":"2024-08-08T13:20:00Z","candles":[]}"""));
  }

  @Test
  void an_unknown_symbol_should_be_a_400_listing_the_known_ones() throws Exception {
    serve(List.of("AAPL", "BINANCE:BTCUSDT"));

    JsonNode expected =
        json.readTree(
            """
            {"error":"unknown symbol 'MSFT', known: AAPL, BINANCE:BTCUSDT","parameter":"symbol"}""");
    assertThat(body("/api/candles?symbol=MSFT", 400)).isEqualTo(expected);
    assertThat(body("/api/trades?symbol=MSFT", 400)).isEqualTo(expected);
    assertThat(body("/api/stream?symbol=MSFT", 400)).isEqualTo(expected);
  }

  @Test
  void a_bad_date_should_be_a_400_naming_the_parameter_and_the_accepted_forms() throws Exception {
    serve(List.of("AAPL"));

    assertThat(body("/api/candles?symbol=AAPL&from=yesterday", 400))
        .isEqualTo(
            json.readTree(
                """
                {"error":"parameter 'from' must be epoch milliseconds or ISO-8601 like\
                 2024-08-08T23:54:14Z, got 'yesterday'","parameter":"from"}"""));
    assertThat(body("/api/candles?symbol=AAPL&to=2024-02-30T00:00:00", 400))
        .isEqualTo(
            json.readTree(
                """
                {"error":"parameter 'to' must be epoch milliseconds or ISO-8601 like\
                 2024-08-08T23:54:14Z, got '2024-02-30T00:00:00'","parameter":"to"}"""));
  }

  @Test
  void a_store_that_is_down_should_be_a_503_with_its_reason_on_every_route() throws Exception {
    serve(List.of("AAPL"));
    store.failWith("Cassandra at 127.0.0.1:9042 does not answer");

    JsonNode expected =
        json.readTree(
            """
            {"error":"Cassandra at 127.0.0.1:9042 does not answer","parameter":null}""");
    assertThat(body("/api/symbols", 503)).isEqualTo(expected);
    assertThat(body("/api/candles?symbol=AAPL", 503)).isEqualTo(expected);
    assertThat(body("/api/trades?symbol=AAPL", 503)).isEqualTo(expected);
    assertThat(body("/api/latency", 503)).isEqualTo(expected);
    JsonNode health = body("/api/health", 503);
    assertThat(health.get("status").asText()).isEqualTo("unavailable");
    assertThat(health.get("error").asText())
        .isEqualTo("Cassandra at 127.0.0.1:9042 does not answer");
    assertThat(health.has("errorId")).as("a plain state has no detail in the log").isFalse();
  }

  @Test
  void a_store_that_throws_unexpectedly_should_be_a_500_without_its_internals() throws Exception {
    serve(List.of("AAPL"));
    store.throwOnEveryCall(
        new IllegalStateException("session to 10.0.0.7:9042 closed (keyspace market)"));

    for (String path : List.of("/api/symbols", "/api/candles?symbol=AAPL", "/api/latency")) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(500);
      JsonNode body = json.readTree(response.body());
      String errorId = body.get("errorId").asText();
      assertThat(body.get("error").asText())
          .as(path)
          .isEqualTo("internal error; error id " + errorId + " in the dashboard log");
      assertThat(response.body())
          .doesNotContain("IllegalStateException", "10.0.0.7", "keyspace", "java.");
    }
  }

  @Test
  void a_live_stream_with_nothing_stored_should_send_only_status_and_an_empty_latency() {
    serve(List.of("AAPL"));

    follow("/api/stream?symbol=AAPL&resolution=1s");

    await().atMost(Duration.ofSeconds(10)).until(() -> count("event:status") >= 3);
    assertThat(count("event:candles")).isZero();
    assertThat(count("event:trades")).isZero();
    assertThat(count("event:latency")).isPositive();
    assertThat(dataAfter("event:latency"))
        .isEqualTo("{\"sampleCount\":0,\"p50Ms\":0.0,\"p99Ms\":0.0,\"maxMs\":0.0}");
    assertThat(dataAfter("event:status")).startsWith("{\"ok\":true,").endsWith(",\"error\":null}");
  }

  @Test
  void a_failed_query_should_be_a_503_saying_what_failed_and_an_error_id_never_the_cql()
      throws Exception {
    serve(List.of("AAPL"));
    ListAppender<ILoggingEvent> log = captureLog();
    // What the Cassandra store throws when a query fails: the CQL and the driver's message.
    store.throwOnEveryCall(
        new StoreUnavailableException(
            "query failed on market: SELECT window_start FROM market.candles WHERE symbol = ?"
                + ": Query timed out after PT2S",
            new DriverTimeoutException("Query timed out after PT2S")));

    for (String path :
        List.of("/api/symbols", "/api/candles?symbol=AAPL", "/api/latency", "/api/health")) {
      HttpResponse<String> response = get(path);
      assertThat(response.statusCode()).as(path).isEqualTo(503);
      assertThat(response.body())
          .as(path)
          .doesNotContain("SELECT", "market.candles", "PT2S", "Driver", "java.");
      JsonNode body = json.readTree(response.body());
      String errorId = body.get("errorId").asText();
      assertThat(body.get("error").asText())
          .as(path)
          .isEqualTo(
              "the store did not answer (Cassandra unreachable or failing); error id "
                  + errorId
                  + " in the dashboard log");
      assertThat(log.list)
          .as("the detail stays in the log, under the id the page shows")
          .anyMatch(
              event ->
                  event.getFormattedMessage().contains(errorId)
                      && event.getFormattedMessage().contains("SELECT window_start"));
    }
  }

  @Test
  void a_failed_query_should_reach_the_live_status_as_what_failed_and_an_error_id_only() {
    serve(List.of("AAPL"));
    follow("/api/stream?symbol=AAPL&resolution=1s");
    await().atMost(Duration.ofSeconds(10)).until(() -> count("event:status") >= 1);

    store.throwOnEveryCall(
        new StoreUnavailableException(
            "query failed on market: SELECT trade_ts FROM market.trades WHERE symbol = ?"
                + ": Query timed out after PT2S",
            new DriverTimeoutException("Query timed out after PT2S")));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> lines.stream().anyMatch(line -> line.contains("\"ok\":false")));
    for (String line : lines) {
      assertThat(line).doesNotContain("SELECT", "market.trades", "PT2S");
    }
    assertThat(lines)
        .anyMatch(line -> line.contains("\"ok\":false") && line.contains("\"errorId\":\""));
  }

  @Test
  void health_should_be_503_while_queries_fail_even_when_the_symbols_are_configured()
      throws Exception {
    serve(List.of("AAPL"));
    // A Cassandra store started with --symbols answers symbols() without asking Cassandra.
    store.failQueriesWith("Cassandra at 127.0.0.1:9042 does not answer");

    JsonNode health = body("/api/health", 503);
    assertThat(health.get("status").asText()).isEqualTo("unavailable");
    assertThat(health.get("error").asText())
        .isEqualTo("Cassandra at 127.0.0.1:9042 does not answer");
  }

  @Test
  void a_live_poll_that_fails_unexpectedly_should_show_as_a_failed_status_with_an_error_id()
      throws Exception {
    serve(List.of("AAPL"));
    follow("/api/stream?symbol=AAPL&resolution=1s");
    await().atMost(Duration.ofSeconds(10)).until(() -> count("event:status") >= 1);

    store.throwOnEveryCall(new IllegalStateException("session to 10.0.0.7:9042 closed"));

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> lines.stream().anyMatch(line -> line.contains("\"ok\":false")));
    String failed =
        lines.stream().filter(line -> line.contains("\"ok\":false")).findFirst().orElseThrow();
    assertThat(failed).doesNotContain("10.0.0.7", "IllegalStateException");
    assertThat(json.readTree(failed.replaceFirst("^data: ?", "")).get("error").asText())
        .startsWith("internal error; error id ");
  }

  private ListAppender<ILoggingEvent> captureLog() {
    capturedLog = new ListAppender<>();
    capturedLog.start();
    ((Logger) LoggerFactory.getLogger("io.marketlab.dashboard")).addAppender(capturedLog);
    return capturedLog;
  }

  private JsonNode body(String path, int status) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as("%s -> %s", path, response.body()).isEqualTo(status);
    return json.readTree(response.body());
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    // keep ':' of symbols like BINANCE:BTCUSDT legal in the query
    return URI.create(
        "http://127.0.0.1:"
            + server.port()
            + path.replace("BINANCE:", URLEncoder.encode("BINANCE:", StandardCharsets.UTF_8)));
  }

  private void follow(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(uri(path))
            .header("Accept", "text/event-stream") // as EventSource sends it; Javalin requires it
            .build();
    reader =
        new Thread(
            () -> {
              try {
                HttpResponse<Stream<String>> response =
                    HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofLines());
                response.body().forEach(line -> lines.add(line.replace("event: ", "event:")));
              } catch (Exception e) {
                lines.add("reader stopped: " + e);
              }
            },
            "sse-test-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private long count(String event) {
    return lines.stream().filter(line -> line.startsWith(event)).count();
  }

  /** The data of the first event of this kind, without the {@code data: } prefix. */
  private String dataAfter(String event) {
    for (int i = 0; i < lines.size() - 1; i++) {
      if (lines.get(i).startsWith(event)) {
        return lines.get(i + 1).replaceFirst("^data: ?", "");
      }
    }
    throw new AssertionError("no " + event + " in " + lines);
  }
}
