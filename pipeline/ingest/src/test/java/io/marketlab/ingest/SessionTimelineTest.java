package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.model.finnhub.FinnhubCodec;
import io.marketlab.model.finnhub.TradeTick;
import io.marketlab.model.session.SessionFrame;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTimelineTest {

  private static final long START = TestSessions.BASE_TIME_MS;
  private static final long WALL = 1_790_000_000_000_000L; // any wall clock: it must not matter

  @TempDir Path dir;

  private static String trade(String symbol, long timeMs) {
    return FinnhubCodec.tradeFrame(List.of(new TradeTick(symbol, 1.5, 1, timeMs, List.of())));
  }

  private static final String A0 = trade("A", START);
  private static final String A2 = trade("A", START + 2_000);
  private static final String AB3 =
      FinnhubCodec.tradeFrame(
          List.of(
              new TradeTick("A", 2.5, 1, START + 3_000, List.of()),
              new TradeTick("B", 3.5, 1, START + 3_000, List.of())));
  private static final String NAN4 =
      "{\"type\":\"trade\",\"data\":[{\"s\":\"A\",\"p\":NaN,\"t\":" + START + ",\"v\":1}]}";
  private static final String A10 = trade("A", START + 10_000);
  private static final String A20 = trade("A", START + 20_000);

  private Path session() {
    return TestSessions.write(
        dir.resolve("t.session.gz"),
        List.of("A", "B"),
        List.of(
            new SessionFrame(0, A0),
            new SessionFrame(1_000_000, "{\"type\":\"ping\"}"),
            new SessionFrame(2_000_000, A2),
            new SessionFrame(2_500_000, A2), // the same frame again, later
            new SessionFrame(3_000_000, AB3),
            new SessionFrame(4_000_000, NAN4),
            new SessionFrame(10_000_000, A10),
            new SessionFrame(20_000_123, A20)));
  }

  @Test
  void should_date_each_received_trade_frame_at_its_recorded_receipt_in_order() {
    try (SessionTimeline timeline = SessionTimeline.open(session(), Set.of("A", "B"))) {
      assertThat(timeline.receiptMillis(WALL, A0)).isEqualTo(START);
      assertThat(timeline.receiptMillis(WALL, A2)).isEqualTo(START + 2_000);
      assertThat(timeline.receiptMillis(WALL, A2)).isEqualTo(START + 2_500);
      assertThat(timeline.receiptMillis(WALL, AB3)).isEqualTo(START + 3_000);
      // A trade frame with no valid trade goes out verbatim and is checked too.
      assertThat(timeline.receiptMillis(WALL, NAN4)).isEqualTo(START + 4_000);
      assertThat(timeline.receiptMillis(WALL, A10)).isEqualTo(START + 10_000);
      // 20_000_123 µs: floored to the ms, as the reference does.
      assertThat(timeline.receiptMillis(WALL + 5, A20)).isEqualTo(START + 20_000);
      assertThat(timeline.unmatched()).isZero();
    }
  }

  @Test
  void should_skip_frames_the_ingest_missed_and_keep_the_last_receipt_for_a_stranger() {
    try (SessionTimeline timeline = SessionTimeline.open(session(), Set.of("A", "B"))) {
      assertThat(timeline.receiptMillis(WALL, A0)).isEqualTo(START);
      // A dropped connection: A2, A2 and AB3 were never received.
      assertThat(timeline.receiptMillis(WALL, NAN4)).isEqualTo(START + 4_000);
      assertThat(timeline.receiptMillis(WALL, trade("Z", START))).isEqualTo(START + 4_000);
      assertThat(timeline.unmatched()).isEqualTo(1);
      assertThat(timeline.receiptMillis(WALL, A10)).isEqualTo(START + 10_000);
    }
  }

  @Test
  void should_match_the_frame_as_the_replay_server_filters_it_for_the_subscription() {
    String onlyA =
        FinnhubCodec.tradeFrame(List.of(new TradeTick("A", 2.5, 1, START + 3_000, List.of())));
    try (SessionTimeline timeline = SessionTimeline.open(session(), Set.of("A"))) {
      assertThat(timeline.receiptMillis(WALL, onlyA)).isEqualTo(START + 3_000);
      assertThat(timeline.unmatched()).isZero();
    }
  }
}
