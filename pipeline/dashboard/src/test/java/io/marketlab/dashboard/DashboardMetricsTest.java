package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketlab.layout.Resolution;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's real {@code /metrics} on its own web server: N requests of each kind give exactly
 * N in the right route and status class.
 */
class DashboardMetricsTest {

  private static final int N = 3;

  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private InMemoryMarketStore store;
  private DashboardServer server;

  @BeforeEach
  void start() {
    store = new InMemoryMarketStore(List.of("AAPL"));
    store.put(
        TestData.candle(
            "AAPL",
            Resolution.MINUTE,
            Instant.parse("2024-08-09T00:00:00Z"),
            0,
            Instant.parse("2024-08-09T00:01:00Z")));
    server =
        new DashboardServer(
            store, DashboardConfig.defaults().withPort(0).withPollInterval(Duration.ofMillis(50)));
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void should_count_exactly_the_requests_of_each_route_and_status_class() throws Exception {
    for (int i = 0; i < N; i++) {
      assertThat(get("/api/symbols").statusCode()).isEqualTo(200);
      assertThat(get("/api/trades?symbol=NOPE").statusCode()).isEqualTo(400);
      assertThat(get("/api/nope").statusCode()).isEqualTo(404);
      assertThat(get("/no-such-file-" + i + ".html").statusCode()).isEqualTo(404);
      assertThat(get("/").statusCode()).isEqualTo(200);
      assertThat(rawStatus("/api/symbols", "evil.example")).isEqualTo(403);
    }
    store.failWith("the store is down (test)");
    for (int i = 0; i < N; i++) {
      assertThat(get("/api/health").statusCode()).isEqualTo(503);
    }

    // Jetty logs a request once it is answered: wait for the last one, then check them all.
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> assertThat(scrape().get(requests("health", "5xx"))).isEqualTo((double) N));
    Map<String, Double> metrics = scrape();
    assertThat(metrics.get(requests("symbols", "2xx"))).isEqualTo(N);
    assertThat(metrics.get(requests("trades", "4xx"))).isEqualTo(N);
    assertThat(metrics.get(requests("page", "2xx"))).isEqualTo(N);
    // Unknown paths, API or not, are one bounded label value, never the raw path.
    assertThat(metrics.get(requests("unmatched", "4xx"))).isEqualTo(2 * N);
    // The refused Host: the route is known, the status class says what happened.
    assertThat(metrics.get(requests("symbols", "4xx"))).isEqualTo(N);
    assertThat(metrics.get("marketlab_dashboard_store_errors_total{source=\"request\"}"))
        .isEqualTo(N);
    // The scrapes themselves count too, each once answered.
    assertThat(metrics.get(requests("metrics", "2xx"))).isPositive();
    assertThat(metrics.keySet())
        .filteredOn(key -> key.startsWith("marketlab_dashboard_requests_total"))
        .allMatch(key -> !key.contains("/"));
    assertThat(metrics.get("marketlab_dashboard_clients")).isZero();
    assertThat(metrics.get("marketlab_dashboard_slow_clients_dropped_total")).isZero();
  }

  @Test
  void should_count_the_live_clients_and_the_polls_the_store_failed() throws Exception {
    HttpRequest stream =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:" + server.port() + "/api/stream?symbol=AAPL&resolution=1m"))
            .header("Accept", "text/event-stream")
            .build();
    var first = http.sendAsync(stream, HttpResponse.BodyHandlers.ofLines());
    var second = http.sendAsync(stream, HttpResponse.BodyHandlers.ofLines());
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scrape().get("marketlab_dashboard_clients") == 2.0);

    store.failQueriesWith("the store is down (test)");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scrape().get("marketlab_dashboard_store_errors_total{source=\"live\"}") >= 3);
    store.failQueriesWith(null);

    first.get().body().close();
    second.get().body().close();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scrape().get("marketlab_dashboard_clients") == 0.0);
    // A live stream counts as a request when it ends.
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> scrape().getOrDefault(requests("stream", "2xx"), 0.0) == 2.0);
  }

  @Test
  void should_register_its_scrape_target_and_remove_it_on_close() throws Exception {
    server.registerScrapeTarget(dir, "dashboard-test");
    Path target =
        dir.resolve("conf")
            .resolve("prometheus-targets")
            .resolve("dashboard")
            .resolve("dashboard-test.json");
    assertThat(Files.readString(target))
        .isEqualTo(
            "[{\"targets\":[\"127.0.0.1:"
                + server.port()
                + "\"],\"labels\":{\"part\":\"dashboard-test\"}}]\n");

    server.close();
    server = null;

    assertThat(target).doesNotExist();
  }

  static String requests(String route, String statusClass) {
    return "marketlab_dashboard_requests_total{route=\""
        + route
        + "\",status=\""
        + statusClass
        + "\"}";
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Over a raw socket: Java's HTTP client does not let a test set the Host header. */
  private int rawStatus(String path, String host) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return Integer.parseInt(response.substring(9, 12));
    }
  }

  private Map<String, Double> scrape() throws Exception {
    return scrape(http, server.port());
  }

  /** {@code /metrics} of the dashboard on {@code port}: series ({@code name{labels}}) → value. */
  static Map<String, Double> scrape(HttpClient http, int port) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    Map<String, Double> samples = new TreeMap<>();
    try (Stream<String> lines = response.body().lines()) {
      lines
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .forEach(
              line -> {
                int space = line.lastIndexOf(' ');
                samples.put(
                    line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
              });
    }
    return samples;
  }
}
