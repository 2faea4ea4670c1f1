package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketlab.layout.Resolution;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live clients that do not read: a real socket that sends its request and never reads the answer,
 * next to a client that reads, over a store whose every read returns new data (so every poll sends
 * every client a full set of candles and trades).
 */
class SlowLiveClientTest {

  static final Instant WINDOW = Instant.parse("2024-08-08T23:59:00Z");

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private DashboardServer server;
  private Thread reader;

  /** Every read answers new candles (a new updated_at) and new trades (new identities). */
  static final class ChurningStore implements MarketStore {
    private final AtomicLong reads = new AtomicLong();

    @Override
    public void ping() {}

    @Override
    public List<String> symbols() {
      return List.of("AAPL");
    }

    @Override
    public List<Candle> candles(String symbol, Resolution resolution, Instant from, Instant to) {
      return List.of();
    }

    @Override
    public List<Candle> newestCandles(String symbol, Resolution resolution, int limit) {
      long read = reads.incrementAndGet();
      List<Candle> candles = new ArrayList<>();
      for (int i = 0; i < limit; i++) {
        candles.add(
            TestData.candle(
                symbol, resolution, WINDOW.plusSeconds(i), i, WINDOW.plusMillis(1000 * i + read)));
      }
      return candles;
    }

    @Override
    public List<StoredTrade> latestTrades(String symbol, int limit) {
      long read = reads.incrementAndGet();
      List<StoredTrade> newestFirst = new ArrayList<>();
      for (int i = limit - 1; i >= 0; i--) {
        newestFirst.add(TestData.trade(symbol, WINDOW.plusMillis(i), read * 1000 + i, 100, 500));
      }
      return newestFirst;
    }

    @Override
    public LatencySummary latency(int lastTrades) {
      return LatencySummary.of(List.of());
    }
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (reader != null) {
      reader.interrupt();
    }
  }

  @Test
  void a_client_that_stops_reading_should_be_dropped_without_freezing_the_others()
      throws Exception {
    server =
        new DashboardServer(
            new ChurningStore(),
            DashboardConfig.defaults().withPort(0).withPollInterval(Duration.ofMillis(20)));
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(1024); // before connect: a small window, so the server blocks soon
      slow.connect(new InetSocketAddress("127.0.0.1", server.port()));
      OutputStream request = slow.getOutputStream();
      request.write(
          ("GET /api/stream?symbol=AAPL&resolution=1s HTTP/1.1\r\n"
                  + "Host: 127.0.0.1:"
                  + server.port()
                  + "\r\nAccept: text/event-stream\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      request.flush();
      await().atMost(Duration.ofSeconds(10)).until(() -> health().get("liveClients").asInt() == 1);

      follow("/api/stream?symbol=AAPL&resolution=1s");

      // 300 polls send the slow client far more (~17 KB a poll) than its socket buffers and its
      // queue hold: the reading client must keep getting every poll's status all along.
      await().atMost(Duration.ofSeconds(20)).until(() -> count("event:status") >= 300);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> health().path("droppedClients").asInt() == 1);
      assertThat(health().get("liveClients").asInt()).isEqualTo(1);
      var metrics = DashboardMetricsTest.scrape(http, server.port());
      assertThat(metrics.get("marketlab_dashboard_slow_clients_dropped_total")).isEqualTo(1);
      assertThat(metrics.get("marketlab_dashboard_clients")).isEqualTo(1);

      // The server closed the slow connection: reading what it had sent comes to an end.
      slow.setSoTimeout(10_000);
      InputStream in = slow.getInputStream();
      byte[] buffer = new byte[64 * 1024];
      while (in.read(buffer) >= 0) {
        // drain
      }
    }
    long statuses = count("event:status");
    await().atMost(Duration.ofSeconds(10)).until(() -> count("event:status") >= statuses + 5);
  }

  @Test
  void a_client_over_the_limit_should_get_a_503_saying_why() throws Exception {
    server =
        new DashboardServer(
            new ChurningStore(),
            DashboardConfig.defaults()
                .withPort(0)
                .withPollInterval(Duration.ofMillis(50))
                .withLiveLimits(1, 100));
    follow("/api/stream?symbol=AAPL&resolution=1s");
    await().atMost(Duration.ofSeconds(10)).until(() -> count("event:status") >= 1);

    HttpResponse<String> refused =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/api/stream?symbol=AAPL"))
                .header("Accept", "text/event-stream")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(json.readTree(refused.body()).get("error").asText())
        .isEqualTo(
            "too many live clients: this dashboard serves at most 1 at a time (setting"
                + " LAB_DASHBOARD_MAX_CLIENTS); close another dashboard page or raise the limit");
    assertThat(health().get("liveClients").asInt()).isEqualTo(1);
  }

  private JsonNode health() throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/api/health"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return json.readTree(response.body());
  }

  private void follow(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .header("Accept", "text/event-stream")
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

  private long count(String prefix) {
    return lines.stream().filter(line -> line.startsWith(prefix)).count();
  }
}
