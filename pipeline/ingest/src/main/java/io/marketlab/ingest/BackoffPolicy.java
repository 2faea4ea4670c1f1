package io.marketlab.ingest;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with "equal jitter": the delay for attempt n is half of the capped
 * exponential value plus a random share of the other half. Keeping half fixed guarantees the delay
 * still grows, the random half spreads reconnects of many clients so they do not hit the server in
 * lockstep.
 *
 * @param initial delay before the first retry (default 250 ms)
 * @param max cap on any delay (default 30 s)
 * @param multiplier growth per attempt (default 2.0)
 */
record BackoffPolicy(Duration initial, Duration max, double multiplier) {

  static final Duration DEFAULT_INITIAL = Duration.ofMillis(250);
  static final Duration DEFAULT_MAX = Duration.ofSeconds(30);
  static final double DEFAULT_MULTIPLIER = 2.0;

  BackoffPolicy {
    if (initial == null || initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("backoff initial must be > 0, got " + initial);
    }
    if (max == null || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException(
          "backoff max must be >= initial (" + initial + "), got " + max);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("backoff multiplier must be >= 1, got " + multiplier);
    }
  }

  static BackoffPolicy defaults() {
    return new BackoffPolicy(DEFAULT_INITIAL, DEFAULT_MAX, DEFAULT_MULTIPLIER);
  }

  /** The capped delay without jitter for a 0-based attempt number. */
  Duration ceiling(int attempt) {
    double nanos = initial.toNanos() * Math.pow(multiplier, Math.max(0, attempt));
    long capped = nanos >= max.toNanos() ? max.toNanos() : (long) nanos;
    return Duration.ofNanos(capped);
  }

  /** The delay before retry number {@code attempt} (0-based): in [ceiling/2, ceiling]. */
  Duration delay(int attempt, Random random) {
    long ceiling = ceiling(attempt).toNanos();
    long half = ceiling / 2;
    long jitter = (long) (random.nextDouble() * (ceiling - half));
    return Duration.ofNanos(half + jitter);
  }
}
