package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.TradeTick;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FinnhubClientTest {

  private static final List<String> SYMBOLS = List.of("AAPL", "BINANCE:BTCUSDT");
  private static final BackoffPolicy FAST =
      new BackoffPolicy(Duration.ofMillis(20), Duration.ofMillis(200), 2.0);

  private ScriptedServer server;
  private FinnhubClient client;
  private final RecordingListener listener = new RecordingListener();

  @BeforeEach
  void startServer() throws InterruptedException {
    server = new ScriptedServer().begin();
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  private FinnhubClient connect(Duration silenceTimeout) {
    FinnhubClientConfig config =
        FinnhubClientConfig.of(URI.create(server.url()), "s3cret", SYMBOLS)
            .withSilenceTimeout(silenceTimeout)
            .withBackoff(FAST);
    client = new FinnhubClient(config, listener);
    client.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.connected.size() == 1);
    return client;
  }

  private long subscribeRequests() {
    return server.requests.stream().filter(r -> r.contains("\"subscribe\"")).count();
  }

  @Test
  void should_subscribe_every_symbol_with_the_token_in_the_query_but_not_in_the_config_text() {
    connect(Duration.ofSeconds(30));

    await().atMost(Duration.ofSeconds(5)).until(() -> server.requests.size() == 2);
    assertThat(server.requests)
        .containsExactly(FinnhubCodec.subscribe("AAPL"), FinnhubCodec.subscribe("BINANCE:BTCUSDT"));
    assertThat(server.resources).containsExactly("/?token=s3cret");
    FinnhubClientConfig config =
        FinnhubClientConfig.of(URI.create("wss://x?token=s3cret"), "s3cret", SYMBOLS);
    assertThat(config.toString()).doesNotContain("s3cret");
    assertThat(config.redactedUrl()).isEqualTo("wss://x?token=***");
  }

  @Test
  void should_hand_every_kind_of_frame_to_the_listener_in_order() {
    connect(Duration.ofSeconds(30));
    String trade =
        FinnhubCodec.tradeFrame(
            List.of(new TradeTick("AAPL", 261.74, 100, TestSessions.BASE_TIME_MS, List.of("1"))));
    List<String> frames =
        List.of(
            trade,
            "{\"type\":\"ping\"}",
            "{\"msg\":\"Invalid symbol XYZ\",\"type\":\"error\"}",
            "{\"msg\":\"Subscribing to too many symbols\",\"type\":\"error\"}",
            "{\"type\":\"news\"}",
            "garbage{");
    for (String frame : frames) {
      server.latest().send(frame);
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages.size() == frames.size());
    assertThat(listener.messages.get(0)).isInstanceOf(FinnhubMessage.Trades.class);
    assertThat(listener.messages.get(1)).isInstanceOf(FinnhubMessage.Ping.class);
    assertThat(listener.messages.get(2)).isInstanceOf(FinnhubMessage.ErrorMessage.class);
    assertThat(listener.messages.get(3)).isInstanceOf(FinnhubMessage.ErrorMessage.class);
    assertThat(listener.messages.get(4)).isInstanceOf(FinnhubMessage.Unknown.class);
    assertThat(listener.messages.get(5)).isInstanceOf(FinnhubMessage.Malformed.class);
    for (int i = 0; i < frames.size(); i++) {
      assertThat(listener.frames.get(i).seq()).isEqualTo(i);
      assertThat(listener.frames.get(i).text()).isEqualTo(frames.get(i));
    }
    assertThat(listener.serverErrors)
        .containsExactly(
            new ServerError.InvalidSymbol("XYZ", "Invalid symbol XYZ"),
            new ServerError.TooManySymbols("Subscribing to too many symbols"));
  }

  @Test
  void should_join_a_fragmented_text_frame_into_one_message() {
    connect(Duration.ofSeconds(30));
    List<TradeTick> ticks =
        List.of(
            new TradeTick("AAPL", 1.25, 10, TestSessions.BASE_TIME_MS, List.of()),
            new TradeTick("AAPL", 1.5, 20, TestSessions.BASE_TIME_MS + 1, List.of("12")));
    String text = FinnhubCodec.tradeFrame(ticks);

    server.sendFragmented(text, 3);

    await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages.size() == 1);
    assertThat(listener.frames.get(0).text()).isEqualTo(text);
    assertThat(((FinnhubMessage.Trades) listener.messages.get(0)).valid()).isEqualTo(ticks);
  }

  @Test
  void should_reconnect_and_resubscribe_after_the_server_drops_the_connection() {
    connect(Duration.ofSeconds(30));
    server.latest().send("{\"type\":\"ping\"}");
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.frames.size() == 1);

    server.latest().close(1001, "going away");

    await().atMost(Duration.ofSeconds(5)).until(() -> listener.connected.size() == 2);
    await().atMost(Duration.ofSeconds(5)).until(() -> subscribeRequests() == 4);
    assertThat(server.connections).hasSize(2);
    assertThat(listener.disconnected).hasSize(1);
    server.latest().send("{\"type\":\"ping\"}");
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.frames.size() == 2);
    assertThat(listener.frames.get(1).seq()).isEqualTo(1);
  }

  @Test
  void should_replace_a_connection_that_goes_silent() {
    connect(Duration.ofMillis(300));

    await().atMost(Duration.ofSeconds(5)).until(() -> listener.connected.size() >= 2);
    assertThat(listener.disconnected.get(0)).contains("no frame for");
    await().atMost(Duration.ofSeconds(5)).until(() -> subscribeRequests() >= 4);
  }

  @Test
  void should_fail_for_good_with_a_clear_message_when_the_handshake_answers_401() throws Exception {
    HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    AtomicInteger hits = new AtomicInteger();
    http.createContext(
        "/",
        exchange -> {
          hits.incrementAndGet();
          exchange.sendResponseHeaders(401, -1);
          exchange.close();
        });
    http.start();
    try {
      URI url = URI.create("ws://127.0.0.1:" + http.getAddress().getPort());
      client =
          new FinnhubClient(
              FinnhubClientConfig.of(url, "bad-token", SYMBOLS).withBackoff(FAST), listener);
      client.start();

      await().atMost(Duration.ofSeconds(5)).until(() -> client.terminated().isDone());
      ExecutionException failure =
          org.assertj.core.api.Assertions.catchThrowableOfType(
              ExecutionException.class, () -> client.terminated().get(1, TimeUnit.SECONDS));
      assertThat(failure.getCause())
          .isInstanceOf(FinnhubException.Unauthorized.class)
          .hasMessageContaining("401")
          .hasMessageContaining("FINNHUB_TOKEN")
          .hasMessageNotContaining("bad-token");
      assertThat(listener.fatal).hasSize(1);
      // No retry: the count stays at one attempt well beyond the fast backoff's delays.
      await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> hits.get() == 1);
      assertThat(listener.connected).isEmpty();
    } finally {
      http.stop(0);
    }
  }
}
