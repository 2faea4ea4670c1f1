package io.marketlab.ingest;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SynchronizedHistogram;

/**
 * Counters of one ingest run; thread-safe, read with {@link #snapshot()}. Frames, trades, pings and
 * losses are counted as frames arrive (the receive thread); acknowledgements, dead letters and
 * failures as the sender drains the journal to Kafka.
 */
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
  private final LongAdder sendRetries = new LongAdder();
  private final LongAdder lostJournalFullFrames = new LongAdder();
  private final LongAdder lostJournalFullTrades = new LongAdder();
  private final LongAdder lostJournalErrorFrames = new LongAdder();
  private final LongAdder gapsJournaled = new LongAdder();
  private final LongAdder gapsAcked = new LongAdder();
  private final LongAdder lostGaps = new LongAdder();
  private final Map<String, LongAdder> deadLetters = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> gaps = new ConcurrentHashMap<>();
  private final Histogram sendLatencyMicros = new SynchronizedHistogram(MAX_TRACKED_MICROS, 3);
  private final LatencyBuckets ackLatency = new LatencyBuckets();
  private volatile boolean connected;
  private volatile LongSupplier journalBytes = () -> 0;
  private volatile LongSupplier journalDepth = () -> 0;
  private volatile LongSupplier journalPendingBytes = () -> 0;
  private volatile LongSupplier ackedSeq = () -> -1;

  IngestMetrics() {}

  /** Where the journal figures come from (the journal and its sender). */
  void watchJournal(LongSupplier bytes, LongSupplier depth, LongSupplier acknowledged) {
    journalBytes = bytes;
    journalDepth = depth;
    ackedSeq = acknowledged;
  }

  /** Where the journal bytes not yet acknowledged come from (the sender). */
  void watchPendingBytes(LongSupplier pendingBytes) {
    journalPendingBytes = pendingBytes;
  }

  /** A frame arrived (whether or not the journal could take it). */
  void frame() {
    frames.increment();
  }

  /** One trade received and journaled; {@code priceUpdate} when its volume is 0. */
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

  /** Whether a connection to the feed is open (and subscribed) now. */
  void connected(boolean value) {
    connected = value;
  }

  /** A dead letter acknowledged by Kafka, by the reason's category (one per frame). */
  void deadLetter(String category) {
    deadLetters.computeIfAbsent(category, key -> new LongAdder()).increment();
  }

  /** Kafka acknowledged {@code count} trades of one frame, {@code micros} after it arrived. */
  void acked(int count, long micros) {
    acked.add(count);
    long clamped = Math.max(0, Math.min(micros, MAX_TRACKED_MICROS));
    sendLatencyMicros.recordValueWithCount(clamped, count);
    ackLatency.record(clamped, count);
  }

  /** A send attempt failed; the record is resent from the journal, it is not lost. */
  void sendFailure() {
    sendFailures.increment();
  }

  /** The sender went back to the journal (after a failure) to resend. */
  void sendRetry() {
    sendRetries.increment();
  }

  /** The journal was full: a frame (with {@code tradesInFrame} trades) was refused and is lost. */
  void lostJournalFull(int tradesInFrame) {
    lostJournalFullFrames.increment();
    lostJournalFullTrades.add(tradesInFrame);
  }

  /** The disk refused a frame's write: it is lost. */
  void lostJournalError() {
    lostJournalErrorFrames.increment();
  }

  // Cheap reads for the metrics endpoint (a snapshot copies the latency histogram).
  long frames() {
    return frames.sum();
  }

  long trades() {
    return trades.sum();
  }

  long priceUpdates() {
    return priceUpdates.sum();
  }

  long pings() {
    return pings.sum();
  }

  long serverErrors() {
    return serverErrors.sum();
  }

  long reconnects() {
    return reconnects.sum();
  }

  long acked() {
    return acked.sum();
  }

  long sendFailures() {
    return sendFailures.sum();
  }

  long sendRetries() {
    return sendRetries.sum();
  }

  long lostJournalFullFrames() {
    return lostJournalFullFrames.sum();
  }

  long lostJournalFullTrades() {
    return lostJournalFullTrades.sum();
  }

  long lostJournalErrorFrames() {
    return lostJournalErrorFrames.sum();
  }

  Map<String, Long> deadLettersByReason() {
    return sums(deadLetters);
  }

  long journalBytes() {
    return journalBytes.getAsLong();
  }

  long journalDepth() {
    return journalDepth.getAsLong();
  }

  boolean isConnected() {
    return connected;
  }

  Map<String, Long> gapsByCategory() {
    return sums(gaps);
  }

  long gapsLost() {
    return lostGaps.sum();
  }

  long journalPendingBytes() {
    return journalPendingBytes.getAsLong();
  }

  /** A gap record was written to the journal. */
  void gapJournaled() {
    gapsJournaled.increment();
  }

  /**
   * Kafka acknowledged a gap record of {@code category} ({@code ingest-start}, {@code reconnect}),
   * once each, also after a resend.
   */
  void gapAcked(String category) {
    gapsAcked.increment();
    gaps.computeIfAbsent(category, key -> new LongAdder()).increment();
  }

  /** A gap record could not be journaled (journal full, disk error) or read back: it is lost. */
  void lostGap() {
    lostGaps.increment();
  }

  /** Gap records written to the journal. */
  public long gapsJournaled() {
    return gapsJournaled.sum();
  }

  /** Gap records Kafka acknowledged. */
  public long gapsAcked() {
    return gapsAcked.sum();
  }

  /** Gap records lost (never silent: each is an ERROR line too). */
  public long lostGaps() {
    return lostGaps.sum();
  }

  LatencyBuckets ackLatency() {
    return ackLatency;
  }

  private static Map<String, Long> sums(Map<String, LongAdder> adders) {
    Map<String, Long> out = new TreeMap<>();
    for (Map.Entry<String, LongAdder> entry : adders.entrySet()) {
      out.put(entry.getKey(), entry.getValue().sum());
    }
    return out;
  }

  public Snapshot snapshot() {
    Map<String, Long> letters = sums(deadLetters);
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
        latency,
        sendRetries.sum(),
        journalBytes.getAsLong(),
        journalDepth.getAsLong(),
        ackedSeq.getAsLong(),
        lostJournalFullFrames.sum(),
        lostJournalFullTrades.sum(),
        lostJournalErrorFrames.sum());
  }

  /**
   * Counters at one moment.
   *
   * @param trades valid trades received and journaled
   * @param acked trades Kafka acknowledged (each once, also after a resend)
   * @param sendFailures send attempts that failed; each record is resent from the journal, so this
   *     is not a loss
   * @param deadLettersByReason dead letters Kafka acknowledged, one per bad frame, by category
   * @param sendLatencyMicros receipt-to-broker-ack latency of acknowledged trades, µs (a copy; a
   *     frame's trades count at the ack of its last record)
   * @param sendRetries times the sender went back to the journal after a failure
   * @param journalBytes disk the journal's segments take
   * @param journalDepth frames in the journal not yet acknowledged by Kafka
   * @param ackedSeq the acknowledged position: the highest frame all of whose records (and those of
   *     every frame before it) Kafka acknowledged, -1 for none
   * @param lostJournalFullFrames frames refused because the journal was full (lost)
   * @param lostJournalFullTrades the trades of those frames
   * @param lostJournalErrorFrames frames lost because the disk refused the write
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
      Histogram sendLatencyMicros,
      long sendRetries,
      long journalBytes,
      long journalDepth,
      long ackedSeq,
      long lostJournalFullFrames,
      long lostJournalFullTrades,
      long lostJournalErrorFrames) {

    /** Figures without a journal's (zero: nothing waiting, nothing lost, no retries). */
    public Snapshot(
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
      this(
          frames,
          trades,
          priceUpdates,
          pings,
          serverErrors,
          reconnects,
          acked,
          sendFailures,
          deadLettersByReason,
          sendLatencyMicros,
          0,
          0,
          0,
          -1,
          0,
          0,
          0);
    }

    public long deadLetters() {
      long total = 0;
      for (long count : deadLettersByReason.values()) {
        total += count;
      }
      return total;
    }

    /** Frames lost for good (journal full or a disk error): never silent, counted here. */
    public long lostFrames() {
      return lostJournalFullFrames + lostJournalErrorFrames;
    }

    /** One line for progress logs. */
    public String line() {
      return String.format(
          "frames=%d trades=%d (price updates %d) acked=%d failed=%d dlq=%d%s pings=%d"
              + " reconnects=%d latency p50=%dus p99=%dus max=%dus journal=%dB depth=%d"
              + " acked_seq=%d retries=%d lost=%d%s",
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
          sendLatencyMicros.getMaxValue(),
          journalBytes,
          journalDepth,
          ackedSeq,
          sendRetries,
          lostFrames(),
          lostFrames() == 0
              ? ""
              : String.format(
                  " (journal full %d frames / %d trades, disk errors %d frames)",
                  lostJournalFullFrames, lostJournalFullTrades, lostJournalErrorFrames));
    }
  }
}
