package io.marketlab.processor;

/** Pauses that double from a minimum to a maximum, and start over once things work. */
final class Backoff {

  private final long minMs;
  private final long maxMs;
  private final long giveUpMs;
  private long nextMs;
  private long failingSinceNanos = -1;

  Backoff(long minMs, long maxMs, long giveUpMs) {
    this.minMs = minMs;
    this.maxMs = maxMs;
    this.giveUpMs = giveUpMs;
    this.nextMs = minMs;
  }

  static Backoff of(StoreSettings settings) {
    return new Backoff(
        settings.retryBackoffMinMs(), settings.retryBackoffMaxMs(), settings.retryGiveUpMs());
  }

  /** The pause before the next attempt; each call doubles the next one, up to the maximum. */
  long nextPauseMs() {
    if (failingSinceNanos < 0) {
      failingSinceNanos = System.nanoTime();
    }
    long pause = nextMs;
    nextMs = Math.min(maxMs, nextMs * 2);
    return pause;
  }

  long maxPauseMs() {
    return maxMs;
  }

  void reset() {
    nextMs = minMs;
    failingSinceNanos = -1;
  }

  /** Whether failures have lasted longer than the give-up time (never when it is 0). */
  boolean exhausted() {
    return giveUpMs > 0
        && failingSinceNanos >= 0
        && (System.nanoTime() - failingSinceNanos) / 1_000_000 > giveUpMs;
  }

  /**
   * Sleeps for the next pause; an interrupt (the query stopping) ends the wait with an exception.
   */
  void pause() {
    try {
      Thread.sleep(nextPauseMs());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry a Cassandra write", e);
    }
  }
}
