package io.marketlab.model.finnhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the frame codec with arbitrary frame text (the input bytes, read as UTF-8, as the
 * websocket client would hand them over). Properties, from docs/CONTRACTS.md "Finnhub frames":
 *
 * <ul>
 *   <li>{@code parse} never throws, and {@code parseClientRequest} neither;
 *   <li>a trade frame accounts for every entry of {@code data}: valid + rejected = entries, each
 *       rejected index once, in order, with a reason that starts with its field;
 *   <li>an accepted trade has a non-blank symbol, a finite price in (0, 1e9), a finite volume in
 *       [0, 1e12) and a time in [2000-01-01, now + 1 day];
 *   <li>the accepted trades, written back with {@code tradeFrame}, parse to the same trades with
 *       nothing rejected (the importers and the replay server write frames that way).
 * </ul>
 *
 * Seeds: {@code src/test/resources/io/marketlab/model/finnhub/FinnhubCodecFuzzTestInputs/}.
 */
class FinnhubCodecFuzzTest {

  /** A fixed "now", so that an input decides the same way every time it is replayed. */
  static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

  static final FinnhubCodec CODEC =
      new FinnhubCodec(FinnhubCodec.Config.DEFAULT.withClock(Clock.fixed(NOW, ZoneOffset.UTC)));

  /** Counts the entries of {@code data} on its own, so the codec's count can be checked. */
  private static final JsonMapper PLAIN =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

  @FuzzTest
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  @DictionaryEntries({
    "{\"type\":\"trade\",\"data\":[",
    "\"type\"",
    "\"trade\"",
    "\"ping\"",
    "\"error\"",
    "\"msg\"",
    "\"data\"",
    "\"s\":",
    "\"p\":",
    "\"t\":",
    "\"v\":",
    "\"c\":",
    "\"subscribe\"",
    "\"symbol\"",
    "NaN",
    "-Infinity",
    "1700000000123",
    "1e308",
    "null"
  })
  void parse(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);

    FinnhubMessage message = CODEC.decode(text);
    assertThat(message).isNotNull();
    if (message instanceof FinnhubMessage.Trades trades) {
      checkTrades(text, trades);
    } else if (message instanceof FinnhubMessage.Malformed malformed) {
      assertThat(malformed.reason()).isNotBlank();
    } else if (message instanceof FinnhubMessage.Unknown unknown) {
      assertThat(unknown.text()).isEqualTo(text);
    } else if (message instanceof FinnhubMessage.ErrorMessage error) {
      assertThat(error.msg()).isNotNull();
    } else {
      assertThat(message).isInstanceOf(FinnhubMessage.Ping.class);
    }

    ClientRequest request = FinnhubCodec.parseClientRequest(text);
    if (request instanceof ClientRequest.Subscribe subscribe) {
      assertThat(subscribe.symbol()).isNotBlank();
    } else if (request instanceof ClientRequest.Unsubscribe unsubscribe) {
      assertThat(unsubscribe.symbol()).isNotBlank();
    } else {
      assertThat(((ClientRequest.Invalid) request).reason()).isNotBlank();
    }
  }

  private static void checkTrades(String text, FinnhubMessage.Trades trades) {
    int entries = entries(text);
    assertThat(trades.valid().size() + trades.rejected().size())
        .as("valid + rejected entries of %s", text)
        .isEqualTo(entries);
    int previous = -1;
    for (Rejected rejected : trades.rejected()) {
      assertThat(rejected.index()).isGreaterThan(previous).isLessThan(entries);
      assertThat(rejected.reason()).matches("(?s)(entry |[spvtc]: ).*");
      previous = rejected.index();
    }
    long maxTime = NOW.plus(Duration.ofDays(1)).toEpochMilli();
    for (TradeTick tick : trades.valid()) {
      assertThat(tick.symbol()).as("symbol of %s", tick).isNotBlank();
      assertThat(Double.isFinite(tick.price()) && tick.price() > 0 && tick.price() < 1e9)
          .as("price of %s in (0, 1e9)", tick)
          .isTrue();
      assertThat(Double.isFinite(tick.volume()) && tick.volume() >= 0 && tick.volume() < 1e12)
          .as("volume of %s in [0, 1e12)", tick)
          .isTrue();
      assertThat(tick.timeMs())
          .as("time of %s", tick)
          .isBetween(Instant.parse("2000-01-01T00:00:00Z").toEpochMilli(), maxTime);
      assertThat(tick.conditions()).doesNotContainNull();
    }
    if (!trades.valid().isEmpty()) {
      String written = FinnhubCodec.tradeFrame(trades.valid());
      FinnhubMessage again = CODEC.decode(written);
      assertThat(again)
          .as("%s written back as %s", trades.valid(), written)
          .isEqualTo(new FinnhubMessage.Trades(trades.valid(), List.of()));
    }
  }

  private static int entries(String text) {
    try {
      JsonNode data = PLAIN.readTree(text).get("data");
      return data.size();
    } catch (Exception e) {
      throw new AssertionError("the codec accepted a trade frame Jackson cannot read: " + text, e);
    }
  }
}
