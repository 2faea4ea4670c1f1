package io.marketlab.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Trades stored per second, estimated from a sample of the newest stored trades (the latency
 * sample: the newest N of each symbol): how many of them were stored ({@code stored_at}) within the
 * last {@link #WINDOW}, over that window, or over the time the sample covers when all of it is that
 * recent (the sample is then too small to see further back).
 */
final class StoredRate {

  static final Duration WINDOW = Duration.ofSeconds(10);

  private StoredRate() {}

  static double perSecond(List<StoredTrade> sample, Instant now, Duration window) {
    long nowMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    long since = nowMicros - window.toNanos() / 1000;
    long inWindow = 0;
    long oldest = Long.MAX_VALUE;
    for (StoredTrade trade : sample) {
      oldest = Math.min(oldest, trade.storedAtMicros());
      if (trade.storedAtMicros() >= since) {
        inWindow++;
      }
    }
    if (inWindow == 0) {
      return 0;
    }
    long span = oldest >= since ? Math.max(nowMicros - oldest, 1_000_000) : nowMicros - since;
    return inWindow * 1_000_000.0 / span;
  }
}
