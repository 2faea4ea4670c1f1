package io.marketlab.scenarios.run;

import io.marketlab.config.Durations;
import io.marketlab.harness.StoredTrade;
import io.marketlab.ingest.SpeedProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rate of a replay with bursts, per segment of its speed profile (a figure of the report, not a
 * check): trades the ingest received in the segment (what the replay server offered, a loopback hop
 * later) and trades Cassandra stored in it, each per second of the segment. Wall time is counted
 * from the first receipt of the run (the first frame is due at the replay start); the last segment
 * ends at the last receipt.
 */
final class SegmentRates {

  /** One segment: its speed, wall span after the replay start, trades received and stored. */
  record Segment(double speed, Duration from, Duration to, long received, long stored) {

    String name() {
      return speedText(speed) + " " + Durations.format(from) + "–" + Durations.format(to);
    }

    String rates() {
      double seconds = Math.max(0.001, (to.toMillis() - from.toMillis()) / 1000.0);
      return String.format(
          Locale.ROOT,
          "offered %.1f trades/s (%d received), stored %.1f trades/s (%d)",
          received / seconds,
          received,
          stored / seconds,
          stored);
    }
  }

  private SegmentRates() {}

  static List<Segment> of(SpeedProfile profile, List<StoredTrade> trades) {
    List<Segment> segments = new ArrayList<>();
    if (trades.isEmpty() || profile.bursts().isEmpty()) {
      return segments;
    }
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (StoredTrade trade : trades) {
      first = Math.min(first, trade.receivedAtMicros());
      last = Math.max(last, Math.max(trade.receivedAtMicros(), trade.storedAtMicros()));
    }
    List<long[]> spans = new ArrayList<>(); // {from µs, to µs} after the start
    List<Double> speeds = new ArrayList<>();
    long at = 0;
    for (SpeedProfile.Burst burst : profile.bursts()) {
      long start = burst.at().toNanos() / 1000;
      if (start > at) {
        spans.add(new long[] {at, start});
        speeds.add(profile.speed());
      }
      at = burst.at().plus(burst.length()).toNanos() / 1000;
      spans.add(new long[] {start, at});
      speeds.add(burst.speed());
    }
    long end = last - first + 1;
    if (end > at) {
      spans.add(new long[] {at, end});
      speeds.add(profile.speed());
    }
    for (int i = 0; i < spans.size(); i++) {
      long from = spans.get(i)[0];
      long to = spans.get(i)[1];
      long received = 0;
      long stored = 0;
      for (StoredTrade trade : trades) {
        long receivedAt = trade.receivedAtMicros() - first;
        long storedAt = trade.storedAtMicros() - first;
        received += receivedAt >= from && receivedAt < to ? 1 : 0;
        stored += storedAt >= from && storedAt < to ? 1 : 0;
      }
      segments.add(
          new Segment(
              speeds.get(i),
              Duration.ofNanos(from * 1000),
              Duration.ofNanos(to * 1000),
              received,
              stored));
    }
    return segments;
  }

  private static String speedText(double speed) {
    return (speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed)) + "x";
  }
}
