package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.TradeTick;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

  /** The scripted server speaks plain ws:// on loopback: sending it a token takes the opt-in. */
  private static final TokenPolicy INSECURE = new TokenPolicy(List.of(), true);

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
    return connect(
        FinnhubClientConfig.of(URI.create(server.url()), "s3cret", SYMBOLS, INSECURE)
            .withSilenceTimeout(silenceTimeout));
  }

  private FinnhubClient connect(FinnhubClientConfig settings) {
    FinnhubClientConfig config = settings.withBackoff(FAST);
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
        FinnhubClientConfig.of(URI.create("wss://ws.finnhub.io?token=s3cret"), "s3cret", SYMBOLS);
    assertThat(config.toString()).doesNotContain("s3cret");
    assertThat(config.redactedUrl()).isEqualTo("wss://ws.finnhub.io?token=***");
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
              FinnhubClientConfig.of(url, "bad-token", SYMBOLS, INSECURE).withBackoff(FAST),
              listener);
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

  @Test
  void should_refuse_to_send_the_token_over_plain_ws_or_to_a_host_that_is_not_finnhub() {
    // Before: the token was appended to any --url, plain ws:// included.
    for (String url :
        List.of(
            "ws://ws.finnhub.io",
            "ws://127.0.0.1:8765",
            "wss://ws.finnhub.io.evil.example",
            "wss://evil.example/?u=ws.finnhub.io")) {
      assertThatThrownBy(() -> FinnhubClientConfig.of(URI.create(url), "s3cret", SYMBOLS))
          .as(url)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("refusing to send the Finnhub token")
          .hasMessageContaining("LAB_FINNHUB_INSECURE_TOKEN")
          .hasMessageNotContaining("s3cret");
    }
    assertThat(
            FinnhubClient.withToken(
                URI.create("wss://WS.finnhub.io"), "s3cret", TokenPolicy.defaults()))
        .hasToString("wss://WS.finnhub.io?token=s3cret");
    assertThat(FinnhubClientConfig.of(URI.create("ws://127.0.0.1:8765"), null, SYMBOLS).token())
        .isNull();
    assertThat(
            FinnhubClientConfig.of(URI.create("ws://127.0.0.1:8765"), "s3cret", SYMBOLS, INSECURE)
                .token())
        .isEqualTo("s3cret");
    assertThatThrownBy(
            () ->
                FinnhubClient.withToken(
                    URI.create("ws://127.0.0.1:1"), "s3cret", TokenPolicy.defaults()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_dead_letter_a_fragmented_frame_over_the_limit_by_its_head_and_stay_connected() {
    connect(Duration.ofSeconds(30));
    String huge = "{\"type\":\"trade\",\"data\":[" + "{\"s\":\"AAPL\"},".repeat(200_000) + "{}]}";
    assertThat(huge.length()).isGreaterThan(2 * FinnhubCodec.DEFAULT_MAX_FRAME_BYTES);

    server.sendFragmented(huge, 40);
    server.latest().send("{\"type\":\"ping\"}");

    await().atMost(Duration.ofSeconds(10)).until(() -> listener.messages.size() == 2);
    // Before: the whole 2.8 MB was assembled first and handed over (unbounded assembly).
    assertThat(listener.frames.get(0).text())
        .hasSize(FrameAssembly.HEAD_CHARS)
        .isEqualTo(huge.substring(0, FrameAssembly.HEAD_CHARS));
    assertThat(listener.messages.get(0))
        .isInstanceOfSatisfying(
            FinnhubMessage.Malformed.class,
            malformed ->
                assertThat(malformed.reason())
                    .startsWith("frame too large: " + huge.length() + " bytes")
                    .contains("limit of " + FinnhubCodec.DEFAULT_MAX_FRAME_BYTES));
    assertThat(listener.messages.get(1)).isInstanceOf(FinnhubMessage.Ping.class);
    assertThat(listener.disconnected).isEmpty();
    assertThat(client.connections()).isEqualTo(1);
  }

  @Test
  void should_dead_letter_a_text_frame_with_invalid_utf8_then_reconnect() {
    connect(Duration.ofSeconds(30));
    byte[] head = "{\"type\":\"trade\",\"data\":[{\"s\":\"".getBytes(StandardCharsets.UTF_8);
    byte[] bad = java.util.Arrays.copyOf(head, head.length + 3);
    bad[head.length] = (byte) 0xC3; // a 2-byte sequence cut short
    bad[head.length + 1] = (byte) 0x28;
    bad[head.length + 2] = '"';

    // Java-WebSocket checks text frames it sends; this one skips the check, as a broken server.
    org.java_websocket.framing.TextFrame frame =
        new org.java_websocket.framing.TextFrame() {
          @Override
          public void isValid() {}
        };
    frame.setPayload(ByteBuffer.wrap(bad));
    frame.setFin(true);
    server.latest().sendFrame(frame);

    // Before: the connection closed (1007) and nothing reached the listener: no dead letter.
    await().atMost(Duration.ofSeconds(10)).until(() -> listener.connected.size() == 2);
    assertThat(listener.messages)
        .singleElement()
        .isInstanceOfSatisfying(
            FinnhubMessage.Malformed.class,
            malformed ->
                assertThat(malformed.reason())
                    .startsWith("invalid UTF-8 in a text frame")
                    .contains("1007"));
    assertThat(listener.frames.get(0).seq()).isZero();
    server.latest().send("{\"type\":\"ping\"}");
    await().atMost(Duration.ofSeconds(5)).until(() -> listener.frames.size() == 2);
    assertThat(listener.frames.get(1).seq()).isEqualTo(1);
  }

  @Test
  void should_check_trade_times_against_the_receipt_timeline_not_the_wall_clock() {
    long recordedReceipt = TestSessions.BASE_TIME_MS;
    connect(
        FinnhubClientConfig.of(URI.create(server.url()), null, SYMBOLS)
            .withReceiptTimeline((receivedAtMicros, text) -> recordedReceipt));
    String frame =
        FinnhubCodec.tradeFrame(
            List.of(
                new TradeTick("AAPL", 1.5, 1, recordedReceipt + 3_600_000, List.of()),
                new TradeTick("AAPL", 1.5, 1, recordedReceipt + 1_000, List.of())));

    server.latest().send(frame);

    await().atMost(Duration.ofSeconds(5)).until(() -> listener.messages.size() == 1);
    // Before: checked against now + 1 day, a trade an hour after its (historical) receipt passed.
    FinnhubMessage.Trades trades = (FinnhubMessage.Trades) listener.messages.get(0);
    assertThat(trades.rejected()).extracting(r -> r.index()).containsExactly(0);
    assertThat(trades.rejected().get(0).reason()).startsWith("t: future-dated");
    assertThat(trades.valid())
        .extracting(TradeTick::timeMs)
        .containsExactly(recordedReceipt + 1_000);
  }
}
