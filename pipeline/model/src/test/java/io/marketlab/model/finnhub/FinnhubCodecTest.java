package io.marketlab.model.finnhub;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.model.finnhub.FinnhubMessage.ErrorMessage;
import io.marketlab.model.finnhub.FinnhubMessage.Malformed;
import io.marketlab.model.finnhub.FinnhubMessage.Ping;
import io.marketlab.model.finnhub.FinnhubMessage.Trades;
import io.marketlab.model.finnhub.FinnhubMessage.Unknown;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FinnhubCodecTest {

  private static final Instant NOW = Instant.parse("2024-08-09T00:00:00Z");
  private final FinnhubCodec codec =
      new FinnhubCodec(FinnhubCodec.Config.DEFAULT.withClock(Clock.fixed(NOW, ZoneOffset.UTC)));

  private Trades trades(String text) {
    FinnhubMessage message = codec.decode(text);
    assertThat(message).isInstanceOf(Trades.class);
    return (Trades) message;
  }

  private static String oneTrade(String fields) {
    return "{\"type\":\"trade\",\"data\":[{" + fields + "}]}";
  }

  @Test
  void should_parse_a_crypto_trade_frame_with_null_conditions() {
    Trades t =
        trades(
            "{\"data\":[{\"c\":null,\"p\":61837.63,\"s\":\"BINANCE:BTCUSDT\",\"t\":1723161255342,"
                + "\"v\":0.02}],\"type\":\"trade\"}");
    assertThat(t.rejected()).isEmpty();
    assertThat(t.valid())
        .containsExactly(
            new TradeTick("BINANCE:BTCUSDT", 61837.63, 0.02, 1723161255342L, List.of()));
  }

  @Test
  void should_parse_an_equity_frame_with_several_trades_and_conditions() {
    Trades t =
        trades(
            "{\"type\":\"trade\",\"data\":[{\"s\":\"AAPL\",\"p\":261.74,\"t\":1700000000123,\"v\":100,"
                + "\"c\":[\"1\",\"12\"]},{\"s\":\"AAPL\",\"p\":261.75,\"t\":1700000000123,\"v\":5}]}");
    assertThat(t.valid()).hasSize(2);
    assertThat(t.valid().get(0).conditions()).containsExactly("1", "12");
    assertThat(t.valid().get(1).conditions()).isEmpty();
    assertThat(t.valid().get(1).volume()).isEqualTo(5.0);
  }

  @Test
  void should_accept_zero_volume_as_a_price_update() {
    Trades t = trades(oneTrade("\"s\":\"X\",\"p\":1.5,\"t\":1723161255342,\"v\":0"));
    assertThat(t.valid())
        .singleElement()
        .satisfies(tick -> assertThat(tick.isPriceUpdate()).isTrue());
  }

  @Test
  void should_keep_two_identical_trades_in_one_frame() {
    String entry = "{\"s\":\"X\",\"p\":1.5,\"t\":1723161255342,\"v\":1}";
    Trades t = trades("{\"type\":\"trade\",\"data\":[" + entry + "," + entry + "]}");
    assertThat(t.valid()).hasSize(2);
  }

  @Test
  void should_accept_an_empty_data_array() {
    Trades t = trades("{\"type\":\"trade\",\"data\":[]}");
    assertThat(t.valid()).isEmpty();
    assertThat(t.rejected()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "missing symbol       | \"p\":1.5,\"t\":1723161255342,\"v\":1                 | s: missing",
        "empty symbol         | \"s\":\"\",\"p\":1.5,\"t\":1723161255342,\"v\":1      | s: not a non-empty string",
        "numeric symbol       | \"s\":5,\"p\":1.5,\"t\":1723161255342,\"v\":1         | s: not a non-empty string",
        "missing price        | \"s\":\"X\",\"t\":1723161255342,\"v\":1               | p: missing",
        "price as string      | \"s\":\"X\",\"p\":\"1.5\",\"t\":1723161255342,\"v\":1 | p: not a number",
        "NaN price            | \"s\":\"X\",\"p\":NaN,\"t\":1723161255342,\"v\":1     | p: not a finite number",
        "infinite price       | \"s\":\"X\",\"p\":Infinity,\"t\":1723161255342,\"v\":1 | p: not a finite number",
        "overflowing price    | \"s\":\"X\",\"p\":1e400,\"t\":1723161255342,\"v\":1   | p: not a finite number",
        "zero price           | \"s\":\"X\",\"p\":0,\"t\":1723161255342,\"v\":1       | p: out of range",
        "negative price       | \"s\":\"X\",\"p\":-1.5,\"t\":1723161255342,\"v\":1    | p: out of range",
        "absurd price         | \"s\":\"X\",\"p\":1e9,\"t\":1723161255342,\"v\":1     | p: out of range",
        "missing volume       | \"s\":\"X\",\"p\":1.5,\"t\":1723161255342              | v: missing",
        "null volume          | \"s\":\"X\",\"p\":1.5,\"t\":1723161255342,\"v\":null   | v: missing",
        "negative volume      | \"s\":\"X\",\"p\":1.5,\"t\":1723161255342,\"v\":-1     | v: out of range",
        "NaN volume           | \"s\":\"X\",\"p\":1.5,\"t\":1723161255342,\"v\":NaN    | v: not a finite number",
        "absurd volume        | \"s\":\"X\",\"p\":1.5,\"t\":1723161255342,\"v\":1e12   | v: out of range",
        "boolean volume       | \"s\":\"X\",\"p\":1.5,\"t\":1723161255342,\"v\":true   | v: not a number",
        "missing time         | \"s\":\"X\",\"p\":1.5,\"v\":1                         | t: missing",
        "fractional time      | \"s\":\"X\",\"p\":1.5,\"t\":1723161255342.5,\"v\":1   | t: not an integer",
        "time as string       | \"s\":\"X\",\"p\":1.5,\"t\":\"1723161255342\",\"v\":1 | t: not an integer",
        "time in seconds      | \"s\":\"X\",\"p\":1.5,\"t\":1723161255,\"v\":1        | t: before 2000",
        "time in microseconds | \"s\":\"X\",\"p\":1.5,\"t\":1723161255342000,\"v\":1  | t: future-dated",
        "conditions as string | \"s\":\"X\",\"p\":1.5,\"t\":1723161255342,\"v\":1,\"c\":\"12\" | c: not an array",
        "numeric condition    | \"s\":\"X\",\"p\":1.5,\"t\":1723161255342,\"v\":1,\"c\":[12] | c: element is not a string",
      })
  void should_reject_an_invalid_trade_and_keep_the_valid_one(
      String caseName, String badFields, String reason) {
    String good = "{\"s\":\"OK\",\"p\":2.5,\"t\":1723161255342,\"v\":3}";
    Trades t = trades("{\"type\":\"trade\",\"data\":[" + good + ",{" + badFields + "}]}");
    assertThat(t.valid()).extracting(TradeTick::symbol).containsExactly("OK");
    assertThat(t.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.index()).isEqualTo(1);
              assertThat(r.reason()).startsWith(reason);
            });
  }

  @Test
  void should_reject_a_trade_stamped_beyond_the_skew_after_its_frames_receipt() {
    long receivedAt = NOW.toEpochMilli() - 3_600_000L; // a replayed frame, an hour before "now"
    long skew = FinnhubCodec.DEFAULT_FUTURE_SKEW_MS;
    long oneHourAhead = receivedAt + 3_600_000L; // before "now": the old rule (now + 1 day) took it
    long justBeyond = receivedAt + skew + 1;
    long atTheSkew = receivedAt + skew;
    long behind = receivedAt - 60_000L;
    String frame =
        "{\"type\":\"trade\",\"data\":["
            + String.join(
                ",", entry(oneHourAhead), entry(justBeyond), entry(atTheSkew), entry(behind))
            + "]}";

    FinnhubMessage message = codec.decode(frame, () -> receivedAt);

    Trades t = (Trades) message;
    assertThat(t.rejected()).extracting(Rejected::index).containsExactly(0, 1);
    assertThat(t.rejected().get(0).reason())
        .startsWith("t: future-dated")
        .contains("5000 ms after the frame's receipt at " + Instant.ofEpochMilli(receivedAt))
        .endsWith(": " + oneHourAhead);
    assertThat(t.valid()).extracting(TradeTick::timeMs).containsExactly(atTheSkew, behind);
  }

  @Test
  void should_measure_the_skew_from_now_when_no_receipt_time_is_given() {
    long skew = FinnhubCodec.DEFAULT_FUTURE_SKEW_MS;
    Trades t =
        trades(
            "{\"type\":\"trade\",\"data\":["
                + entry(NOW.toEpochMilli() + skew + 1)
                + ","
                + entry(NOW.toEpochMilli() + skew)
                + "]}");
    assertThat(t.rejected()).extracting(Rejected::index).containsExactly(0);
    assertThat(codec.check(new TradeTick("X", 1, 1, NOW.toEpochMilli() + skew + 1, null)))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("t: future-dated"));
    assertThat(
            codec.check(
                new TradeTick("X", 1, 1, NOW.toEpochMilli() + 60_000, null),
                NOW.toEpochMilli() + 60_000))
        .isEmpty();
  }

  @Test
  void should_take_a_configured_skew_and_refuse_a_negative_one() {
    FinnhubCodec lenient =
        new FinnhubCodec(codec.config().withFutureSkew(java.time.Duration.ofMinutes(1)));
    long receivedAt = NOW.toEpochMilli();
    Trades t =
        (Trades)
            lenient.decode(
                "{\"type\":\"trade\",\"data\":["
                    + entry(receivedAt + 60_000)
                    + ","
                    + entry(receivedAt + 60_001)
                    + "]}",
                () -> receivedAt);
    assertThat(t.rejected()).extracting(Rejected::index).containsExactly(1);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> codec.config().withFutureSkew(java.time.Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("futureSkew");
  }

  private static String entry(long timeMs) {
    return "{\"s\":\"X\",\"p\":1,\"v\":1,\"t\":" + timeMs + "}";
  }

  @Test
  void should_reject_a_trade_before_2000() {
    Trades t = trades(oneTrade("\"s\":\"X\",\"p\":1,\"v\":1,\"t\":946684799999"));
    assertThat(t.rejected())
        .singleElement()
        .extracting(Rejected::reason)
        .asString()
        .startsWith("t:");
    assertThat(trades(oneTrade("\"s\":\"X\",\"p\":1,\"v\":1,\"t\":946684800000")).valid())
        .hasSize(1);
  }

  @Test
  void should_check_a_tick_with_the_same_rules_as_parsing() {
    assertThat(codec.check(new TradeTick("X", 1.5, 0, 1723161255342L, null))).isEmpty();
    assertThat(codec.check(new TradeTick("X", Double.NaN, 1, 1723161255342L, null)))
        .contains("p: not a finite number");
    assertThat(codec.check(new TradeTick(" ", 1, 1, 1723161255342L, null))).isPresent();
    assertThat(codec.check(new TradeTick("X", 1, -0.5, 1723161255342L, null)))
        .contains("v: out of range [0, 1e12)");
    assertThat(codec.check(new TradeTick("X", 1, 1, 1723161255L, null)))
        .get()
        .asString()
        .startsWith("t:");
  }

  @Test
  void should_reject_an_entry_that_is_not_an_object() {
    Trades t = trades("{\"type\":\"trade\",\"data\":[42]}");
    assertThat(t.rejected())
        .singleElement()
        .extracting(Rejected::reason)
        .asString()
        .contains("not an object");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "{\"type\":\"trade\",\"data\":[",
        "{\"type\":\"ping\"} trailing",
        "",
        "[1,2]",
        "\"trade\"",
        "42",
        "{}",
        "{\"type\":5}",
        "{\"type\":\"trade\"}",
        "{\"type\":\"trade\",\"data\":{}}",
      })
  void should_call_a_frame_malformed(String text) {
    assertThat(codec.decode(text)).isInstanceOf(Malformed.class);
  }

  @Test
  void should_call_an_oversized_frame_malformed_without_parsing_it() {
    FinnhubCodec small = new FinnhubCodec(FinnhubCodec.Config.DEFAULT.withMaxFrameBytes(40));
    String frame = FinnhubCodec.tradeFrame(List.of(new TradeTick("X", 1, 1, 1723161255342L, null)));
    assertThat(frame.length()).isGreaterThan(40);
    assertThat(small.decode(frame))
        .isInstanceOf(Malformed.class)
        .extracting(m -> ((Malformed) m).reason())
        .asString()
        .contains("too large");
    // multi-byte characters count as bytes, not chars: 16 chars, 44 bytes
    assertThat(small.decode("\"€€€€€€€€€€€€€€\""))
        .satisfies(m -> assertThat(((Malformed) m).reason()).contains("too large"));
    assertThat(FinnhubCodec.Config.DEFAULT.maxFrameBytes()).isEqualTo(1024 * 1024);
  }

  @Test
  void should_parse_ping() {
    assertThat(codec.decode("{\"type\":\"ping\"}")).isEqualTo(new Ping());
    assertThat(codec.decode(FinnhubCodec.ping())).isEqualTo(new Ping());
  }

  @Test
  void should_parse_finnhub_error_frames_in_either_key_order() {
    assertThat(codec.decode("{\"type\":\"error\",\"msg\":\"Subscribing to too many symbols\"}"))
        .isEqualTo(new ErrorMessage("Subscribing to too many symbols"));
    assertThat(codec.decode("{\"msg\":\"Invalid symbol X\",\"type\":\"error\"}"))
        .isEqualTo(new ErrorMessage("Invalid symbol X"));
    assertThat(codec.decode(FinnhubCodec.error("Invalid symbol \"Q\"")))
        .isEqualTo(new ErrorMessage("Invalid symbol \"Q\""));
  }

  @Test
  void should_keep_an_unknown_type_whole() {
    String text = "{\"type\":\"news\",\"data\":[]}";
    assertThat(codec.decode(text)).isEqualTo(new Unknown("news", text));
  }

  @Test
  void should_write_a_trade_frame_that_parses_back_to_the_same_ticks() {
    List<TradeTick> ticks =
        List.of(
            new TradeTick("BINANCE:BTCUSDT", 61837.63, 0.02, 1723161255342L, List.of()),
            new TradeTick("SPY", 167.41, 100, 1381132800464L, List.of("@", "F")),
            new TradeTick("WEIRD \"sym\"", 2e8, 2e-7, 1723161255342L, List.of()));
    String frame = FinnhubCodec.tradeFrame(ticks);
    assertThat(frame)
        .startsWith(
            "{\"type\":\"trade\",\"data\":[{\"s\":\"BINANCE:BTCUSDT\",\"p\":61837.63,"
                + "\"t\":1723161255342,\"v\":0.02,\"c\":null}")
        .contains("\"v\":100,\"c\":[\"@\",\"F\"]");
    assertThat(((Trades) codec.decode(frame)).valid()).isEqualTo(ticks);
  }

  @Test
  void should_write_doubles_as_the_shortest_exact_decimal() {
    // Java 17's Double.toString writes 1.9999999999999998E23 for 2e23; the frame must say 2.0E23.
    // The writer does not validate, so an out-of-range value shows the notation.
    String frame =
        FinnhubCodec.tradeFrame(List.of(new TradeTick("X", 0.1, 2e23, 1723161255342L, null)));
    assertThat(frame).contains("\"p\":0.1,").contains("\"v\":2.0E23,");
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 2000; i++) {
      double price = Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) % 1e9;
      if (!(price > 0)) {
        continue;
      }
      double volume = random.nextDouble() * 1000;
      TradeTick tick = new TradeTick("X", price, volume, 1723161255342L, null);
      TradeTick back =
          ((Trades) codec.decode(FinnhubCodec.tradeFrame(List.of(tick)))).valid().get(0);
      assertThat(back.price()).isEqualTo(price);
      assertThat(back.volume()).isEqualTo(volume);
    }
  }

  @Test
  void should_write_subscribe_and_unsubscribe_frames() {
    assertThat(FinnhubCodec.subscribe("BINANCE:BTCUSDT"))
        .isEqualTo("{\"type\":\"subscribe\",\"symbol\":\"BINANCE:BTCUSDT\"}");
    assertThat(FinnhubCodec.unsubscribe("AAPL"))
        .isEqualTo("{\"type\":\"unsubscribe\",\"symbol\":\"AAPL\"}");
  }

  @Test
  void should_parse_client_requests() {
    assertThat(FinnhubCodec.parseClientRequest(FinnhubCodec.subscribe("AAPL")))
        .isEqualTo(new ClientRequest.Subscribe("AAPL"));
    assertThat(FinnhubCodec.parseClientRequest("{\"symbol\":\"AAPL\",\"type\":\"unsubscribe\"}"))
        .isEqualTo(new ClientRequest.Unsubscribe("AAPL"));
    assertThat(FinnhubCodec.parseClientRequest("{\"type\":\"subscribe\"}"))
        .isInstanceOf(ClientRequest.Invalid.class);
    assertThat(FinnhubCodec.parseClientRequest("{\"type\":\"subscribe\",\"symbol\":\"\"}"))
        .isInstanceOf(ClientRequest.Invalid.class);
    assertThat(FinnhubCodec.parseClientRequest("{\"type\":\"buy\",\"symbol\":\"AAPL\"}"))
        .isInstanceOf(ClientRequest.Invalid.class);
    assertThat(FinnhubCodec.parseClientRequest("nope")).isInstanceOf(ClientRequest.Invalid.class);
    assertThat(FinnhubCodec.parseClientRequest(null)).isInstanceOf(ClientRequest.Invalid.class);
  }
}
