package io.marketlab.harness;

import io.marketlab.model.session.SessionReader;
import io.marketlab.model.session.SessionStats;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * What a run expects: the trades the ingest must receive, the candles the reference predicts (0 =
 * not known), the days the trades fall on (for bounded counts in progress lines), and how long the
 * processor may commit nothing new before the run reads back what is there. The wait itself is on
 * the processor's checkpoint against the topic's end offsets, not on the store.
 */
public record Expectation(long trades, int candles, DayRange days, Duration stallTimeout) {

  public static final Duration DEFAULT_STALL_TIMEOUT = Duration.ofSeconds(120);

  public static Expectation of(long trades, int candles, DayRange days) {
    return new Expectation(trades, candles, days, DEFAULT_STALL_TIMEOUT);
  }

  /**
   * From the session file alone, for a replay of every symbol: its valid trade entries (price
   * updates included, as the processor stores them), no candle count, its days ({@link
   * DayRange#ofSession}).
   */
  public static Expectation ofSession(Path session) {
    SessionStats stats = SessionReader.stats(session);
    Instant start;
    try (SessionReader header = SessionReader.open(session)) {
      start = header.header().startTime();
    }
    return of(stats.trades(), 0, DayRange.ofSession(start, stats.lastOffsetMicros()));
  }

  public Expectation withStallTimeout(Duration value) {
    return new Expectation(trades, candles, days, value);
  }
}
