package io.marketlab.ingest;

import java.time.Duration;
import java.util.List;

/**
 * A replay's speed over time: a base speed, and bursts during which the replay runs at another
 * speed. A burst's {@code at} and {@code length} are <b>wall time</b> after the replay starts (the
 * clock fault steps use), so "{@code at: 60s, for: 30s, speed: 10}" means: from 60 s to 90 s of the
 * replay, ten seconds of session go out each second (300 s of session in those 30 s). Outside
 * bursts the base speed holds. Session time and wall time meet at every edge (the schedule is
 * continuous, {@link ReplaySchedule}): no frame is due before the one before it, none twice.
 *
 * @param speed the base speed; {@code Double.POSITIVE_INFINITY} ("max") only without bursts
 * @param bursts in time order, not overlapping, each a finite positive speed
 */
public record SpeedProfile(double speed, List<Burst> bursts) {

  /**
   * @param at wall time after the replay start when the burst begins
   * @param length how long it lasts (wall time)
   * @param speed its speed
   */
  public record Burst(Duration at, Duration length, double speed) {
    public Burst {
      if (at == null || at.isNegative()) {
        throw new IllegalArgumentException("a burst's start must be >= 0, got " + at);
      }
      if (length == null || length.isNegative() || length.isZero()) {
        throw new IllegalArgumentException("a burst's length must be > 0, got " + length);
      }
      if (!(speed > 0) || Double.isInfinite(speed)) {
        throw new IllegalArgumentException(
            "a burst's speed must be a positive number (not max), got " + speed);
      }
    }

    Duration end() {
      return at.plus(length);
    }
  }

  public SpeedProfile {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be > 0 (or max), got " + speed);
    }
    bursts = bursts == null ? List.of() : List.copyOf(bursts);
    if (Double.isInfinite(speed) && !bursts.isEmpty()) {
      throw new IllegalArgumentException(
          "bursts need a finite base speed: at max every frame is due at once");
    }
    for (int i = 1; i < bursts.size(); i++) {
      if (bursts.get(i).at().compareTo(bursts.get(i - 1).end()) < 0) {
        throw new IllegalArgumentException(
            "burst "
                + i
                + " starts at "
                + bursts.get(i).at()
                + ", before burst "
                + (i - 1)
                + " ends at "
                + bursts.get(i - 1).end()
                + "; list bursts in time order, not overlapping");
      }
    }
  }

  /** One speed throughout. */
  public static SpeedProfile constant(double speed) {
    return new SpeedProfile(speed, List.of());
  }
}
