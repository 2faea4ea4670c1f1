package io.marketlab.ingest;

import java.util.List;

/** When each frame of a replay is due: offset / speed after the start (DESIGN.md, sessions). */
final class ReplaySchedule {

  private ReplaySchedule() {}

  /**
   * Nanoseconds after the replay start at which a frame recorded at {@code offsetMicros} is due.
   */
  static long dueNanos(long offsetMicros, double speed) {
    if (Double.isInfinite(speed)) {
      return 0;
    }
    return (long) (offsetMicros * 1000.0 / speed);
  }

  /** The due times of a whole list of offsets, in nanoseconds after the start. */
  static long[] dueNanos(List<Long> offsetsMicros, double speed) {
    long[] due = new long[offsetsMicros.size()];
    for (int i = 0; i < due.length; i++) {
      due[i] = dueNanos(offsetsMicros.get(i), speed);
    }
    return due;
  }
}
