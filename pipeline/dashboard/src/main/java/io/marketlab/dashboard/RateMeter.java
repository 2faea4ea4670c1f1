package io.marketlab.dashboard;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A rate from samples of a growing count (a topic's summed end offsets): the count per second
 * between the newest sample and the oldest one of the last {@link #WINDOW_MS} ms. Samples are taken
 * when the page asks, so the first answer has no rate yet. Thread-safe.
 */
final class RateMeter {

  static final long WINDOW_MS = 10_000;

  /** Two samples closer than this give no rate (too noisy). */
  static final long MIN_SPAN_MS = 500;

  private record Sample(long atMs, long count) {}

  private final Deque<Sample> samples = new ArrayDeque<>();

  /**
   * Adds a sample and returns the rate per second, or null when there is none yet. A count that
   * went down (a topic deleted and created again) starts over.
   */
  synchronized Double sample(long nowMs, long count) {
    Sample newest = samples.peekLast();
    if (newest != null && (count < newest.count() || nowMs < newest.atMs())) {
      samples.clear();
    }
    samples.addLast(new Sample(nowMs, count));
    while (samples.size() > 2 && samples.peekFirst().atMs() < nowMs - WINDOW_MS) {
      samples.removeFirst();
    }
    Sample oldest = samples.peekFirst();
    long span = nowMs - oldest.atMs();
    if (span < MIN_SPAN_MS) {
      return null;
    }
    return (count - oldest.count()) * 1000.0 / span;
  }
}
