package io.marketlab.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketlab.model.finnhub.FinnhubMessage;
import io.marketlab.model.finnhub.Rejected;
import io.marketlab.model.finnhub.TradeTick;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GapTrackerTest {

  /** A clock the test moves: receipt times are its readings. */
  private long now = 1_000_000;

  private final GapTracker tracker = new GapTracker("ing-1", () -> now);
  private long seq;

  private List<FeedGap> frame(long receivedAt, TradeTick... ticks) {
    now = receivedAt;
    return tracker.onFrame(
        new ReceivedFrame(seq++, receivedAt, "{}"),
        new FinnhubMessage.Trades(List.of(ticks), List.of()));
  }

  private static TradeTick trade(String symbol, long timeMs) {
    return new TradeTick(symbol, 100.0, 1.0, timeMs, List.of());
  }

  private void lose(long at, String why) {
    now = at;
    tracker.onConnectionLost(why);
  }

  @Test
  void should_open_each_symbol_with_an_ingest_start_gap_at_its_first_trade() {
    List<FeedGap> first = frame(2_000_000, trade("A", 50_000), trade("B", 50_001));
    List<FeedGap> later = frame(2_100_000, trade("A", 50_100), trade("B", 50_101));

    assertThat(first)
        .containsExactly(
            new FeedGap(
                "A",
                "ingest-start: first trade of the symbol since the ingest started",
                "ing-1",
                null,
                50_000L,
                1_000_000,
                2_000_000),
            new FeedGap(
                "B",
                "ingest-start: first trade of the symbol since the ingest started",
                "ing-1",
                null,
                50_001L,
                1_000_000,
                2_000_000));
    assertThat(later).isEmpty();
  }

  @Test
  void should_bound_a_reconnect_gap_per_symbol_by_its_last_trade_before_and_first_after() {
    frame(2_000_000, trade("A", 50_000), trade("B", 50_010));
    frame(2_100_000, trade("A", 50_200));
    lose(2_200_000, "closed by server, code 1006");
    // B trades first after the reconnect, A a frame later: each symbol has its own ends.
    List<FeedGap> afterB = frame(3_000_000, trade("B", 58_000));
    List<FeedGap> afterA = frame(3_100_000, trade("A", 58_500));
    List<FeedGap> then = frame(3_200_000, trade("A", 58_600), trade("B", 58_700));

    String reason = "reconnect: closed by server, code 1006";
    assertThat(afterB)
        .containsExactly(new FeedGap("B", reason, "ing-1", 50_010L, 58_000L, 2_000_000, 3_000_000));
    assertThat(afterA)
        .containsExactly(new FeedGap("A", reason, "ing-1", 50_200L, 58_500L, 2_100_000, 3_100_000));
    assertThat(then).isEmpty();
  }

  @Test
  void should_make_one_gap_of_two_losses_before_the_symbol_trades_again() {
    frame(2_000_000, trade("A", 50_000));
    lose(2_100_000, "error: EOF");
    lose(2_500_000, "no frame for 30000 ms");
    List<FeedGap> gaps = frame(3_000_000, trade("A", 60_000));

    assertThat(gaps)
        .containsExactly(
            new FeedGap(
                "A", "reconnect: error: EOF", "ing-1", 50_000L, 60_000L, 2_000_000, 3_000_000));
  }

  @Test
  void should_count_a_frame_of_the_old_connection_delivered_after_the_loss_as_before_it() {
    frame(2_000_000, trade("A", 50_000));
    now = 2_050_000;
    long receivedBeforeLoss = now;
    lose(2_060_000, "error: EOF");
    // The receive thread had stamped this frame before the loss was reported.
    List<FeedGap> stale =
        tracker.onFrame(
            new ReceivedFrame(seq++, receivedBeforeLoss, "{}"),
            new FinnhubMessage.Trades(List.of(trade("A", 50_050)), List.of()));
    List<FeedGap> after = frame(3_000_000, trade("A", 60_000));

    assertThat(stale).isEmpty();
    assertThat(after)
        .containsExactly(
            new FeedGap(
                "A",
                "reconnect: error: EOF",
                "ing-1",
                50_050L,
                60_000L,
                receivedBeforeLoss,
                3_000_000));
  }

  @Test
  void should_close_a_gap_no_trade_ended_when_the_ingest_closes() {
    frame(2_000_000, trade("A", 50_000), trade("B", 50_001));
    lose(2_100_000, "error: EOF");
    frame(3_000_000, trade("B", 60_000));
    now = 4_000_000;
    List<FeedGap> atClose = tracker.onClose();

    assertThat(atClose)
        .containsExactly(
            new FeedGap(
                "A", "reconnect: error: EOF", "ing-1", 50_000L, null, 2_000_000, 4_000_000));
    assertThat(tracker.onClose()).isEmpty();
  }

  @Test
  void should_leave_symbols_that_never_traded_and_rejected_entries_out() {
    lose(1_500_000, "error: EOF");
    now = 2_000_000;
    List<FeedGap> gaps =
        tracker.onFrame(
            new ReceivedFrame(seq++, 2_000_000, "{}"),
            new FinnhubMessage.Trades(List.of(), List.of(new Rejected(0, "p: missing"))));
    List<FeedGap> ping =
        tracker.onFrame(new ReceivedFrame(seq++, 2_000_001, "{}"), new FinnhubMessage.Ping());

    assertThat(gaps).isEmpty();
    assertThat(ping).isEmpty();
    assertThat(tracker.onClose()).isEmpty();
  }

  @Test
  void should_hand_gaps_to_the_sink_before_the_frame_goes_on() {
    List<String> events = new ArrayList<>();
    GapListener listener =
        new GapListener(
            (frame, message) -> events.add("frame " + frame.seq()),
            tracker,
            gap -> events.add("gap " + gap.symbol() + " " + gap.category()));
    now = 2_000_000;
    listener.onMessage(
        new ReceivedFrame(0, 2_000_000, "{}"),
        new FinnhubMessage.Trades(List.of(trade("A", 1)), List.of()));
    now = 2_100_000;
    listener.onDisconnected("error: EOF");
    now = 4_000_000;
    listener.close();

    assertThat(events).containsExactly("gap A ingest-start", "frame 0", "gap A reconnect");
  }
}
