package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayServerTest {

  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "BINANCE:BTCUSDT");

  @TempDir Path dir;

  private static ReplayServerConfig fast() {
    return ReplayServerConfig.defaults()
        .withSpeed(Double.POSITIVE_INFINITY)
        .withStartOnFirstSubscription(true, Duration.ofMillis(300));
  }

  private static List<TradeTick> ticksIn(List<String> frames) {
    List<TradeTick> ticks = new ArrayList<>();
    for (String frame : frames) {
      if (FinnhubCodec.parse(frame) instanceof FinnhubMessage.Trades trades) {
        ticks.addAll(trades.valid());
      }
    }
    return ticks;
  }

  @Test
  void should_send_only_the_trades_of_subscribed_symbols_in_session_order() throws Exception {
    TestSessions.Generated session = TestSessions.generate(1, 200, 1000, SYMBOLS);
    Path file = TestSessions.write(dir.resolve("s.session.gz"), SYMBOLS, session.frames());
    List<TradeTick> expected = new ArrayList<>();
    for (TradeTick tick : session.ticks()) {
      if (!tick.symbol().equals("MSFT")) {
        expected.add(tick);
      }
    }

    try (ReplayServer server = ReplayServer.fromSession(file, fast()).start();
        RawClient client = new RawClient(server.url()).open()) {
      client.send(FinnhubCodec.subscribe("AAPL"));
      client.send(FinnhubCodec.subscribe("MSFT"));
      client.send(FinnhubCodec.subscribe("BINANCE:BTCUSDT"));
      client.send(FinnhubCodec.unsubscribe("MSFT"));

      ReplayProgress done = server.awaitFinished(Duration.ofSeconds(10));
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> ticksIn(client.nonPings()).size() == expected.size());

      assertThat(ticksIn(client.nonPings())).isEqualTo(expected);
      assertThat(done.tradesSent()).isEqualTo(expected.size());
      Map<String, Long> bySymbol = new HashMap<>();
      for (TradeTick tick : expected) {
        bySymbol.merge(tick.symbol(), 1L, Long::sum);
      }
      assertThat(done.tradesBySymbol()).isEqualTo(bySymbol);
      assertThat(done.framesReplayed()).isEqualTo(200);
      assertThat(done.finished()).isTrue();
    }
  }

  @Test
  void should_send_frames_that_are_not_trade_frames_as_recorded_to_subscribed_connections()
      throws Exception {
    List<SessionFrame> frames =
        List.of(
            new SessionFrame(0, "{broken"),
            new SessionFrame(
                10,
                FinnhubCodec.tradeFrame(
                    List.of(new TradeTick("MSFT", 2.0, 1, TestSessions.BASE_TIME_MS, List.of())))),
            new SessionFrame(20, "{\"type\":\"news\"}"));
    Path file = TestSessions.write(dir.resolve("m.session.gz"), SYMBOLS, frames);

    try (ReplayServer server = ReplayServer.fromSession(file, fast()).start();
        RawClient subscribed = new RawClient(server.url()).open();
        RawClient idle = new RawClient(server.url()).open()) {
      subscribed.send(FinnhubCodec.subscribe("AAPL"));
      server.awaitFinished(Duration.ofSeconds(10));

      await().atMost(Duration.ofSeconds(5)).until(() -> subscribed.nonPings().size() == 2);
      assertThat(subscribed.nonPings()).containsExactly("{broken", "{\"type\":\"news\"}");
      assertThat(idle.nonPings()).isEmpty();
    }
  }

  @Test
  void should_answer_invalid_symbol_for_a_symbol_outside_the_session_when_asked_to()
      throws Exception {
    Path file =
        TestSessions.write(
            dir.resolve("i.session.gz"),
            SYMBOLS,
            TestSessions.generate(2, 3, 1000, SYMBOLS).frames());

    try (ReplayServer server =
            ReplayServer.fromSession(file, fast().withRejectUnknownSymbols(true)).start();
        RawClient client = new RawClient(server.url()).open()) {
      client.send(FinnhubCodec.subscribe("NOPE"));

      await().atMost(Duration.ofSeconds(5)).until(() -> client.nonPings().size() == 1);
      FinnhubMessage answer = FinnhubCodec.parse(client.nonPings().get(0));
      assertThat(answer).isEqualTo(new FinnhubMessage.ErrorMessage("Invalid symbol NOPE"));
    }
  }

  @Test
  void should_ping_every_interval() throws Exception {
    Path file = TestSessions.write(dir.resolve("p.session.gz"), SYMBOLS, List.of());

    try (ReplayServer server =
            ReplayServer.fromSession(file, fast().withPingInterval(Duration.ofMillis(50))).start();
        RawClient client = new RawClient(server.url()).open()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> client.received.size() >= 3);
      assertThat(client.received).allMatch(text -> text.equals(FinnhubCodec.ping()));
    }
  }

  @Test
  void should_schedule_frames_at_their_offset_divided_by_the_speed() {
    List<Long> offsets = List.of(0L, 500_000L, 1_000_000L, 2_000_000L);

    assertThat(ReplaySchedule.dueNanos(offsets, 10.0))
        .containsExactly(0L, 50_000_000L, 100_000_000L, 200_000_000L);
    assertThat(ReplaySchedule.dueNanos(offsets, 0.5))
        .containsExactly(0L, 1_000_000_000L, 2_000_000_000L, 4_000_000_000L);
    assertThat(ReplaySchedule.dueNanos(offsets, Double.POSITIVE_INFINITY)).containsOnly(0L);
  }

  @Test
  void should_never_send_a_frame_before_its_offset_divided_by_the_speed() throws Exception {
    // 2 s of session, frames every 100 ms, one symbol so the first subscription is the only one.
    List<String> symbols = List.of("AAPL");
    TestSessions.Generated session = TestSessions.generate(3, 21, 100_000, symbols);
    Path file = TestSessions.write(dir.resolve("t.session.gz"), symbols, session.frames());
    double speed = 10;
    ReplayServerConfig config =
        ReplayServerConfig.defaults()
            .withSpeed(speed)
            .withStartOnFirstSubscription(true, Duration.ZERO);

    try (ReplayServer server = ReplayServer.fromSession(file, config).start();
        RawClient client = new RawClient(server.url()).open()) {
      // The replay clock starts at the subscription, so not before this instant.
      long beforeSubscribe = System.nanoTime();
      client.send(FinnhubCodec.subscribe("AAPL"));
      server.awaitFinished(Duration.ofSeconds(30));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> client.nonPings().size() == session.frames().size());

      List<String> texts = new ArrayList<>();
      List<Long> arrivals = new ArrayList<>();
      for (int i = 0; i < client.received.size(); i++) {
        if (!client.received.get(i).equals(FinnhubCodec.ping())) {
          texts.add(client.received.get(i));
          arrivals.add(client.receivedAtNanos.get(i) - beforeSubscribe);
        }
      }
      List<String> expectedTexts = new ArrayList<>();
      for (SessionFrame frame : session.frames()) {
        expectedTexts.add(frame.text());
      }
      assertThat(texts).isEqualTo(expectedTexts);
      // Load can only delay a frame; a frame that arrives early means the schedule is wrong.
      for (int k = 0; k < arrivals.size(); k++) {
        long due = ReplaySchedule.dueNanos(session.frames().get(k).offsetMicros(), speed);
        assertThat(arrivals.get(k))
            .as("frame %d (due %d ns after the start)", k, due)
            .isGreaterThanOrEqualTo(due);
      }
    }
  }

  @Test
  void should_parse_speed_settings() {
    assertThat(ReplayServerConfig.parseSpeed("max")).isInfinite();
    assertThat(ReplayServerConfig.parseSpeed("2.5")).isEqualTo(2.5);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReplayServerConfig.parseSpeed("-1"))
        .hasMessageContaining("'-1'");
  }

  @Test
  void should_refuse_nothing_by_default_and_report_the_session_symbols_only_when_asked()
      throws Exception {
    Path file =
        TestSessions.write(
            dir.resolve("d.session.gz"),
            SYMBOLS,
            TestSessions.generate(4, 5, 1000, SYMBOLS).frames());
    try (ReplayServer server = ReplayServer.fromSession(file, fast()).start();
        RawClient client = new RawClient(server.url()).open()) {
      client.send(FinnhubCodec.subscribe("NOPE"));
      ReplayProgress done = server.awaitFinished(Duration.ofSeconds(10));
      assertThat(done.tradesSent()).isZero();
      assertThat(client.nonPings()).isEmpty();
      assertThat(Set.copyOf(done.tradesBySymbol().keySet())).isEmpty();
    }
  }
}
