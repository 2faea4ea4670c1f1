package io.marketlab.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketlab.layout.Resolution;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveStreamTest {

  static final Instant WINDOW = Instant.parse("2024-08-08T23:59:58Z");

  InMemoryMarketStore store;
  DashboardServer server;
  final List<String> lines = new CopyOnWriteArrayList<>();
  Thread reader;

  @BeforeEach
  void start() {
    store = new InMemoryMarketStore(List.of("AAPL"));
    store.put(TestData.candle("AAPL", Resolution.SECOND, WINDOW, 0, WINDOW.plusMillis(900)));
    store.add(TestData.trade("AAPL", WINDOW.plusMillis(10), 1, 101.5, 3000));
    server =
        new DashboardServer(
            store, DashboardConfig.defaults().withPort(0).withPollInterval(Duration.ofMillis(50)));
  }

  @AfterEach
  void stop() {
    server.close();
    if (reader != null) {
      reader.interrupt();
    }
  }

  @Test
  void should_push_the_current_state_then_changed_candles_and_new_trades() {
    follow("/api/stream?symbol=AAPL&resolution=1s");

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                count("event:candles") == 1
                    && count("event:trades") == 1
                    && count("event:status") >= 1
                    && count("event:latency") >= 1);
    assertThat(lines).anyMatch(line -> line.contains(WINDOW.toString()));

    Candle later = TestData.candle("AAPL", Resolution.SECOND, WINDOW, 0, WINDOW.plusMillis(1900));
    Candle next =
        TestData.candle(
            "AAPL", Resolution.SECOND, WINDOW.plusSeconds(1), 1, WINDOW.plusMillis(1950));
    StoredTrade newTrade = TestData.trade("AAPL", WINDOW.plusMillis(1200), 2, 102.25, 4000);
    // One change for the poller: two separate puts could be seen by two polls, two events.
    store.atomically(
        () -> {
          store.put(later);
          store.put(next);
          store.add(newTrade);
        });

    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> count("event:candles") >= 2 && count("event:trades") >= 2);
    // Let a few more polls run: nothing changed since, so nothing more may be sent.
    long statuses = count("event:status");
    await().atMost(Duration.ofSeconds(10)).until(() -> count("event:status") >= statuses + 3);
    assertThat(count("event:candles")).isEqualTo(2);
    assertThat(count("event:trades")).isEqualTo(2);
    String secondCandles = dataAfter("event:candles", 2);
    assertThat(secondCandles).contains(later.updatedAt().toString(), next.windowStart().toString());
    assertThat(occurrences(secondCandles, "\"windowStart\"")).isEqualTo(2);
    String secondTrades = dataAfter("event:trades", 2);
    assertThat(secondTrades).contains(newTrade.identity()).doesNotContain("ing-test/1/0");
    assertThat(occurrences(secondTrades, "\"id\"")).isEqualTo(1);
  }

  @Test
  void should_not_repeat_candles_whose_updated_at_did_not_change() {
    follow("/api/stream?symbol=AAPL&resolution=1s");
    await().atMost(Duration.ofSeconds(10)).until(() -> count("event:status") >= 5);
    assertThat(count("event:candles")).isEqualTo(1);
    assertThat(count("event:trades")).isEqualTo(1);
  }

  @Test
  void should_tell_the_page_when_the_store_is_unavailable() {
    follow("/api/stream?symbol=AAPL&resolution=1m");
    await().atMost(Duration.ofSeconds(10)).until(() -> count("event:status") >= 1);
    store.failWith("Cassandra is down");
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> lines.stream().anyMatch(line -> line.contains("Cassandra is down")));
  }

  private void follow(String path) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
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

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private long count(String prefix) {
    return lines.stream().filter(line -> line.startsWith(prefix)).count();
  }

  /** The data line following the n-th (from 1) occurrence of an event line. */
  private String dataAfter(String event, int occurrence) {
    int seen = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(event) && ++seen == occurrence) {
        return lines.get(i + 1);
      }
    }
    throw new AssertionError("no " + event + " #" + occurrence + " in " + lines);
  }
}
