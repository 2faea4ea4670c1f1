package io.marketlab.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedTest {

  @Test
  void should_subscribe_a_replay_to_every_symbol_of_the_session_unless_told_otherwise() {
    Feed.Replay replay = Feed.replay(Path.of("s.session.gz"), Double.POSITIVE_INFINITY);

    assertThat(replay.symbols()).isEmpty();
    assertThat(replay.withSymbols(Set.of("BINANCE:BTCUSDT")).symbols())
        .containsExactly("BINANCE:BTCUSDT");
    assertThatThrownBy(() -> Feed.replay(Path.of("s"), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_never_show_the_live_token() {
    Feed feed = Feed.finnhub(URI.create("wss://ws.finnhub.io"), "secret-token", List.of("AAPL"));

    assertThat(feed.toString())
        .doesNotContain("secret-token")
        .contains("wss://ws.finnhub.io", "AAPL");
    assertThatThrownBy(() -> Feed.finnhub(URI.create("wss://ws.finnhub.io"), "", List.of("AAPL")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
