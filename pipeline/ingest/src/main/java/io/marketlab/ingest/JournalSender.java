package io.marketlab.ingest;

import io.marketlab.ingest.journal.Journal;
import io.marketlab.ingest.journal.JournalEntry;
import io.marketlab.ingest.journal.JournalPosition;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the journal to Kafka on its own thread, in journal order: reads an entry once it is on
 * disk, turns a frame into records ({@link TradeProducer}) and a gap into its record on the gaps
 * topic ({@link GapRecords}), sends them with an idempotent producer and tracks the
 * acknowledgements ({@link AckTracker}); every {@code positionInterval} it records the acknowledged
 * position in the journal, which deletes the segments wholly below it.
 *
 * <p>A send that fails (a delivery timeout, a broker gone for any length, a full buffer) is never a
 * loss: the sender closes the producer, waits (backoff), reads back what Kafka holds of this ingest
 * since the recorded position ({@link KafkaScan}), creates a new producer and resends from the
 * journal what is not there. The same scan runs at start, so a restart on the same journal resends
 * what the last run sent without a recorded acknowledgement, with the same identities, never twice.
 */
final class JournalSender implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JournalSender.class);

  /** Frames in flight at most: bounds the tracker's memory while Kafka is slow or away. */
  static final int MAX_IN_FLIGHT_FRAMES = 50_000;

  /**
   * @param positionInterval how often the acknowledged position is written (default 200 ms)
   * @param backoff the wait between retries after a failure
   * @param closeTimeout how long closing a failed producer may wait for its in-flight requests
   * @param scanTimeout how long the read-back may wait for Kafka without progress
   */
  record Settings(
      Duration positionInterval,
      BackoffPolicy backoff,
      Duration closeTimeout,
      Duration scanTimeout) {
    static Settings defaults() {
      return new Settings(
          Duration.ofMillis(200),
          new BackoffPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30));
    }
  }

  private final Journal journal;
  private final TradeProducer encoder;
  private final Supplier<Producer<byte[], byte[]>> producers;
  private final Supplier<Consumer<byte[], byte[]>> consumers;
  private final IngestMetrics metrics;
  private final MicrosClock clock;
  private final Settings settings;
  private final AckTracker tracker;
  private final boolean journalWasNew;
  private final Thread thread;
  private final Random random = new Random();
  private final String origin;
  private final String gapTopic;

  /**
   * Journal bytes of the frames acknowledged since the start (written under the tracker's lock).
   */
  private volatile long ackedJournalBytes;

  private volatile boolean stopping;
  private volatile int failedAttempts;
  private Producer<byte[], byte[]> producer;
  private Journal.Reader reader;
  private KafkaScan.Result found;
  private JournalPosition written;
  private long lastWriteNanos;

  JournalSender(
      Journal journal,
      TradeProducer encoder,
      Supplier<Producer<byte[], byte[]>> producers,
      Supplier<Consumer<byte[], byte[]>> consumers,
      IngestMetrics metrics,
      MicrosClock clock,
      Settings settings) {
    this.journal = journal;
    this.encoder = encoder;
    this.producers = producers;
    this.consumers = consumers;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
    this.journalWasNew = journal.isNew();
    this.written = journal.openedAt();
    this.tracker = new AckTracker(journal.openedAt(), journal.lastSeq(), this::completed);
    this.origin = "[sender|" + encoder.ingestId() + "]";
    this.gapTopic = io.marketlab.model.GapSchema.topicFor(encoder.config().topic());
    this.thread = new Thread(this::run, "ingest-sender");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** The highest frame all of whose records Kafka acknowledged, -1 when none. */
  long ackedSeq() {
    return tracker.ackedSeq();
  }

  /** Frames in the journal that Kafka has not acknowledged yet. */
  long depth() {
    return Math.max(0, journal.lastSeq() - tracker.ackedSeq());
  }

  /** Journal bytes (entry headers included) of the frames Kafka has not acknowledged yet. */
  long pendingBytes() {
    return Math.max(0, journal.bytesAfterOpenedPosition() - ackedJournalBytes);
  }

  private void completed(AckTracker.Pending frame) {
    failedAttempts = 0;
    ackedJournalBytes += frame.journalBytes;
    if (frame.trades > 0) {
      metrics.acked(frame.trades, clock.nowMicros() - frame.receivedAtMicros);
    }
    if (frame.deadLetterCategory != null) {
      metrics.deadLetter(frame.deadLetterCategory);
    }
    if (frame.gapCategory != null) {
      metrics.gapAcked(frame.gapCategory);
    }
  }

  private void run() {
    while (!stopping) {
      try {
        if (producer == null) {
          connect();
        }
        writePositionIfDue(false);
        String failure = tracker.failure();
        if (failure != null) {
          retryAfter(failure);
          continue;
        }
        tracker.awaitRoom(MAX_IN_FLIGHT_FRAMES, 100);
        if (tracker.inFlight() >= MAX_IN_FLIGHT_FRAMES) {
          continue;
        }
        JournalEntry entry = reader.next(100);
        if (entry != null) {
          send(entry, reader.lastEntryBytes());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (stopping || e instanceof org.apache.kafka.common.errors.InterruptException) {
          // closing: what is not acknowledged stays in the journal for the next run
          return;
        }
        // Kafka unreachable while scanning, a producer that cannot be created, a journal error.
        retryAfter(e.toString());
      }
    }
  }

  /** Reads back what Kafka holds since the position, then starts a new producer generation. */
  private void connect() {
    KafkaScan.Result scan;
    try (Consumer<byte[], byte[]> consumer = consumers.get()) {
      scan =
          new KafkaScan(
                  consumer,
                  encoder.ingestId(),
                  encoder.config().topic(),
                  encoder.config().dlqTopic(),
                  settings.scanTimeout())
              .scan(tracker.scanFrom(), journalWasNew && journal.openedAt().ackedSeq() < 0);
    }
    long acked = tracker.ackedSeq();
    tracker.resume(scan.startedAt(), scan.endedAt(), scan.highestSeq());
    found = scan.highestSeq() > acked ? scan : null;
    if (scan.highestSeq() > journal.lastSeq()) {
      // Frames are sent only once on disk, so this means the journal lost files it had.
      LOG.error(
          "{} Kafka holds frame seq {} of this ingest, beyond the journal's last frame {}: the"
              + " journal directory lost data it had written",
          origin,
          scan.highestSeq(),
          journal.lastSeq());
    }
    if (scan.recordsRead() > 0 || acked < journal.lastSeq()) {
      LOG.info(
          "{} resending from frame seq {}: read back {} records of {} partitions, {} of this"
              + " ingest's trades and {} dead letters after the acknowledged position already in"
              + " Kafka",
          origin,
          acked + 1,
          scan.recordsRead(),
          scan.startedAt().size(),
          scan.tradeIds().size(),
          scan.deadLetterSeqs().size());
    }
    producer = producers.get();
    if (reader != null) {
      reader.close();
    }
    reader = journal.reader(acked + 1);
  }

  private void send(JournalEntry entry, long journalBytes) {
    KafkaScan.Result known = found;
    if (known != null && entry.seq() > known.highestSeq()) {
      found = null; // past everything Kafka held
      known = null;
    }
    if (entry.isGap()) {
      sendGap(entry, known, journalBytes);
      return;
    }
    FrameRecords records = encoder.records(entry);
    List<ProducerRecord<byte[], byte[]>> trades = records.trades();
    boolean[] skip = new boolean[trades.size()];
    int toSend = 0;
    for (int i = 0; i < trades.size(); i++) {
      skip[i] = known != null && known.holdsTrade(entry.seq(), records.tradeIndexes().get(i));
      toSend += skip[i] ? 0 : 1;
    }
    boolean sendLetter =
        records.deadLetter() != null && (known == null || !known.holdsDeadLetter(entry.seq()));
    toSend += sendLetter ? 1 : 0;
    AckTracker.Pending frame =
        tracker.begin(
            entry.seq(),
            toSend,
            entry.receivedAtMicros(),
            trades.size(),
            records.deadLetterCategory(),
            journalBytes,
            null);
    try {
      for (int i = 0; i < trades.size(); i++) {
        if (!skip[i]) {
          send(frame, trades.get(i));
        }
      }
      if (sendLetter) {
        send(frame, records.deadLetter());
      }
    } catch (RuntimeException e) {
      // KafkaException from send(): a full buffer for max.block.ms, a closed producer, ...
      metrics.sendFailure();
      tracker.failedToSend("send of frame seq " + entry.seq() + " failed: " + e);
    }
  }

  /** A gap entry: its one record on the gaps topic, unless Kafka holds it already. */
  private void sendGap(JournalEntry entry, KafkaScan.Result known, long journalBytes) {
    ProducerRecord<byte[], byte[]> record;
    try {
      record = GapRecords.record(gapTopic, encoder.ingestId(), entry);
    } catch (IllegalStateException e) {
      // Not retried: the same bytes would fail again and hold up everything after them.
      LOG.error("{} {}; that gap is LOST (counted in lostGaps)", origin, e.getMessage());
      metrics.lostGap();
      tracker.begin(entry.seq(), 0, entry.receivedAtMicros(), 0, null, journalBytes, null);
      return;
    }
    boolean held = known != null && known.holdsGap(entry.seq());
    AckTracker.Pending pending =
        tracker.begin(
            entry.seq(),
            held ? 0 : 1,
            entry.receivedAtMicros(),
            0,
            null,
            journalBytes,
            GapRecords.category(record));
    if (held) {
      return;
    }
    try {
      send(pending, record);
    } catch (RuntimeException e) {
      metrics.sendFailure();
      tracker.failedToSend("send of gap seq " + entry.seq() + " failed: " + e);
    }
  }

  private void send(AckTracker.Pending frame, ProducerRecord<byte[], byte[]> record) {
    producer.send(
        record,
        (metadata, error) -> {
          if (error != null) {
            metrics.sendFailure();
            tracker.failed(
                frame,
                "send to " + record.topic() + " failed for frame seq " + frame.seq + ": " + error);
          } else {
            tracker.acked(
                frame,
                new TopicPartition(metadata.topic(), metadata.partition()),
                metadata.offset());
          }
        });
  }

  /**
   * A failure: closes the producer (its outstanding records fail, to be resent), waits, and leaves
   * the next loop to scan Kafka and start a new generation.
   */
  private void retryAfter(String failure) {
    metrics.sendRetry();
    int attempt = failedAttempts;
    failedAttempts = attempt + 1;
    Duration delay = settings.backoff().delay(attempt, random);
    LOG.warn(
        "{} {}; resending from the journal after frame seq {} ({} frames not yet acknowledged,"
            + " journal {} bytes) in {} ms",
        origin,
        failure,
        tracker.ackedSeq(),
        depth(),
        journal.bytes(),
        delay.toMillis());
    closeProducer();
    writePositionIfDue(true);
    sleep(delay);
  }

  private void closeProducer() {
    Producer<byte[], byte[]> old = producer;
    producer = null;
    if (old != null) {
      try {
        // Waits for requests in flight, so none of them lands after the scan that follows.
        old.close(settings.closeTimeout());
      } catch (RuntimeException e) {
        LOG.debug("{} closing the failed producer: {}", origin, e.toString());
      }
    }
  }

  private void writePositionIfDue(boolean now) {
    long nanos = System.nanoTime();
    if (!now && nanos - lastWriteNanos < settings.positionInterval().toNanos()) {
      return;
    }
    lastWriteNanos = nanos;
    JournalPosition position = tracker.position();
    if (!position.equals(written)) {
      journal.acknowledge(position);
      written = position;
    }
  }

  private void sleep(Duration delay) {
    long until = System.nanoTime() + delay.toNanos();
    while (!stopping && System.nanoTime() < until) {
      try {
        Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Sends what the journal holds until it is all acknowledged or {@code drainTimeout} passed (what
   * is left stays in the journal for the next run), then stops and records the position.
   */
  void close(Duration drainTimeout) {
    long deadline = System.nanoTime() + drainTimeout.toNanos();
    while (thread.isAlive() && depth() > 0 && System.nanoTime() < deadline) {
      sleepQuietly();
    }
    stopping = true;
    try {
      thread.join(settings.closeTimeout().toMillis() + 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
    // No flush: with Kafka away it would wait for the delivery timeout; what is not acknowledged
    // stays in the journal.
    closeProducer();
    if (reader != null) {
      reader.close();
    }
    writePositionIfDue(true);
    if (depth() > 0) {
      LOG.warn(
          "{} stopped with {} frames not acknowledged by Kafka; they stay in the journal and are"
              + " sent by the next run on it",
          origin,
          depth());
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
