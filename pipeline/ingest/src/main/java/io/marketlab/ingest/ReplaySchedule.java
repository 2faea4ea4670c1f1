package io.marketlab.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * When each frame of a replay is due (DESIGN.md, sessions): at one speed, offset / speed after the
 * start; with a {@link SpeedProfile}, through its segments. The profile cuts wall time into
 * segments {@code [w_k, w_k+1)} at speed {@code s_k}; segment k starts at session offset {@code o_k
 * = o_k-1 + s_k-1 · (w_k − w_k-1)}. A frame at offset {@code o} with {@code o_k <= o < o_k+1} is
 * due at {@code w_k + (o − o_k) / s_k}. At an edge both segments give {@code w_k}, so due times are
 * continuous and never decrease: nothing is sent early, nothing twice.
 */
final class ReplaySchedule {

  /** Segment k: from wall {@code startNanos[k]} and session {@code startMicros[k]}, at speed. */
  private final long[] startNanos;

  private final double[] startMicros;
  private final double[] speeds;

  private ReplaySchedule(long[] startNanos, double[] startMicros, double[] speeds) {
    this.startNanos = startNanos;
    this.startMicros = startMicros;
    this.speeds = speeds;
  }

  static ReplaySchedule of(SpeedProfile profile) {
    List<Long> walls = new ArrayList<>();
    List<Double> speeds = new ArrayList<>();
    walls.add(0L);
    speeds.add(profile.speed());
    for (SpeedProfile.Burst burst : profile.bursts()) {
      long at = burst.at().toNanos();
      if (at == walls.get(walls.size() - 1)) {
        speeds.set(speeds.size() - 1, burst.speed()); // starts where the last segment starts
      } else {
        walls.add(at);
        speeds.add(burst.speed());
      }
      walls.add(burst.end().toNanos());
      speeds.add(profile.speed());
    }
    int n = walls.size();
    long[] startNanos = new long[n];
    double[] startMicros = new double[n];
    double[] speedOf = new double[n];
    for (int k = 0; k < n; k++) {
      startNanos[k] = walls.get(k);
      speedOf[k] = speeds.get(k);
      startMicros[k] =
          k == 0
              ? 0
              : startMicros[k - 1] + speedOf[k - 1] * (startNanos[k] - startNanos[k - 1]) / 1000.0;
    }
    return new ReplaySchedule(startNanos, startMicros, speedOf);
  }

  /**
   * Nanoseconds after the replay start at which a frame recorded at {@code offsetMicros} is due.
   */
  long due(long offsetMicros) {
    int k = speeds.length - 1;
    while (k > 0 && offsetMicros < startMicros[k]) {
      k--;
    }
    if (Double.isInfinite(speeds[k])) {
      return startNanos[k];
    }
    long due = startNanos[k] + (long) ((offsetMicros - startMicros[k]) * 1000.0 / speeds[k]);
    // Rounding must not carry a frame past the edge where the next segment starts.
    return k + 1 < startNanos.length ? Math.min(due, startNanos[k + 1]) : due;
  }

  /**
   * Nanoseconds after the replay start at which a frame recorded at {@code offsetMicros} is due, at
   * one speed.
   */
  static long dueNanos(long offsetMicros, double speed) {
    return of(SpeedProfile.constant(speed)).due(offsetMicros);
  }

  /** The due times of a whole list of offsets, in nanoseconds after the start, at one speed. */
  static long[] dueNanos(List<Long> offsetsMicros, double speed) {
    ReplaySchedule schedule = of(SpeedProfile.constant(speed));
    long[] due = new long[offsetsMicros.size()];
    for (int i = 0; i < due.length; i++) {
      due[i] = schedule.due(offsetsMicros.get(i));
    }
    return due;
  }
}
