package io.marketlab.harness;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How often a supervised process may be restarted: at most {@code maxRestarts} within any {@code
 * window}; one more exit inside the window means it is broken, not unlucky. Not thread-safe (the
 * supervisor asks from one thread).
 */
final class RestartPolicy {

  private final int maxRestarts;
  private final Duration window;
  private final Deque<Long> restarts = new ArrayDeque<>();

  RestartPolicy(int maxRestarts, Duration window) {
    if (maxRestarts < 0) {
      throw new IllegalArgumentException("maxRestarts must be >= 0, got " + maxRestarts);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("the restart window must be positive, got " + window);
    }
    this.maxRestarts = maxRestarts;
    this.window = window;
  }

  int maxRestarts() {
    return maxRestarts;
  }

  Duration window() {
    return window;
  }

  /** True, and the restart counted, when one more restart at {@code nowNanos} is within bounds. */
  boolean tryRestart(long nowNanos) {
    while (!restarts.isEmpty() && nowNanos - restarts.peekFirst() >= window.toNanos()) {
      restarts.removeFirst();
    }
    if (restarts.size() >= maxRestarts) {
      return false;
    }
    restarts.addLast(nowNanos);
    return true;
  }

  /** Restarts counted within the window ending at {@code nowNanos}. */
  int recent(long nowNanos) {
    int count = 0;
    for (long at : restarts) {
      if (nowNanos - at < window.toNanos()) {
        count++;
      }
    }
    return count;
  }
}
