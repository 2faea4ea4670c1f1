package io.marketlab.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/** Counters of one ingest run; thread-safe, read with {@link #snapshot()}. */
public final class IngestMetrics {

  /** Latencies above an hour are clamped: they are bugs or clock jumps, not measurements. */
  private static final long MAX_TRACKED_MICROS = 3_600_000_000L;

  private final LongAdder frames = new LongAdder();
  private final LongAdder trades = new LongAdder();
  private final LongAdder priceUpdates = new LongAdder();
  private final LongAdder pings = new LongAdder();
  private final LongAdder serverErrors = new LongAdder();
  private final LongAdder reconnects = new LongAdder();
  private final LongAdder acked = new LongAdder();
  private final LongAdder sendFailures = new LongAdder();
  private final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
  private final Histogram sendLatencyMicros = new SynchronizedHistogram(MAX_TRACKED_MICROS, 3);

  IngestMetrics() {}

  void frame() {
    frames.increment();
  }

  /** One trade handed to the producer; {@code priceUpdate} when its volume is 0. */
  void trade(boolean priceUpdate) {
    trades.increment();
    if (priceUpdate) {
      priceUpdates.increment();
    }
  }

  void ping() {
    pings.increment();
  }

  void serverError() {
    serverErrors.increment();
  }

  void reconnect() {
    reconnects.increment();
  }

  /** A dead letter, counted by the reason's category (the text before the first colon). */
  void deadLetter(String category) {
    deadLetters.computeIfAbsent(category, key -> new LongAdder()).increment();
  }

  /** The broker acknowledged a trade, {@code micros} after the frame arrived. */
  void acked(long micros) {
    acked.increment();
    sendLatencyMicros.recordValue(Math.max(0, Math.min(micros, MAX_TRACKED_MICROS)));
  }

  void sendFailure() {
    sendFailures.increment();
  }

  public Snapshot snapshot() {
    Map<String, Long> letters = new TreeMap<>();
    for (Map.Entry<String, LongAdder> entry : deadLetters.entrySet()) {
      letters.put(entry.getKey(), entry.getValue().sum());
    }
    Histogram latency = sendLatencyMicros.copy();
    return new Snapshot(
        frames.sum(),
        trades.sum(),
        priceUpdates.sum(),
        pings.sum(),
        serverErrors.sum(),
        reconnects.sum(),
        acked.sum(),
        sendFailures.sum(),
        Map.copyOf(letters),
        latency);
  }

  /**
   * Counters at one moment.
   *
   * @param sendLatencyMicros receipt-to-broker-ack latency of acknowledged trades, µs (a copy)
   */
  public record Snapshot(
      long frames,
      long trades,
      long priceUpdates,
      long pings,
      long serverErrors,
      long reconnects,
      long acked,
      long sendFailures,
      Map<String, Long> deadLettersByReason,
      Histogram sendLatencyMicros) {

    public long deadLetters() {
      long total = 0;
      for (long count : deadLettersByReason.values()) {
        total += count;
      }
      return total;
    }

    /** One line for progress logs. */
    public String line() {
      return String.format(
          "frames=%d trades=%d (price updates %d) acked=%d failed=%d dlq=%d%s pings=%d"
              + " reconnects=%d latency p50=%dus p99=%dus max=%dus",
          frames,
          trades,
          priceUpdates,
          acked,
          sendFailures,
          deadLetters(),
          deadLettersByReason.isEmpty() ? "" : " " + new TreeMap<>(deadLettersByReason),
          pings,
          reconnects,
          sendLatencyMicros.getValueAtPercentile(50),
          sendLatencyMicros.getValueAtPercentile(99),
          sendLatencyMicros.getMaxValue());
    }
  }
}
